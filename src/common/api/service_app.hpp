#pragma once
// One service's HTTP application: request ids, routing, the middleware
// chain, and faults rendered once, at the edge, in the service's dialect.
// An unexpected exception becomes a 500 with the request id logged.
#include <string>
#include <vector>

#include "common/api/fault_format.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"

namespace onestack::api {

class ServiceApp : public http::Application {
  public:
    ServiceApp(std::string name, FaultFormat format);

    const std::string& name() const { return name_; }
    FaultFormat fault_format() const { return format_; }
    http::Router& router() { return router_; }
    // Appends a middleware; they run in the order added, after request-id
    // assignment and routing (req.matched_route is set), before the handler.
    void use(http::Middleware middleware);
    // Response headers every answer carries (e.g. "x-compute-request-id").
    void add_request_id_header(std::string name) { request_id_headers_.push_back(std::move(name)); }

    bool streams_body(const http::Request& head) const override;
    http::Response handle(http::Request& req) noexcept override;
    http::Response server_fault(unsigned status, const std::string& message) noexcept override;

    http::Response render(const Fault& fault, const std::string& request_id,
                          std::string_view accept = {}) const;

  private:
    // Matches the route (404/405 faults when none) and records it in req.
    void route(http::Request& req) const;
    void stamp(http::Response& res, const std::string& request_id) const;

    std::string name_;
    FaultFormat format_;
    http::Router router_;
    std::vector<http::Middleware> middlewares_;
    http::Handler pipeline_;
    std::vector<std::string> request_id_headers_{"x-openstack-request-id"};
};

}  // namespace onestack::api
