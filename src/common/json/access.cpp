#include "common/json/access.hpp"

#include <boost/json.hpp>
#include <cmath>

namespace onestack::json {

std::optional<std::string> get_string(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_string()) {
        return std::nullopt;
    }
    return std::string(v->get_string());
}

std::optional<std::int64_t> get_int(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v) {
        return std::nullopt;
    }
    if (v->is_int64()) {
        return v->get_int64();
    }
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        return static_cast<std::int64_t>(v->get_uint64());
    }
    if (v->is_double()) {
        double d = v->get_double();
        // 2^63 is the first double past INT64_MAX.
        if (std::trunc(d) == d && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
            return static_cast<std::int64_t>(d);
        }
    }
    return std::nullopt;
}

std::optional<bool> get_bool(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_bool()) {
        return std::nullopt;
    }
    return v->get_bool();
}

const boost::json::object* get_object(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v ? v->if_object() : nullptr;
}

const boost::json::array* get_array(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v ? v->if_array() : nullptr;
}

}  // namespace onestack::json
