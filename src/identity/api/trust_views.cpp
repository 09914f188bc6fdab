#include "identity/api/trust_views.hpp"

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

json::value nullable(const std::optional<std::int64_t>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

// utils.isotime(subsecond=True): microseconds dropped, then printed as zeros.
json::value isotime(const std::string& stored) {
    auto at = delegation::stored_micros(stored);
    if (!at) {
        return nullptr;
    }
    auto seconds = *at / 1000000 - (*at % 1000000 < 0 ? 1 : 0);
    return json::value(delegation::stored_time(seconds * 1000000) + "Z");
}

// The stored datetime as Keystone's JSON encoder prints it.
json::value stored_datetime(const std::string& stored) {
    auto at = delegation::stored_micros(stored);
    return at ? json::value(delegation::stored_time(*at)) : json::value(nullptr);
}

}  // namespace

json::object trust_summary_view(const onestack::http::Request& req, const Trust& t) {
    json::object out = t.extra;
    out.erase("roles");
    out["id"] = t.id;
    out["trustor_user_id"] = t.trustor_user_id;
    out["trustee_user_id"] = t.trustee_user_id;
    out["project_id"] = nullable(t.project_id);
    out["impersonation"] = t.impersonation;
    out["expires_at"] = isotime(t.expires_at);
    out["remaining_uses"] = nullable(t.remaining_uses);
    out["deleted_at"] = stored_datetime(t.deleted_at);
    out["redelegated_trust_id"] = nullable(t.redelegated_trust_id);
    out["redelegation_count"] = nullable(t.redelegation_count);
    out["links"] = self_links(req, "/v3/OS-TRUST/trusts/" + t.id);
    return out;
}

json::object trust_roles_links(const onestack::http::Request& req, const Trust& t) {
    return {{"self", url(req, "/v3/" + t.id + "/roles")}, {"next", nullptr}, {"previous", nullptr}};
}

json::object trust_view(const onestack::http::Request& req, const Trust& t,
                        const std::vector<Role>& roles) {
    auto out = trust_summary_view(req, t);
    json::array list;
    for (const auto& r : roles) {
        list.push_back(role_view(req, r));
    }
    out["roles"] = std::move(list);
    out["roles_links"] = trust_roles_links(req, t);
    return out;
}

}  // namespace onestack::identity::api
