#pragma once
// JSON for implied-role rules as keystone renders them
// (keystone/api/_shared/implied_roles.py): each role as {id, links, name}.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/http/message.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity::api {

// A prior or implied role inside a rule.
boost::json::object inference_role_ref(const onestack::http::Request& req, const Role& r);

// GET /v3/role_inferences: one entry per prior role, in rule order, listing
// the roles it implies directly.
boost::json::array role_inferences_view(
    const onestack::http::Request& req,
    const std::vector<std::pair<std::string, std::string>>& rules, const std::vector<Role>& roles);

}  // namespace onestack::identity::api
