#include "common/config/registry.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <fmt/format.h>

#include "common/config/option_value.hpp"

namespace onestack::config {

namespace {

std::string index_key(std::string_view section, std::string_view name) {
    std::string key = normalize_section(section);
    key += '\x1f';
    key += name;
    return key;
}

bool is_numeric(Type type) {
    return type == Type::Int || type == Type::Float;
}

// Definitions are code, so a bad one is a programming error found at startup.
void check_definition(const OptionDef& def) {
    const std::string where = fmt::format("option [{}] {}", def.section, def.name);
    if (def.section.empty() || def.name.empty()) {
        throw std::logic_error(where + ": section and name must not be empty");
    }
    if ((def.min || def.max) && !is_numeric(def.type)) {
        throw std::logic_error(where + ": min/max only apply to Int and Float options");
    }
    if (def.min && def.max && *def.max < *def.min) {
        throw std::logic_error(where + ": max is less than min");
    }
    try {
        for (const auto& choice : def.choices) {
            parse_value(def, choice);
        }
        // A default naming another option ($state_path/...) can only be checked once values
        // are known; Config does that.
        if (def.default_value.find('$') == std::string::npos) {
            parse_value(def, def.default_value);
        }
    } catch (const std::invalid_argument& e) {
        throw std::logic_error(where + ": " + e.what());
    }
}

}  // namespace

std::string normalize_section(std::string_view section) {
    std::string out(section);
    if (out != "DEFAULT") {
        std::transform(out.begin(), out.end(), out.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    }
    return out;
}

void Registry::add(OptionDef def) {
    def.section = normalize_section(def.section);
    check_definition(def);
    std::string key = index_key(def.section, def.name);
    if (auto it = index_.find(key); it != index_.end()) {
        if (defs_[it->second] == def) {
            return;  // the same library registered twice: harmless
        }
        throw std::logic_error(fmt::format(
            "option [{}] {} registered twice with different definitions", def.section, def.name));
    }
    index_.emplace(std::move(key), defs_.size());
    defs_.push_back(std::move(def));
}

void Registry::add(std::vector<OptionDef> defs) {
    for (auto& def : defs) {
        add(std::move(def));
    }
}

const OptionDef* Registry::find(std::string_view section, std::string_view name) const {
    auto it = index_.find(index_key(section, name));
    return it == index_.end() ? nullptr : &defs_[it->second];
}

}  // namespace onestack::config
