#pragma once
// The parts add_assignment_routes (assignment_routes.cpp) is made of.
#include "common/http/router.hpp"

namespace onestack::identity {
class Identity;
}

namespace onestack::identity::api {

// /v3/projects|domains/{id}/users|groups/{id}/roles[/{role_id}] and the
// /v3/OS-INHERIT/... inherited_to_projects forms.
void add_grant_routes(Identity& identity, onestack::http::Router& r);
// /v3/system/users|groups/{id}/roles[/{role_id}].
void add_system_grant_routes(Identity& identity, onestack::http::Router& r);

}  // namespace onestack::identity::api
