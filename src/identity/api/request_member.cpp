#include "identity/api/request_member.hpp"

#include "common/api/fault.hpp"

namespace onestack::identity::api {

namespace json = boost::json;
using onestack::api::Fault;

json::object validated_member(const onestack::http::Request& req, std::string_view key,
                              const onestack::json::Schema& schema, const json::value& missing) {
    auto body = req.json();
    const json::value* member = nullptr;
    if (body.is_object()) {
        member = body.as_object().if_contains(key);
    }
    const json::value& instance = member ? *member : missing;
    if (auto err = schema.validate(instance)) {
        throw Fault::bad_request(onestack::json::keystone_message(*err));
    }
    return instance.is_object() ? instance.as_object() : json::object{};
}

json::object normalized_keys(const json::object& obj) {
    json::object out;
    for (const auto& [k, v] : obj) {
        std::string key(k);
        for (auto& ch : key) {
            if (ch == ':' || ch == '-') {
                ch = '_';
            }
        }
        out[key] = v;
    }
    return out;
}

void require_matching_id(const json::object& member, const std::string& url_id) {
    auto* id = member.if_contains("id");
    if (id && !id->is_null() && !(id->is_string() && id->as_string() == url_id)) {
        throw Fault::bad_request("Cannot change ID");
    }
}

bool absent_or_null(const json::object& obj, std::string_view key) {
    auto* v = obj.if_contains(key);
    return !v || v->is_null();
}

}  // namespace onestack::identity::api
