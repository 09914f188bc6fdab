#include "identity/users/user_attributes.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace onestack::identity::users {
namespace {

namespace json = boost::json;

// Attributes with a column of their own, or handled by the caller.
constexpr std::array<std::string_view, 9> kNotExtra = {
    "id",          "name",    "domain_id", "password", "enabled", "default_project_id",
    "description", "options", "federated"};

bool is_extra(std::string_view key) {
    // password_expires_at is read-only and derived: Keystone drops it.
    return key != "password_expires_at" &&
           std::find(kNotExtra.begin(), kNotExtra.end(), key) == kNotExtra.end();
}

std::string normalize_key(std::string_view key) {
    std::string out(key);
    std::replace(out.begin(), out.end(), ':', '_');
    std::replace(out.begin(), out.end(), '-', '_');
    return out;
}

std::string string_or_empty(const json::value& v) {
    return v.is_string() ? std::string(v.as_string()) : std::string();
}

void apply_attribute(User& u, std::string_view key, const json::value& v) {
    if (key == "name") {
        u.name = strip(string_or_empty(v));
    } else if (key == "enabled") {
        u.enabled = v.is_bool() ? v.as_bool() : u.enabled;
    } else if (key == "default_project_id") {
        u.default_project_id = string_or_empty(v);
    } else if (key == "description") {
        u.description = string_or_empty(v);
    } else if (key == "options" && v.is_object()) {
        merge_options(u.options, v.as_object());
    } else if (is_extra(key)) {
        u.extra[key] = v;
    }
}

}  // namespace

User user_from_create_body(const json::object& body) {
    User u;
    u.enabled = true;
    for (const auto& [key, value] : body) {
        apply_attribute(u, normalize_key(key), value);
    }
    return u;
}

void apply_user_update(User& user, const json::object& body) {
    for (const auto& [key, value] : body) {
        apply_attribute(user, key, value);
    }
}

void merge_options(json::object& options, const json::object& changes) {
    for (const auto& [name, value] : changes) {
        if (value.is_null()) {
            options.erase(name);
        } else {
            options[name] = value;
        }
    }
}

std::string strip(std::string_view s) {
    auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!s.empty() && space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && space(s.back())) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

}  // namespace onestack::identity::users
