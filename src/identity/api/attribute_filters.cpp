#include "identity/api/attribute_filters.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace onestack::identity::api {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return s;
}

bool exact_match(const boost::json::value& attr, const std::string& value) {
    if (attr.is_bool()) {
        return attr.as_bool() == attr_as_boolean(value);
    }
    return attr.is_string() && attr.as_string() == value;
}

bool inexact_match(const boost::json::object& entity, const AttributeFilter& f) {
    auto it = entity.find(f.name);
    if (it == entity.end()) {
        return false;
    }
    bool known =
        f.comparator == "contains" || f.comparator == "startswith" || f.comparator == "endswith";
    if (!known) {
        return true;  // Keystone silently ignores comparators it does not support
    }
    if (!it->value().is_string()) {
        return false;
    }
    std::string target(it->value().as_string());
    std::string value = f.value;
    if (!f.case_sensitive) {
        target = lower(target);
        value = lower(value);
    }
    if (f.comparator == "contains") {
        return target.find(value) != std::string::npos;
    }
    if (f.comparator == "startswith") {
        return target.starts_with(value);
    }
    return target.ends_with(value);
}

}  // namespace

std::vector<AttributeFilter> attribute_filters(const onestack::http::QueryParams& query,
                                               std::initializer_list<std::string_view> supported) {
    std::vector<AttributeFilter> out;
    for (const auto& [key, value] : query.items()) {
        if (std::find(supported.begin(), supported.end(), key) != supported.end()) {
            out.push_back({key, value});
            continue;
        }
        for (auto name : supported) {
            std::string prefix = std::string(name) + "__";
            if (!key.starts_with(prefix)) {
                continue;
            }
            // As Keystone splits it: "name__x__y" is comparator "x__y".
            auto base_end = key.find("__");
            AttributeFilter f{key.substr(0, base_end), value, key.substr(base_end + 2)};
            if (f.comparator.starts_with('i')) {
                f.case_sensitive = false;
                f.comparator.erase(0, 1);
            }
            out.push_back(std::move(f));
        }
    }
    return out;
}

bool attr_as_boolean(std::string_view value) {
    static constexpr std::array<std::string_view, 6> kFalse = {"0", "f", "false", "no", "n", "off"};
    auto v = lower(trim(value));
    return std::find(kFalse.begin(), kFalse.end(), v) == kFalse.end();
}

bool matches(const boost::json::object& entity, const AttributeFilter& filter) {
    if (filter.comparator == "equals") {
        auto it = entity.find(filter.name);
        return it != entity.end() && exact_match(it->value(), filter.value);
    }
    return inexact_match(entity, filter);
}

bool matches_all(const boost::json::object& entity, const std::vector<AttributeFilter>& filters) {
    return std::all_of(filters.begin(), filters.end(),
                       [&](const AttributeFilter& f) { return matches(entity, f); });
}

const std::string* exact_value(const std::vector<AttributeFilter>& filters, std::string_view name) {
    for (const auto& f : filters) {
        if (f.comparator == "equals" && f.name == name) {
            return &f.value;
        }
    }
    return nullptr;
}

}  // namespace onestack::identity::api
