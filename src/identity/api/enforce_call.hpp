#pragma once
// Keystone's RBACEnforcer.enforce_call and request-body handling, for the
// handlers that need them exactly: the policy dict carries the URL's view
// args at the top level (so "user_id:%(user_id)s" sees the path's user_id)
// and the target under "target"; an entity body is the object under its key,
// validated on its own (keystone validation.lazy_validate).
#include <boost/json/object.hpp>
#include <string_view>

#include "common/http/message.hpp"
#include "common/json/schema.hpp"

namespace onestack::identity {
class Identity;
}

namespace onestack::identity::api {

// Throws 403 "You are not authorized to perform the requested action: RULE."
void enforce_call(Identity& identity, const onestack::http::Request& req, std::string_view rule,
                  const boost::json::object& target = {});

// The raw value under `key` ({} when the body is not a JSON object or lacks
// it), as Keystone reads request_body_json.get(key, {}) — before validation,
// for policy targets such as create_user's.
boost::json::value raw_entity(const onestack::http::Request& req, std::string_view key);

// The entity under `key`, validated; Keystone's 400 otherwise.
boost::json::object entity_body(const onestack::http::Request& req, std::string_view key,
                                const onestack::json::Schema& schema);

}  // namespace onestack::identity::api
