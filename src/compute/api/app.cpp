#include "common/auth/auth_token.hpp"
#include "compute/api/common.hpp"
#include "compute/api/routes.hpp"

namespace onestack::compute::api {

std::unique_ptr<onestack::api::ServiceApp> make_app(ComputeApi& api,
                                                    std::shared_ptr<auth::TokenValidator> validator,
                                                    std::string identity_uri) {
    auto app =
        std::make_unique<onestack::api::ServiceApp>("compute", onestack::api::FaultFormat::Nova);
    app->add_request_id_header("x-compute-request-id");
    app->use(auth::auth_token_middleware(std::move(validator), std::move(identity_uri)));
    // nova/api/openstack/wsgi.py: the version is negotiated before the
    // handler (400/406 on a bad one) and echoed on the response.
    app->use([](Request& req, const http::Handler& next) {
        static const auto policy = onestack::api::compute_microversions();
        auto v = onestack::api::negotiate(policy, req);
        auto res = next(req);
        if (!req.public_route) {
            onestack::api::add_response_headers(policy, v, res);
        }
        return res;
    });
    auto& r = app->router();
    add_version_routes(api, r);
    add_flavor_routes(api, r);
    add_keypair_routes(api, r);
    add_server_routes(api, r);
    add_server_action_routes(api, r);
    add_server_sub_routes(api, r);
    add_host_routes(api, r);
    add_aggregate_routes(api, r);
    add_quota_routes(api, r);
    add_server_group_routes(api, r);
    add_migration_routes(api, r);
    add_image_routes(api, r);
    add_server_password_routes(api, r);
    add_quota_class_routes(api, r);
    add_extension_routes(api, r);
    add_usage_audit_routes(api, r);
    add_server_diagnostics_routes(api, r);
    add_external_event_routes(api, r);
    return app;
}

}  // namespace onestack::compute::api
