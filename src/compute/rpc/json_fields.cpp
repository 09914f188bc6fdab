#include "compute/rpc/json_fields.hpp"

namespace onestack::compute::rpc {

std::string str_field(const boost::json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

const boost::json::object& obj_field(const boost::json::object& o, const char* key) {
    static const boost::json::object empty;
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_object() ? v->get_object() : empty;
}

std::vector<std::string> strings_field(const boost::json::object& o, const char* key) {
    std::vector<std::string> out;
    const auto* v = o.if_contains(key);
    if (v != nullptr && v->is_array()) {
        for (const auto& s : v->get_array()) {
            if (s.is_string()) {
                out.emplace_back(s.get_string());
            }
        }
    }
    return out;
}

}  // namespace onestack::compute::rpc
