#pragma once
// OS-TRUST trusts as Keystone renders them: extra attributes at the top
// level, expires_at in whole seconds ("...T10:00:00.000000Z"), and for a
// single trust its delegated roles with a roles_links block.
#include <boost/json/object.hpp>
#include <optional>
#include <vector>

#include "common/http/message.hpp"
#include "identity/db/records.hpp"
#include "identity/db/trust_store.hpp"

namespace onestack::identity::api {

// The stored fields and the self link, as in a list.
boost::json::object trust_summary_view(const onestack::http::Request& req, const Trust& t);
// With "roles" (each a role view, links included) and "roles_links".
boost::json::object trust_view(const onestack::http::Request& req, const Trust& t,
                               const std::vector<Role>& roles);
// {"links": ..., "self" at /v3/{trust_id}/roles} as Keystone spells it.
boost::json::object trust_roles_links(const onestack::http::Request& req, const Trust& t);

}  // namespace onestack::identity::api
