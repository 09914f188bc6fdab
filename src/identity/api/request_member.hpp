#pragma once
// How Keystone's catalog-style handlers read a body: take one member
// (`request_body_json.get("region")`), validate it with the resource's
// schema, and normalize attribute names (ResourceBase._normalize_dict).
#include <boost/json.hpp>
#include <string_view>

#include "common/http/message.hpp"
#include "common/json/schema.hpp"

namespace onestack::identity::api {

// The member under `key`, validated. A missing member is validated as
// `missing` (keystone: .get(key) gives None, .get(key, {}) gives {}), so it
// fails with the schema's own 400.
boost::json::object validated_member(const onestack::http::Request& req, std::string_view key,
                                     const onestack::json::Schema& schema,
                                     const boost::json::value& missing = nullptr);

// ':' and '-' in attribute names become '_'.
boost::json::object normalized_keys(const boost::json::object& obj);

// Keystone's _require_matching_id: a body "id" other than null must equal
// the one in the URL ("Cannot change ID").
void require_matching_id(const boost::json::object& member, const std::string& url_id);

// Keystone's `ref.get(key) is None`.
bool absent_or_null(const boost::json::object& obj, std::string_view key);

}  // namespace onestack::identity::api
