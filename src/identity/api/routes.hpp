#pragma once
// Identity's HTTP application and the route tables that make it up, one
// add_*_routes per resource family (each in its own file).
#include <memory>

#include "common/api/service_app.hpp"

namespace onestack::identity {
class Identity;
}

namespace onestack::identity::api {

using onestack::http::Router;

std::unique_ptr<onestack::api::ServiceApp> make_app(Identity& identity);

void add_version_routes(Identity& identity, Router& r);
void add_auth_routes(Identity& identity, Router& r);
// Registered by the files that implement them; each is optional until its
// resource family lands.
void add_domain_routes(Identity& identity, Router& r);
void add_project_routes(Identity& identity, Router& r);
void add_user_routes(Identity& identity, Router& r);
void add_group_routes(Identity& identity, Router& r);
void add_role_routes(Identity& identity, Router& r);
void add_assignment_routes(Identity& identity, Router& r);
void add_catalog_routes(Identity& identity, Router& r);
void add_credential_routes(Identity& identity, Router& r);
void add_application_credential_routes(Identity& identity, Router& r);
void add_trust_routes(Identity& identity, Router& r);
void add_limit_routes(Identity& identity, Router& r);
void add_endpoint_filter_routes(Identity& identity, Router& r);
void add_domain_config_routes(Identity& identity, Router& r);
void add_policy_routes(Identity& identity, Router& r);
void add_revoke_routes(Identity& identity, Router& r);

}  // namespace onestack::identity::api
