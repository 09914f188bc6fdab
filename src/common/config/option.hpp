#pragma once
// Option definitions: what a service declares about each setting it reads
// (section, name, type, default, help, constraints), as oslo.config's Opt does.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace onestack::config {

enum class Type {
    String,
    Int,
    Bool,
    Float,
    List,   // comma-separated strings
    Secret  // a string that is never printed (logs, samples)
};

// Every member has an initializer so that designated initializers may leave any out
// without tripping -Wmissing-field-initializers.
struct OptionDef {
    std::string section{};  // "DEFAULT", "database", "token", ...
    std::string name{};
    Type type = Type::String;
    std::string default_value{};  // as it would be written in the file; "" means unset/empty
    std::string help{};
    std::vector<std::string> choices{};  // optional: allowed values
    std::optional<double> min{}, max{};  // optional bounds for Int/Float

    bool operator==(const OptionDef&) const = default;
};

// A bad configuration file or value: the operator's fault, reported with file:line.
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Name used in samples and messages ("string value", "integer value", ...), as oslo prints it.
std::string_view type_name(Type type);

}  // namespace onestack::config
