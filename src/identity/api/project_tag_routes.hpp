#pragma once
// /v3/projects/{project_id}/tags[/{value}], registered by add_project_routes.
#include "common/http/router.hpp"

namespace onestack::identity {
class Identity;
}

namespace onestack::identity::api {

void add_project_tag_routes(Identity& identity, onestack::http::Router& r);

}  // namespace onestack::identity::api
