// GET / : the version document (placement/handlers/root.py), no token needed.
#include "placement/api/common.hpp"
#include "placement/api/routes.hpp"

namespace onestack::placement::api {

namespace {

Response home(Placement&, Request& req) {
    const auto policy = onestack::api::placement_microversions();
    boost::json::object v{{"id", "v" + policy.min.str()},
                          {"max_version", policy.max.str()},
                          {"min_version", policy.min.str()},
                          {"status", "CURRENT"},
                          {"links", boost::json::array{{{"rel", "self"}, {"href", ""}}}}};
    auto res = json_response(200, {{"versions", boost::json::array{v}}});
    set_last_modified(req, res, now());
    return res;
}

}  // namespace

void add_root_routes(Placement& placement, Router& r) {
    r.add(onestack::http::Verb::get, "/", bind(placement, home), {.public_route = true});
}

}  // namespace onestack::placement::api
