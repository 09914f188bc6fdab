#pragma once
// What every identity handler uses: policy checks with Keystone's 403,
// schema-validated bodies with Keystone's 400, links, filters, and the
// "Could not find X: id." faults.
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/api/fault.hpp"
#include "common/http/message.hpp"
#include "common/json/schema.hpp"

namespace onestack::identity {
class Identity;
}

namespace onestack::identity::api {

using onestack::api::Fault;
using onestack::http::Request;
using onestack::http::Response;

// Throws 403 "You are not authorized to perform the requested action: RULE."
// target is the object policy sees under "target" (e.g. {"user": {...}}).
void authorize(Identity& identity, const Request& req, std::string_view rule,
               const boost::json::object& target = {});
bool allowed(Identity& identity, const Request& req, std::string_view rule,
             const boost::json::object& target = {});

// The request body as an object, validated; 400 in Keystone's words otherwise.
boost::json::object validated_body(const Request& req, const onestack::json::Schema& schema);
// The object under `key` of a validated body ({"user": {...}} -> {...}).
boost::json::object member(const boost::json::object& body, std::string_view key);

std::string url(const Request& req, std::string_view path);
// {"self": <request url>, "previous": null, "next": null}
boost::json::object collection_links(const Request& req);
boost::json::object self_links(const Request& req, std::string_view path);

// Keystone reads boolean query filters leniently: "0", "false" (any case) are false.
std::optional<bool> query_bool(const Request& req, std::string_view name);
std::optional<std::string> query(const Request& req, std::string_view name);

Fault not_found(std::string_view kind, std::string_view id);  // "Could not find user: x."
Fault conflict(std::string_view kind, std::string_view details);
// Keystone's 400 for a semantic problem ("Invalid input for field ...").
Fault validation_error(std::string_view message);

Response json_response(unsigned status, boost::json::object body);
// Keystone's list body, 200 {"<key>": [view(req, item)...], "links": {...}}.
template <class Items, class View>
Response list_response(const Request& req, std::string_view key, const Items& items, View view) {
    boost::json::array list;
    for (const auto& item : items) {
        list.push_back(view(req, item));
    }
    return json_response(200, {{key, std::move(list)}, {"links", collection_links(req)}});
}
// Optional string field: value, or "" when absent or null.
std::string str_or_empty(const boost::json::object& obj, std::string_view key);
// Attributes not in `known` (Keystone keeps them in "extra").
boost::json::object extra_attributes(const boost::json::object& obj,
                                     std::initializer_list<std::string_view> known);

}  // namespace onestack::identity::api
