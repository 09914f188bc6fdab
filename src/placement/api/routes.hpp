#pragma once
// Placement's HTTP application and its route tables, one add_*_routes per
// resource family (placement/handler.py ROUTE_DECLARATIONS).
#include <memory>
#include <string>

#include "common/auth/token_validator.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"

namespace onestack::placement {
class Placement;
}

namespace onestack::placement::api {

using onestack::http::Router;

// validator may be null when [placement] auth_strategy is noauth2.
std::unique_ptr<onestack::http::Application> make_app(
    Placement& placement, std::shared_ptr<auth::TokenValidator> validator,
    std::string identity_uri);

void add_root_routes(Placement& placement, Router& r);
void add_provider_routes(Placement& placement, Router& r);
void add_inventory_routes(Placement& placement, Router& r);
void add_usage_routes(Placement& placement, Router& r);
void add_aggregate_routes(Placement& placement, Router& r);
void add_resource_class_routes(Placement& placement, Router& r);
void add_trait_routes(Placement& placement, Router& r);
void add_allocation_routes(Placement& placement, Router& r);
void add_candidate_routes(Placement& placement, Router& r);
void add_reshaper_routes(Placement& placement, Router& r);

}  // namespace onestack::placement::api
