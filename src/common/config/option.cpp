#include "common/config/option.hpp"

namespace onestack::config {

std::string_view type_name(Type type) {
    switch (type) {
        case Type::String:
        case Type::Secret:  // oslo describes a secret StrOpt as a string too
            return "string value";
        case Type::Int:
            return "integer value";
        case Type::Bool:
            return "boolean value";
        case Type::Float:
            return "floating point value";
        case Type::List:
            return "list value";
    }
    return "unknown value";
}

}  // namespace onestack::config
