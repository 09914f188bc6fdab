#include "common/api/service_app.hpp"

#include <spdlog/spdlog.h>

#include "common/util/ids.hpp"

namespace onestack::api {
namespace {

// A caller's X-OpenStack-Request-ID is kept as the global request id only
// when it has the upstream shape "req-<uuid>" (oslo.middleware request_id).
bool valid_global_request_id(std::string_view v) {
    return v.size() == 40 && v.substr(0, 4) == "req-" && util::is_uuid_like(v.substr(4));
}

}  // namespace

ServiceApp::ServiceApp(std::string name, FaultFormat format)
    : name_(std::move(name)), format_(format) {
    pipeline_ = [](http::Request& req) { return req.matched_route->handler(req); };
}

void ServiceApp::use(http::Middleware middleware) {
    middlewares_.push_back(std::move(middleware));
    pipeline_ = http::chain(middlewares_,
                            [](http::Request& req) { return req.matched_route->handler(req); });
}

bool ServiceApp::streams_body(const http::Request& head) const {
    auto m = router_.match(head.method, head.path);
    return m.route != nullptr && m.route->options.stream_body;
}

void ServiceApp::route(http::Request& req) const {
    auto m = router_.match(req.method, req.path);
    if (m.route == nullptr) {
        if (m.path_known) {
            std::string allow;
            for (const auto& a : m.allowed) {
                allow += (allow.empty() ? "" : ", ") + a;
            }
            throw Fault::method_not_allowed().with_header("Allow", allow);
        }
        throw Fault::not_found("The resource could not be found.");
    }
    req.path_params = std::move(m.params);
    req.matched_route = m.route;
    req.route = m.route->pattern;
    req.public_route = m.route->options.public_route;
}

http::Response ServiceApp::handle(http::Request& req) noexcept {
    req.ctx.request_id = util::request_id();
    if (auto g = req.header("X-OpenStack-Request-ID"); valid_global_request_id(g)) {
        req.ctx.global_request_id = std::string(g);
    }
    http::Response res;
    try {
        route(req);
        res = pipeline_(req);
    } catch (const Fault& f) {
        res = render(f, req.ctx.request_id, req.header("Accept"));
    } catch (const http::BodyReadError& e) {
        res = render(Fault::bad_request(e.what()), req.ctx.request_id, req.header("Accept"));
        res.close = true;
    } catch (const std::exception& e) {
        spdlog::error("{} [{}] unexpected error on {} {}: {}", name_, req.ctx.request_id,
                      std::string_view(boost::beast::http::to_string(req.method)), req.path,
                      e.what());
        res = render(Fault::internal("An unexpected error prevented the server from fulfilling "
                                     "your request."),
                     req.ctx.request_id);
    }
    stamp(res, req.ctx.request_id);
    return res;
}

http::Response ServiceApp::server_fault(unsigned status, const std::string& message) noexcept {
    try {
        auto rid = util::request_id();
        auto res = render(Fault(status, message), rid);
        stamp(res, rid);
        return res;
    } catch (...) {
        return http::Response(status);
    }
}

http::Response ServiceApp::render(const Fault& fault, const std::string& request_id,
                                  std::string_view accept) const {
    return render_fault(format_, fault, request_id, accept);
}

void ServiceApp::stamp(http::Response& res, const std::string& request_id) const {
    for (const auto& h : request_id_headers_) {
        res.headers.set(h, request_id);
    }
}

}  // namespace onestack::api
