#pragma once
// What every placement handler uses: the negotiated microversion, policy
// checks with placement's 403, JSON bodies and query strings validated with
// placement's 400 wording, content negotiation (415/406), and the
// Last-Modified/Cache-Control pair microversion 1.15 added.
#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/api/fault.hpp"
#include "common/api/microversion.hpp"
#include "common/http/message.hpp"
#include "common/http/router.hpp"
#include "common/json/schema.hpp"
#include "placement/model/model.hpp"

namespace onestack::placement {
class Placement;
}

namespace onestack::placement::api {

using onestack::api::Fault;
using onestack::http::Request;
using onestack::http::Response;

// The version this request is served at (the middleware has already
// rejected bad ones).
onestack::api::Version version(const Request& req);
// mv >= 1.minor.
bool at_least(const Request& req, int minor);
// microversion.version_handler: below 1.minor the route answers 404 (or 405).
void require_version(const Request& req, int minor, unsigned status = 404);
// ... and above 1.max_minor.
void require_version_range(const Request& req, int min_minor, int max_minor);

// context.can(rule, target): 403 "Policy does not allow RULE to be performed."
// The default target is the caller's own project and user.
void authorize(Placement& placement, const Request& req, std::string_view rule);
void authorize(Placement& placement, const Request& req, std::string_view rule,
               const boost::json::object& target);

// util.require_content('application/json'): 415.
void require_json_content(const Request& req);
// The Accept header as placement's requestlog middleware leaves it: missing
// or "*/*" becomes "application/json".
std::string effective_accept(const Request& req);
// webob's Accept.acceptable_offers: the offers the header accepts (q > 0),
// best first, ties in offer order.
std::vector<std::string> acceptable_offers(std::string_view accept,
                                           const std::vector<std::string>& offers);
// util.check_accept('application/json'): 406 when Accept excludes JSON.
void check_accept_json(const Request& req);
// util.extract_json: 400 "Malformed JSON: ..." / "JSON does not validate: ...".
boost::json::value extract_json(const Request& req, const onestack::json::Schema& schema);
boost::json::value extract_json(std::string_view text, const onestack::json::Schema& schema);
// util.validate_query_params on dict(req.GET) (the last value of a repeated key).
void validate_query(const Request& req, const onestack::json::Schema& schema);

Response json_response(unsigned status, const boost::json::value& body);
// mv 1.15: Last-Modified (an HTTP date) and Cache-Control: no-cache.
void set_last_modified(const Request& req, Response& res, Timestamp when);
std::string http_date(Timestamp when);
// Timestamp now, for "last modified" of views that have none (upstream: utcnow).
Timestamp now();

// "/resource_providers/<uuid>" and friends (placement/util.py *_url).
std::string provider_url(const std::string& uuid);

// A route handler bound to the service.
using RouteFn = Response (*)(Placement&, Request&);
inline onestack::http::Handler bind(Placement& placement, RouteFn f) {
    return [&placement, f](Request& req) { return f(placement, req); };
}

// The path parameter, as upstream reads it (no further decoding).
const std::string& path_param(const Request& req, std::string_view name);

}  // namespace onestack::placement::api
