#include "identity/api/views.hpp"

#include <boost/json.hpp>

#include "common/util/time.hpp"
#include "identity/api/common.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;

json::value nullable(const std::string& s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
}

json::array tags_of(const std::vector<std::string>& tags) {
    json::array out;
    for (const auto& t : tags) {
        out.emplace_back(t);
    }
    return out;
}

// Extra attributes first, so the real fields win on a name clash.
json::object with_extra(const json::object& extra, json::object fields) {
    json::object out = extra;
    for (auto& [k, v] : fields) {
        out[k] = std::move(v);
    }
    return out;
}

}  // namespace

json::object project_view(const Request& req, const Project& p) {
    return with_extra(p.extra,
                      {{"id", p.id},
                       {"name", p.name},
                       {"domain_id", p.is_domain ? json::value(nullptr) : json::value(p.domain_id)},
                       {"description", p.description},
                       {"enabled", p.enabled},
                       {"parent_id", nullable(p.parent_id)},
                       {"is_domain", p.is_domain},
                       {"tags", tags_of(p.tags)},
                       {"options", p.options},
                       {"links", self_links(req, "/v3/projects/" + p.id)}});
}

json::object domain_view(const Request& req, const Project& d) {
    return with_extra(d.extra, {{"id", d.id},
                                {"name", d.name},
                                {"description", d.description},
                                {"enabled", d.enabled},
                                {"tags", tags_of(d.tags)},
                                {"options", d.options},
                                {"links", self_links(req, "/v3/domains/" + d.id)}});
}

json::object user_view(const Request& req, const User& u) {
    json::value expires = nullptr;
    if (auto t = util::parse_iso8601(u.password_expires_at)) {
        expires = util::iso8601_micros(*t * 1000000);
    }
    json::object out = with_extra(u.extra, {{"id", u.id},
                                            {"name", u.name},
                                            {"domain_id", u.domain_id},
                                            {"enabled", u.enabled},
                                            {"password_expires_at", expires},
                                            {"options", u.options},
                                            {"links", self_links(req, "/v3/users/" + u.id)}});
    if (!u.default_project_id.empty()) {
        out["default_project_id"] = u.default_project_id;
    }
    if (!u.description.empty()) {
        out["description"] = u.description;
    }
    return out;
}

json::object group_view(const Request& req, const Group& g) {
    return with_extra(g.extra, {{"id", g.id},
                                {"name", g.name},
                                {"domain_id", g.domain_id},
                                {"description", g.description},
                                {"links", self_links(req, "/v3/groups/" + g.id)}});
}

json::object role_view(const Request& req, const Role& r) {
    json::object out = with_extra(r.extra, {{"id", r.id},
                                            {"name", r.name},
                                            {"domain_id", nullable(r.domain_id)},
                                            {"description", nullable(r.description)},
                                            {"options", r.options},
                                            {"links", self_links(req, "/v3/roles/" + r.id)}});
    return out;
}

json::object region_view(const Request& req, const Region& r) {
    return with_extra(r.extra, {{"id", r.id},
                                {"description", r.description},
                                {"parent_region_id", nullable(r.parent_region_id)},
                                {"links", self_links(req, "/v3/regions/" + r.id)}});
}

json::object service_view(const Request& req, const Service& s) {
    return with_extra(s.extra, {{"id", s.id},
                                {"type", s.type},
                                {"enabled", s.enabled},
                                {"links", self_links(req, "/v3/services/" + s.id)}});
}

json::object endpoint_view(const Request& req, const Endpoint& e) {
    return with_extra(e.extra, {{"id", e.id},
                                {"service_id", e.service_id},
                                {"interface", e.interface},
                                {"url", e.url},
                                {"region_id", nullable(e.region_id)},
                                {"region", nullable(e.region_id)},
                                {"enabled", e.enabled},
                                {"links", self_links(req, "/v3/endpoints/" + e.id)}});
}

json::object endpoint_group_view(const Request& req, const EndpointGroup& g) {
    return {{"id", g.id},
            {"name", g.name},
            {"description", g.description ? json::value(*g.description) : json::value(nullptr)},
            {"filters", g.filters},
            {"links", self_links(req, "/v3/OS-EP-FILTER/endpoint_groups/" + g.id)}};
}

json::object policy_view(const Request& req, const PolicyBlob& p) {
    return with_extra(p.extra, {{"id", p.id},
                                {"type", p.type},
                                {"blob", p.blob},
                                {"links", self_links(req, "/v3/policies/" + p.id)}});
}

}  // namespace onestack::identity::api
