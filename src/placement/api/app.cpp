// Placement's HTTP application: token authentication (keystone or noauth2),
// microversion negotiation, the routes, and error bodies finished the way
// upstream's middleware stack leaves them (error_body.hpp).
#include <boost/algorithm/string.hpp>

#include "common/api/microversion.hpp"
#include "common/api/service_app.hpp"
#include "common/auth/auth_token.hpp"
#include "placement/api/common.hpp"
#include "placement/api/error_body.hpp"
#include "placement/api/routes.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::api {

namespace {

using onestack::http::Handler;
using onestack::http::Middleware;

// placement/auth.py NoAuthMiddleware: the token is "user[:project]"; "admin"
// is an admin unless X-Roles says otherwise.
Middleware noauth2() {
    return [](Request& req, const Handler& next) {
        if (req.public_route) {
            return next(req);
        }
        auto token = std::string(req.header("X-Auth-Token"));
        if (token.empty()) {
            throw Fault::unauthorized();
        }
        auto colon = token.find(':');
        RequestContext ctx;
        ctx.authenticated = true;
        ctx.user_id = token.substr(0, colon);
        auto project = colon == std::string::npos ? ctx.user_id : token.substr(colon + 1);
        if (project.empty()) {
            project = ctx.user_id;
        }
        if (req.has_header("X-Roles")) {
            boost::algorithm::split(ctx.roles, std::string(req.header("X-Roles")),
                                    boost::is_any_of(","));
        } else if (ctx.user_id == "admin") {
            ctx.roles = {"admin"};
        }
        if (auto scope = req.header("OpenStack-System-Scope"); !scope.empty()) {
            ctx.system_scope = std::string(scope);
        } else {
            ctx.project_id = project;
        }
        ctx.request_id = std::move(req.ctx.request_id);
        ctx.global_request_id = std::move(req.ctx.global_request_id);
        req.ctx = std::move(ctx);
        return next(req);
    };
}

// microversion_parse's middleware, then handler.py's content checks.
Middleware microversions() {
    return [](Request& req, const Handler& next) {
        onestack::api::negotiate(onestack::api::placement_microversions(), req);
        if (auto length = req.header("Content-Length"); !length.empty()) {
            long long n = 0;
            try {
                n = std::stoll(std::string(length));
            } catch (const std::exception&) {
                throw Fault::bad_request("content-length header must be an integer");
            }
            if (n > 0 && req.header("Content-Type").empty()) {
                throw Fault::bad_request("content-type header required when content-length > 0");
            }
        }
        return next(req);
    };
}

class PlacementApp : public onestack::http::Application {
  public:
    explicit PlacementApp(std::unique_ptr<onestack::api::ServiceApp> inner)
        : inner_(std::move(inner)) {}

    bool streams_body(const Request& head) const override { return inner_->streams_body(head); }

    Response handle(Request& req) noexcept override {
        Response res = inner_->handle(req);
        try {
            finish(&req, res);
        } catch (...) {
            // A response already exists; leave it as the inner app made it.
        }
        return res;
    }

    Response server_fault(unsigned status, const std::string& message) noexcept override {
        Response res = inner_->server_fault(status, message);
        try {
            finish_error_body(nullptr, std::nullopt, res);
        } catch (...) {
        }
        return res;
    }

  private:
    void finish(const Request* req, Response& res) const {
        std::optional<onestack::api::Version> version;
        try {
            version = onestack::api::negotiate(onestack::api::placement_microversions(), *req);
        } catch (const Fault&) {
        }
        if (version && res.status != 401) {
            // microversion_parse's middleware, in lower case; Vary only on
            // responses the application returned, not on raised HTTP errors.
            res.headers.set("openstack-api-version", "placement " + version->str());
            if (res.status < 400) {
                res.headers.set("vary", "openstack-api-version");
            }
        }
        // webob makes a relative Location absolute against the request URI.
        if (auto location = res.headers.find("Location");
            location != res.headers.end() && location->value().starts_with("/")) {
            res.headers.set("Location", req->base_url() + std::string(location->value()));
        }
        if (res.status >= 400) {
            finish_error_body(req, version, res);
        }
    }

    std::unique_ptr<onestack::api::ServiceApp> inner_;
};

}  // namespace

std::unique_ptr<onestack::http::Application> make_app(
    Placement& placement, std::shared_ptr<auth::TokenValidator> validator,
    std::string identity_uri) {
    auto app = std::make_unique<onestack::api::ServiceApp>("placement",
                                                           onestack::api::FaultFormat::Placement);
    if (placement.options().auth_strategy == "noauth2") {
        app->use(noauth2());
    } else {
        if (!validator) {
            throw std::invalid_argument(
                "placement: auth_strategy keystone needs a token validator");
        }
        app->use(auth::auth_token_middleware(std::move(validator), std::move(identity_uri)));
    }
    app->use(microversions());
    auto& r = app->router();
    add_root_routes(placement, r);
    add_provider_routes(placement, r);
    add_inventory_routes(placement, r);
    add_usage_routes(placement, r);
    add_aggregate_routes(placement, r);
    add_resource_class_routes(placement, r);
    add_trait_routes(placement, r);
    add_allocation_routes(placement, r);
    add_candidate_routes(placement, r);
    add_reshaper_routes(placement, r);
    return std::make_unique<PlacementApp>(std::move(app));
}

}  // namespace onestack::placement::api
