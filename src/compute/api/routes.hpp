#pragma once
// The compute API's route groups and the application that serves them.
#include <memory>
#include <string>

#include "common/api/service_app.hpp"
#include "common/auth/token_validator.hpp"
#include "common/http/router.hpp"

namespace onestack::compute::api {

class ComputeApi;

void add_version_routes(ComputeApi& api, http::Router& r);
void add_flavor_routes(ComputeApi& api, http::Router& r);
void add_keypair_routes(ComputeApi& api, http::Router& r);
void add_server_routes(ComputeApi& api, http::Router& r);
void add_server_action_routes(ComputeApi& api, http::Router& r);
void add_server_sub_routes(ComputeApi& api, http::Router& r);  // metadata, tags, actions
void add_host_routes(ComputeApi& api, http::Router& r);        // services, hypervisors, AZ
void add_aggregate_routes(ComputeApi& api, http::Router& r);
void add_quota_routes(ComputeApi& api, http::Router& r);  // quota sets, limits, usage
void add_server_group_routes(ComputeApi& api, http::Router& r);
void add_migration_routes(ComputeApi& api, http::Router& r);
void add_image_routes(ComputeApi& api, http::Router& r);  // the image proxy (<= 2.35)
void add_server_password_routes(ComputeApi& api, http::Router& r);
void add_quota_class_routes(ComputeApi& api, http::Router& r);
void add_extension_routes(ComputeApi& api, http::Router& r);  // the legacy list
void add_usage_audit_routes(ComputeApi& api, http::Router& r);
void add_server_diagnostics_routes(ComputeApi& api, http::Router& r);
void add_external_event_routes(ComputeApi& api, http::Router& r);

// Nova's fault dialect, keystonemiddleware's auth_token, microversion
// negotiation, every route group.
std::unique_ptr<onestack::api::ServiceApp> make_app(ComputeApi& api,
                                                    std::shared_ptr<auth::TokenValidator> validator,
                                                    std::string identity_uri);

}  // namespace onestack::compute::api
