// Identity's HTTP application: Keystone's fault dialect, token
// authentication for every route that is not public, then the routes.
#include <boost/json.hpp>

#include "identity/api/common.hpp"
#include "identity/api/routes.hpp"
#include "identity/identity.hpp"
#include "identity/token/token_service.hpp"

namespace onestack::identity::api {

namespace {

// Keystone validates X-Auth-Token itself (no keystonemiddleware in front of it).
onestack::http::Middleware authenticate_caller(Identity& identity) {
    return [&identity](Request& req, const onestack::http::Handler& next) {
        if (req.public_route) {
            return next(req);
        }
        auto token = identity.tokens().validate(req.header("X-Auth-Token"));
        if (!token) {
            throw Fault::unauthorized();
        }
        auto request_id = std::move(req.ctx.request_id);
        auto global_id = std::move(req.ctx.global_request_id);
        req.ctx = token->to_context();
        req.ctx.request_id = std::move(request_id);
        req.ctx.global_request_id = std::move(global_id);
        req.ctx.auth_token = std::string(req.header("X-Auth-Token"));
        return next(req);
    };
}

}  // namespace

std::unique_ptr<onestack::api::ServiceApp> make_app(Identity& identity) {
    auto app = std::make_unique<onestack::api::ServiceApp>("identity",
                                                           onestack::api::FaultFormat::Keystone);
    app->use(authenticate_caller(identity));
    auto& r = app->router();
    add_version_routes(identity, r);
    add_auth_routes(identity, r);
    add_user_routes(identity, r);
    add_group_routes(identity, r);
    add_role_routes(identity, r);
    add_assignment_routes(identity, r);
    add_domain_routes(identity, r);
    add_project_routes(identity, r);
    add_domain_config_routes(identity, r);
    add_catalog_routes(identity, r);
    add_endpoint_filter_routes(identity, r);
    add_policy_routes(identity, r);
    add_revoke_routes(identity, r);
    add_credential_routes(identity, r);
    add_application_credential_routes(identity, r);
    add_trust_routes(identity, r);
    add_limit_routes(identity, r);
    return app;
}

}  // namespace onestack::identity::api
