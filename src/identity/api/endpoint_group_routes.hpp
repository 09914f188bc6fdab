#pragma once
// /v3/OS-EP-FILTER/endpoint_groups/..., registered by add_endpoint_filter_routes.
#include "identity/api/routes.hpp"

namespace onestack::identity::api {

void add_endpoint_group_routes(Identity& identity, Router& r);

}  // namespace onestack::identity::api
