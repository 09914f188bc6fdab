#pragma once
// All option definitions of the binary; each service adds its own through
// register_options(Registry&) at startup, before any Config reads them.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/config/option.hpp"

namespace onestack::config {

class Registry {
  public:
    // Registering the same definition twice is harmless; a different definition under an
    // existing (section, name) is a bug and throws std::logic_error, as does a default or a
    // choice that is not valid for the option's own type.
    void add(OptionDef def);
    void add(std::vector<OptionDef> defs);

    const OptionDef* find(std::string_view section, std::string_view name) const;
    const std::vector<OptionDef>& all() const { return defs_; }

    // INI text like oslo-config-generator's: every section, each option commented out with
    // its help, type, bounds, choices and default. Sorted, so the same options always give
    // the same text whatever order they were registered in.
    std::string sample() const;

  private:
    std::vector<OptionDef> defs_;
    std::unordered_map<std::string, std::size_t> index_;  // "section\x1fname" -> defs_ index
};

// oslo's rule: section names are case-insensitive except the literal "DEFAULT".
std::string normalize_section(std::string_view section);

}  // namespace onestack::config
