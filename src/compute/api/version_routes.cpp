// nova/api/openstack/compute/versions.py and versionsV21.py.
#include "common/api/service_app.hpp"
#include "compute/api/common.hpp"
#include "compute/api/routes.hpp"

namespace onestack::compute::api {
namespace {

json::object v21(const Request& req, bool full) {
    json::object v{{"id", "v2.1"},
                   {"status", "CURRENT"},
                   {"version", "2.93"},
                   {"min_version", "2.1"},
                   {"updated", "2013-07-23T11:33:21Z"}};
    json::array links{{{"rel", "self"}, {"href", req.base_url() + "/v2.1/"}}};
    if (full) {
        links.push_back({{"rel", "describedby"},
                         {"type", "text/html"},
                         {"href", "http://docs.openstack.org/"}});
        v["links"] = std::move(links);
        v["media-types"] =
            json::array{{{"base", "application/json"},
                         {"type", "application/vnd.openstack.compute+json;version=2.1"}}};
    } else {
        v["links"] = std::move(links);
    }
    return v;
}

json::object v20(const Request& req) {
    return {{"id", "v2.0"},
            {"status", "SUPPORTED"},
            {"version", ""},
            {"min_version", ""},
            {"updated", "2011-01-21T11:33:21Z"},
            {"links", json::array{{{"rel", "self"}, {"href", req.base_url() + "/v2/"}}}}};
}

}  // namespace

void add_version_routes(ComputeApi&, http::Router& r) {
    http::RouteOptions open{.stream_body = false, .public_route = true};
    r.add(
        http::Verb::get, "/",
        [](Request& req) {
            return json_response(
                200, json::object{{"versions", json::array{v20(req), v21(req, false)}}});
        },
        open);
    auto one = [](Request& req) {
        return json_response(200, json::object{{"version", v21(req, true)}});
    };
    r.add(http::Verb::get, "/v2.1", one, open);
    // The legacy v2.0 endpoint is listed above, so its document answers too.
    r.add(
        http::Verb::get, "/v2",
        [](Request& req) {
            auto v = v20(req);
            v["links"].as_array().push_back({{"rel", "describedby"},
                                             {"type", "text/html"},
                                             {"href", "http://docs.openstack.org/"}});
            v["media-types"] =
                json::array{{{"base", "application/json"},
                             {"type", "application/vnd.openstack.compute+json;version=2"}}};
            return json_response(200, json::object{{"version", v}});
        },
        open);
}

}  // namespace onestack::compute::api
