// glance/api/versions.py: GET / answers 300 Multiple Choices, GET /versions 200.
#include "image/api/common.hpp"
#include "image/api/routes.hpp"

namespace onestack::image::api {
namespace {

boost::json::object versions(const Request& req) {
    // Multi-store is always on here (enabled_backends), no image cache: 2.15 is current.
    static const char* const kVersions[][2] = {
        {"2.15", "CURRENT"},   {"2.13", "SUPPORTED"}, {"2.12", "SUPPORTED"}, {"2.11", "SUPPORTED"},
        {"2.10", "SUPPORTED"}, {"2.9", "SUPPORTED"},  {"2.8", "SUPPORTED"},  {"2.7", "SUPPORTED"},
        {"2.6", "SUPPORTED"},  {"2.5", "SUPPORTED"},  {"2.4", "SUPPORTED"},  {"2.3", "SUPPORTED"},
        {"2.2", "SUPPORTED"},  {"2.1", "SUPPORTED"},  {"2.0", "SUPPORTED"}};
    boost::json::array list;
    auto href = req.base_url() + "/v2/";
    for (const auto& v : kVersions) {
        list.push_back({{"id", std::string("v") + v[0]},
                        {"status", v[1]},
                        {"links", boost::json::array{{{"rel", "self"}, {"href", href}}}}});
    }
    return {{"versions", std::move(list)}};
}

}  // namespace

void add_version_routes(ImageService&, http::Router& r) {
    onestack::http::RouteOptions open{.stream_body = false, .public_route = true};
    r.add(
        http::Verb::get, "/", [](Request& req) { return json_response(300, versions(req)); }, open);
    r.add(
        http::Verb::get, "/versions",
        [](Request& req) { return json_response(200, versions(req)); }, open);
}

}  // namespace onestack::image::api
