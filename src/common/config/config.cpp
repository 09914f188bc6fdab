#include "common/config/config.hpp"

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/config/ini_parser.hpp"
#include "common/config/option_value.hpp"
#include "common/config/substitution.hpp"

namespace onestack::config {

namespace {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Hash maps that can be searched with a string_view, so a get allocates nothing.
template <class Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

struct RawValue {
    std::string value;
    std::string origin;  // "file:line" or "set()", for error messages
};
// Ordered so that sections() and keys() come out sorted.
using RawSection = std::map<std::string, RawValue, std::less<>>;
using RawValues = std::map<std::string, RawSection, std::less<>>;

struct ResolvedOption {
    Type type;
    TypedValue value;
};
using TypedValues = StringMap<StringMap<ResolvedOption>>;

// Section names are compared case-insensitively (except DEFAULT); most callers already pass
// the normal form, so only copy when they do not.
template <class Use>
auto with_normal_section(std::string_view section, Use&& use) {
    const bool normal =
        section == "DEFAULT" ||
        std::none_of(section.begin(), section.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (normal) {
        return use(section);
    }
    const std::string normalized = normalize_section(section);
    return use(std::string_view(normalized));
}

std::string describe(std::string_view section, std::string_view name) {
    return fmt::format("[{}] {}", section, name);
}

// Computes registered options' typed values from the raw values: each option's text (the
// last assignment, else its default) with $references replaced, then parsed and checked.
class Resolver {
  public:
    Resolver(const Registry& registry, const RawValues& raw) : registry_(registry), raw_(raw) {}

    TypedValue typed(const OptionDef& def) {
        std::string text = substituted_text(def);
        try {
            return parse_value(def, std::move(text));
        } catch (const std::invalid_argument& e) {
            throw ConfigError(fmt::format("{}: {}: {}", source(def).origin,
                                          describe(def.section, def.name), e.what()));
        }
    }

  private:
    struct Source {
        std::string_view value;
        std::string origin;
    };

    Source source(const OptionDef& def) const {
        if (auto section = raw_.find(def.section); section != raw_.end()) {
            if (auto entry = section->second.find(def.name); entry != section->second.end()) {
                return {entry->second.value, entry->second.origin};
            }
        }
        return {def.default_value, "default value"};
    }

    const std::string& substituted_text(const OptionDef& def) {
        if (auto done = resolved_.find(&def); done != resolved_.end()) {
            return done->second;
        }
        const Source from = source(def);
        if (!in_progress_.insert(&def).second) {
            throw ConfigError(fmt::format("{}: {}: substitution refers back to itself", from.origin,
                                          describe(def.section, def.name)));
        }
        std::string text = substitute(from.value, [&](std::string_view reference) {
            return reference_value(def, reference);
        });
        in_progress_.erase(&def);
        return resolved_.emplace(&def, std::move(text)).first->second;
    }

    // oslo's lookup: "section.name", else the option in the same section, else in DEFAULT.
    std::optional<std::string> reference_value(const OptionDef& from, std::string_view ref) {
        const OptionDef* target = nullptr;
        if (const std::size_t dot = ref.find('.'); dot != std::string_view::npos) {
            target = registry_.find(ref.substr(0, dot), ref.substr(dot + 1));
        } else {
            target = registry_.find(from.section, ref);
            if (target == nullptr) {
                target = registry_.find("DEFAULT", ref);
            }
        }
        if (target == nullptr) {
            return std::nullopt;
        }
        return substituted_text(*target);
    }

    const Registry& registry_;
    const RawValues& raw_;
    std::unordered_map<const OptionDef*, std::string> resolved_;
    std::set<const OptionDef*> in_progress_;
};

TypedValues resolve_all(const Registry& registry, const RawValues& raw) {
    Resolver resolver(registry, raw);
    TypedValues typed;
    for (const auto& def : registry.all()) {
        typed[def.section].insert_or_assign(def.name,
                                            ResolvedOption{def.type, resolver.typed(def)});
    }
    return typed;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ConfigError(fmt::format("{}: cannot open configuration file", path));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        throw ConfigError(fmt::format("{}: cannot read configuration file", path));
    }
    return std::move(text).str();
}

const char* type_label(Type type) {
    switch (type) {
        case Type::String:
            return "String";
        case Type::Int:
            return "Int";
        case Type::Bool:
            return "Bool";
        case Type::Float:
            return "Float";
        case Type::List:
            return "List";
        case Type::Secret:
            return "Secret";
    }
    return "?";
}

}  // namespace

struct Config::State {
    RawValues raw;
    TypedValues typed;
};

struct Config::Assignment {
    std::string section;  // normalized
    std::string key;
    std::string value;
    std::string origin;
};

Config::Config(const Registry& registry) : registry_(registry) {
    auto initial = std::make_shared<State>();
    initial->typed = resolve_all(registry_, initial->raw);
    state_ = std::move(initial);
}

Config::~Config() = default;

void Config::load_file(const std::string& path) {
    load_string(read_file(path), path);
}

void Config::load_string(std::string_view ini_text, std::string_view origin) {
    IniDocument doc = parse_ini(ini_text, origin);
    std::vector<Assignment> assignments;
    // A header alone still makes the section exist (sections() lists it).
    for (const auto& section : doc.sections) {
        assignments.push_back(Assignment{normalize_section(section), {}, {}, {}});
    }
    for (auto& entry : doc.entries) {
        assignments.push_back(Assignment{normalize_section(entry.section), std::move(entry.key),
                                         std::move(entry.value),
                                         fmt::format("{}:{}", origin, entry.line)});
    }
    apply(assignments);
    // Unknown keys may belong to a dynamic section, or be a typo the operator should see.
    for (const auto& a : assignments) {
        if (!a.key.empty() && registry_.find(a.section, a.key) == nullptr) {
            spdlog::warn("{}: unknown option {} (kept, not validated)", a.origin,
                         describe(a.section, a.key));
        }
    }
}

void Config::set(std::string_view section, std::string_view name, std::string value) {
    apply({Assignment{normalize_section(section), std::string(name), std::move(value), "set()"}});
}

void Config::apply(const std::vector<Assignment>& assignments) {
    std::lock_guard writer(write_mutex_);
    auto next = std::make_shared<State>();
    {
        std::shared_lock reader(state_mutex_);
        next->raw = state_->raw;
    }
    for (const auto& a : assignments) {
        RawSection& section = next->raw[a.section];
        if (!a.key.empty()) {
            section.insert_or_assign(a.key, RawValue{a.value, a.origin});  // last one wins
        }
    }
    // Everything is checked before anything is published: a bad file changes nothing.
    next->typed = resolve_all(registry_, next->raw);
    std::unique_lock publish(state_mutex_);
    state_ = std::move(next);
}

template <class Result, class Use>
Result Config::read_typed(std::string_view section, std::string_view name, Use&& use) const {
    return with_normal_section(section, [&](std::string_view normal) -> Result {
        std::shared_lock reader(state_mutex_);
        if (auto s = state_->typed.find(normal); s != state_->typed.end()) {
            if (auto option = s->second.find(name); option != s->second.end()) {
                return use(option->second.type, option->second.value);
            }
        }
        // Registered after this Config was last loaded: resolve it now, without caching.
        if (const OptionDef* def = registry_.find(normal, name)) {
            const TypedValue value = Resolver(registry_, state_->raw).typed(*def);
            return use(def->type, value);
        }
        throw std::logic_error(
            fmt::format("option {} is read but was never registered", describe(normal, name)));
    });
}

namespace {

void require_type(Type actual, bool accepted, std::string_view section, std::string_view name,
                  const char* getter) {
    if (!accepted) {
        throw std::logic_error(fmt::format("option {} is a {} option, not readable with {}",
                                           describe(section, name), type_label(actual), getter));
    }
}

void require_value(const TypedValue& value, std::string_view section, std::string_view name) {
    if (!value.has_value) {
        throw ConfigError(fmt::format("option {} has no value", describe(section, name)));
    }
}

}  // namespace

std::string Config::get_string(std::string_view section, std::string_view name) const {
    return read_typed<std::string>(section, name, [](Type, const TypedValue& v) { return v.text; });
}

std::int64_t Config::get_int(std::string_view section, std::string_view name) const {
    return read_typed<std::int64_t>(section, name, [&](Type type, const TypedValue& v) {
        require_type(type, type == Type::Int, section, name, "get_int");
        require_value(v, section, name);
        return v.int_value;
    });
}

bool Config::get_bool(std::string_view section, std::string_view name) const {
    return read_typed<bool>(section, name, [&](Type type, const TypedValue& v) {
        require_type(type, type == Type::Bool, section, name, "get_bool");
        require_value(v, section, name);
        return v.bool_value;
    });
}

double Config::get_float(std::string_view section, std::string_view name) const {
    return read_typed<double>(section, name, [&](Type type, const TypedValue& v) {
        require_type(type, type == Type::Float || type == Type::Int, section, name, "get_float");
        require_value(v, section, name);
        return v.float_value;
    });
}

std::vector<std::string> Config::get_list(std::string_view section, std::string_view name) const {
    return read_typed<std::vector<std::string>>(section, name, [&](Type type, const TypedValue& v) {
        require_type(type, type == Type::List, section, name, "get_list");
        return v.list_value;
    });
}

bool Config::has_value(std::string_view section, std::string_view name) const {
    return read_typed<bool>(section, name, [](Type, const TypedValue& v) { return v.has_value; });
}

std::optional<std::string> Config::raw(std::string_view section, std::string_view name) const {
    return with_normal_section(section, [&](std::string_view normal) -> std::optional<std::string> {
        {
            std::shared_lock reader(state_mutex_);
            if (auto s = state_->raw.find(normal); s != state_->raw.end()) {
                if (auto entry = s->second.find(name); entry != s->second.end()) {
                    return entry->second.value;
                }
            }
        }
        if (const OptionDef* def = registry_.find(normal, name)) {
            return def->default_value;
        }
        return std::nullopt;
    });
}

std::vector<std::string> Config::sections() const {
    std::shared_lock reader(state_mutex_);
    std::vector<std::string> names;
    names.reserve(state_->raw.size());
    for (const auto& [name, section] : state_->raw) {
        names.push_back(name);
    }
    return names;
}

std::vector<std::string> Config::keys(std::string_view section) const {
    return with_normal_section(section, [&](std::string_view normal) {
        std::shared_lock reader(state_mutex_);
        std::vector<std::string> names;
        if (auto s = state_->raw.find(normal); s != state_->raw.end()) {
            for (const auto& [key, value] : s->second) {
                names.push_back(key);
            }
        }
        return names;
    });
}

void Config::log_values() const {
    std::vector<const OptionDef*> defs;
    for (const auto& def : registry_.all()) {
        defs.push_back(&def);
    }
    std::sort(defs.begin(), defs.end(), [](const OptionDef* a, const OptionDef* b) {
        return std::tie(a->section, a->name) < std::tie(b->section, b->name);
    });
    for (const OptionDef* def : defs) {
        const std::string shown =
            def->type == Type::Secret ? "****" : get_string(def->section, def->name);
        spdlog::info("config {} = {}", describe(def->section, def->name), shown);
    }
}

}  // namespace onestack::config
