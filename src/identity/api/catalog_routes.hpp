#pragma once
// The pieces add_catalog_routes registers, one file each.
#include "identity/api/routes.hpp"

namespace onestack::identity::api {

void add_region_routes(Identity& identity, Router& r);
void add_service_routes(Identity& identity, Router& r);
void add_endpoint_routes(Identity& identity, Router& r);

}  // namespace onestack::identity::api
