#include "placement/client/local_request.hpp"

#include <optional>

#include "common/api/fault_format.hpp"
#include "common/util/ids.hpp"
#include "placement/api/common.hpp"
#include "placement/api/error_body.hpp"

namespace onestack::placement::client {

namespace {

PlacementError error_from_body(unsigned status, const std::string& body) {
    std::string code, detail = body;
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (!ec && v.is_object()) {
        if (const auto* errors = v.get_object().if_contains("errors");
            errors != nullptr && errors->is_array() && !errors->get_array().empty() &&
            errors->get_array()[0].is_object()) {
            const auto& e = errors->get_array()[0].get_object();
            if (const auto* c = e.if_contains("code"); c != nullptr && c->is_string()) {
                code = std::string(c->get_string());
            }
            if (const auto* d = e.if_contains("detail"); d != nullptr && d->is_string()) {
                detail = std::string(d->get_string());
            }
        }
    }
    return PlacementError(status, code, detail);
}

}  // namespace

http::Request local_request(http::Verb method, const std::string& path,
                            const std::string& query_string, const std::string& microversion) {
    http::Request req;
    req.method = method;
    req.path = path;
    req.query_string = query_string;
    req.target = req.path + (query_string.empty() ? "" : "?" + query_string);
    req.headers.set("OpenStack-API-Version", "placement " + microversion);
    req.ctx.request_id = util::request_id();  // the negotiated version is cached per id
    return req;
}

PlacementError local_error(const onestack::api::Fault& f, http::Request& req) {
    req.headers.set("Accept", "application/json");
    auto res = onestack::api::render_fault(onestack::api::FaultFormat::Placement, f,
                                           req.ctx.request_id, "application/json");
    std::optional<onestack::api::Version> version;
    try {
        version = api::version(req);
    } catch (const api::Fault&) {
        // an unusable microversion: the body says so without one
    }
    api::finish_error_body(&req, version, res);
    return error_from_body(res.status, res.body);
}

}  // namespace onestack::placement::client
