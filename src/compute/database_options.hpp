#pragma once
// Compute's database, shared by its API, conductor, scheduler and agents:
// [compute_database] connection.
#include <string>

#include "common/config/config.hpp"

namespace onestack::compute {

void register_database_options(config::Registry& registry);
std::string database_url(const config::Config& conf);

}  // namespace onestack::compute
