#include "identity/api/limit_views.hpp"

#include <boost/json.hpp>

#include "identity/api/common.hpp"

namespace onestack::identity::api {

namespace json = boost::json;

namespace {

json::value nullable(const std::string& s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
}

json::value nullable(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
}

}  // namespace

json::object registered_limit_view(const onestack::http::Request& req, const RegisteredLimit& r) {
    return {{"id", r.id},
            {"service_id", r.service_id},
            {"region_id", nullable(r.region_id)},
            {"resource_name", r.resource_name},
            {"default_limit", r.default_limit},
            {"description", nullable(r.description)},
            {"links", self_links(req, "/v3/registered_limits/" + r.id)}};
}

json::object limit_view(const onestack::http::Request& req, const Limit& l) {
    return {{"id", l.id},
            {"project_id", nullable(l.project_id)},
            {"domain_id", nullable(l.domain_id)},
            {"service_id", l.service_id},
            {"region_id", nullable(l.region_id)},
            {"resource_name", l.resource_name},
            {"resource_limit", l.resource_limit},
            {"description", nullable(l.description)},
            {"links", self_links(req, "/v3/limits/" + l.id)}};
}

}  // namespace onestack::identity::api
