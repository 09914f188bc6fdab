// GET /v3/OS-REVOKE/events (keystone/api/os_revoke.py): the revocation
// events recorded after ?since=, as RevokeEvent.to_dict renders them.
#include <boost/json.hpp>

#include "common/util/time.hpp"
#include "identity/api/common.hpp"
#include "identity/api/routes.hpp"
#include "identity/identity.hpp"
#include "identity/revoke/revocations.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::http::Verb;

json::object event_view(const RevocationEvent& e) {
    json::object out;
    auto put = [&out](const char* key, const std::string& value) {
        if (!value.empty()) {
            out[key] = value;
        }
    };
    put("user_id", e.user_id);
    put("role_id", e.role_id);
    put("domain_id", e.domain_id);
    put("project_id", e.project_id);
    put("audit_id", e.audit_id);
    put("audit_chain_id", e.audit_chain_id);
    put("OS-TRUST:trust_id", e.trust_id);
    put("OS-OAUTH1:consumer_id", e.consumer_id);
    put("OS-OAUTH1:access_token_id", e.access_token_id);
    if (e.expires_at != 0) {
        out["expires_at"] = util::iso8601_z(e.expires_at);
    }
    out["issued_before"] = util::iso8601_micro_z(e.issued_before);
    out["revoked_at"] = util::iso8601_micro_z(e.revoked_at);
    return out;
}

Response list_events(Identity& identity, Request& req) {
    authorize(identity, req, "identity:list_revoke_events");
    std::int64_t after = 0;  // keystone lists events revoked strictly after `since`
    if (auto since = query(req, "since"); since && !since->empty()) {
        auto t = util::parse_iso8601(*since);
        if (!t) {
            throw Fault::bad_request("invalidate date format " + *since);
        }
        after = *t + 1;  // revocation times are whole seconds
    }
    json::array events;
    for (const auto& e : identity.revocations().list(after)) {
        events.push_back(event_view(e));
    }
    return json_response(
        200,
        {{"events", std::move(events)},
         {"links",
          {{"next", nullptr}, {"self", url(req, "/v3/OS-REVOKE/events")}, {"previous", nullptr}}}});
}

}  // namespace

void add_revoke_routes(Identity& identity, Router& r) {
    r.add(Verb::get, "/v3/OS-REVOKE/events",
          [&identity](Request& req) { return list_events(identity, req); });
}

}  // namespace onestack::identity::api
