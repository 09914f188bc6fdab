#include "common/policy/scope.hpp"

namespace onestack::policy {

namespace {

constexpr std::uint8_t system_bit = 1;
constexpr std::uint8_t domain_bit = 2;
constexpr std::uint8_t project_bit = 4;

// Python truthiness of a credential value.
bool truthy(const boost::json::object& credentials, std::string_view key) {
    const boost::json::value* value = credentials.if_contains(key);
    if (value == nullptr) {
        return false;
    }
    switch (value->kind()) {
        case boost::json::kind::null:
            return false;
        case boost::json::kind::bool_:
            return value->get_bool();
        case boost::json::kind::int64:
            return value->get_int64() != 0;
        case boost::json::kind::uint64:
            return value->get_uint64() != 0;
        case boost::json::kind::double_:
            return value->get_double() != 0;
        case boost::json::kind::string:
            return !value->get_string().empty();
        case boost::json::kind::array:
            return !value->get_array().empty();
        case boost::json::kind::object:
            return !value->get_object().empty();
    }
    return false;
}

}  // namespace

ScopeTypes scope_types_from(const std::vector<std::string>& names) {
    ScopeTypes scopes;
    scopes.declared = !names.empty();
    for (const std::string& name : names) {
        if (name == "system") {
            scopes.allowed |= system_bit;
        } else if (name == "domain") {
            scopes.allowed |= domain_bit;
        } else if (name == "project") {
            scopes.allowed |= project_bit;
        }
    }
    return scopes;
}

bool scope_allows(ScopeTypes scopes, const boost::json::object& credentials) {
    if (!scopes.declared) {
        return true;
    }
    std::uint8_t token_scope = project_bit;
    if (truthy(credentials, "system") || truthy(credentials, "system_scope")) {
        token_scope = system_bit;
    } else if (truthy(credentials, "domain_id")) {
        token_scope = domain_bit;
    }
    return (scopes.allowed & token_scope) != 0;
}

}  // namespace onestack::policy
