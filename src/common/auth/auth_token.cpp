#include "common/auth/auth_token.hpp"

#include "common/api/fault.hpp"

namespace onestack::auth {

http::Middleware auth_token_middleware(std::shared_ptr<TokenValidator> validator,
                                       std::string identity_uri) {
    auto challenge = "Keystone uri=\"" + identity_uri + "\"";
    return [validator = std::move(validator), challenge](http::Request& req,
                                                         const http::Handler& next) {
        if (req.public_route) {
            return next(req);
        }
        auto token = req.header("X-Auth-Token");
        std::optional<RequestContext> ctx;
        if (!token.empty()) {
            ctx = validator->validate(token);
        }
        if (!ctx) {
            throw api::Fault::unauthorized().with_header("WWW-Authenticate", challenge);
        }
        ctx->request_id = std::move(req.ctx.request_id);
        ctx->global_request_id = std::move(req.ctx.global_request_id);
        ctx->auth_token = std::string(token);
        if (auto service = req.header("X-Service-Token"); !service.empty()) {
            if (auto svc = validator->validate(service)) {
                ctx->service_roles = svc->roles;
            }
        }
        req.ctx = std::move(*ctx);
        return next(req);
    };
}

}  // namespace onestack::auth
