#pragma once
// Helpers the project and domain handlers share: the member of a request
// body as keystone reads it, policy targets, and fields taken from bodies.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "common/http/message.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity::api {

// keystone's `self.request_body_json.get(key, {})`: the member as sent
// (any JSON type, for the schema to judge), {} when the body lacks it.
boost::json::value body_member(const onestack::http::Request& req, std::string_view key);

// The reference keystone hands policy as target.project / target.domain.
boost::json::object project_target(const Project& p);
boost::json::object domain_target(const Project& d);

// Fills the fields a create body sets, and the extra attributes (names
// normalized as _normalize_dict does, ':' and '-' becoming '_').
void apply_create_body(Project& p, const boost::json::object& body);

}  // namespace onestack::identity::api
