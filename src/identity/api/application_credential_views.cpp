#include "identity/api/application_credential_views.hpp"

#include <boost/json.hpp>

#include "identity/api/common.hpp"
#include "identity/api/views.hpp"
#include "identity/delegation/expiration.hpp"

namespace onestack::identity::api {

namespace json = boost::json;

namespace {

json::value nullable(const std::string& s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
}

}  // namespace

json::object access_rule_fields(const AccessRule& rule) {
    return {{"id", rule.id},
            {"service", nullable(rule.service)},
            {"path", nullable(rule.path)},
            {"method", nullable(rule.method)}};
}

json::object access_rule_view(const onestack::http::Request& req, const AccessRule& rule) {
    auto out = access_rule_fields(rule);
    out["links"] = self_links(req, "/v3/access_rules/" + rule.id);
    return out;
}

json::object application_credential_view(const onestack::http::Request& req,
                                         const ApplicationCredential& ac,
                                         const std::vector<Role>& roles) {
    json::array role_list;
    for (const auto& r : roles) {
        auto view = role_view(req, r);
        view.erase("links");  // role_api.get_role's dict: no links
        role_list.push_back(std::move(view));
    }
    // Keystone serializes the stored datetime: microseconds, no zone.
    json::value expires_at = nullptr;
    if (auto at = delegation::stored_micros(ac.expires_at)) {
        expires_at = delegation::stored_time(*at);
    }
    json::object out{
        {"id", ac.id},
        {"name", ac.name},
        {"description", ac.description ? json::value(*ac.description) : json::value(nullptr)},
        {"user_id", ac.user_id},
        {"project_id", nullable(ac.project_id)},
        {"system", nullable(ac.system)},
        {"expires_at", expires_at},
        {"unrestricted", ac.unrestricted},
        {"roles", std::move(role_list)},
        {"links", self_links(req, "/v3/application_credentials/" + ac.id)},
    };
    if (!ac.access_rules.empty()) {
        json::array rules;
        for (const auto& rule : ac.access_rules) {
            rules.push_back(access_rule_fields(rule));
        }
        out["access_rules"] = std::move(rules);
    }
    return out;
}

}  // namespace onestack::identity::api
