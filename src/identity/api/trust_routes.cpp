// /v3/OS-TRUST/trusts: create (with redelegation), list, show, delete, and
// the roles a trust delegates (keystone/api/trusts.py, keystone/trust/core.py).
#include <algorithm>
#include <boost/json.hpp>

#include "common/util/ids.hpp"
#include "common/util/time.hpp"
#include "identity/api/common.hpp"
#include "identity/api/delegated_auth.hpp"
#include "identity/api/enforce_call.hpp"
#include "identity/api/routes.hpp"
#include "identity/api/trust_views.hpp"
#include "identity/api/views.hpp"
#include "identity/assignment/effective_roles.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/trust_store.hpp"
#include "identity/db/user_store.hpp"
#include "identity/delegation/expiration.hpp"
#include "identity/delegation/trust_chain.hpp"
#include "identity/delegation/trust_rules.hpp"
#include "identity/identity.hpp"
#include "identity/revoke/revocations.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::http::Verb;

// keystone/trust/schema.py: trust_create
const onestack::json::Schema& create_schema() {
    static const auto schema = onestack::json::Schema::compile(R"({
      "type": "object",
      "properties": {
        "trustor_user_id": {"type": "string", "minLength": 1, "maxLength": 64},
        "trustee_user_id": {"type": "string", "minLength": 1, "maxLength": 64},
        "impersonation": {"type": "boolean", "enum": [true, false]},
        "project_id": {"type": ["string", "null"], "minLength": 1, "maxLength": 64,
                       "pattern": "^[a-zA-Z0-9-]+$"},
        "remaining_uses": {"type": ["integer", "null"], "minimum": 1},
        "expires_at": {"type": ["null", "string"]},
        "allow_redelegation": {"type": ["boolean", "null"]},
        "redelegation_count": {"type": ["integer", "null"], "minimum": 0},
        "roles": {"type": "array", "items": {
          "type": "object",
          "properties": {
            "id": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-zA-Z0-9-]+$"},
            "name": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "[\\S]+"}},
          "minProperties": 1, "maxProperties": 1, "additionalProperties": false}}
      },
      "required": ["trustor_user_id", "trustee_user_id", "impersonation"],
      "additionalProperties": true
    })");
    return schema;
}

Fault forbidden_action(const std::string& action) {
    return Fault::forbidden("You are not authorized to perform the requested action: " + action +
                            ".");
}

Fault trust_not_found(const std::string& id) {
    return not_found("trust", id);
}

std::int64_t now_micros() {
    return util::now_unix_micros();
}

// _check_delegated_token: application credential, EC2 and OAuth tokens never
// manage trusts; trust-scoped tokens may (that is redelegation).
void check_delegated_token(Identity& identity, const Request& req) {
    if (is_delegated_method(*caller_token(identity, req))) {
        throw forbidden_action("Delegated tokens cannot manage trusts.");
    }
}

// _build_trust_target_enforcement: a missing, expired or used-up trust is a
// 404 before policy is consulted (lp#1840288).
Trust usable_trust(Identity& identity, const std::string& id) {
    auto t = identity.db().read(
        [&](Conn& c) { return delegation::get_usable_trust(c, id, now_micros()); });
    if (!t) {
        throw trust_not_found(id);
    }
    return *t;
}

json::object trust_target(const Request& req, const Trust& t) {
    return {{"trust", trust_summary_view(req, t)}};
}

// The trust's roles that still exist, in the trust's order.
std::vector<Role> roles_of(Identity& identity, const Trust& t) {
    auto found = identity.db().read([&](Conn& c) { return db::get_roles(c, t.role_ids); });
    std::vector<Role> ordered;
    for (const auto& id : t.role_ids) {
        auto it =
            std::find_if(found.begin(), found.end(), [&](const Role& r) { return r.id == id; });
        if (it != found.end()) {
            ordered.push_back(*it);
        }
    }
    return ordered;
}

// _normalize_role_list: ids kept, names resolved among all roles.
std::vector<std::string> requested_role_ids(Conn& c, const json::object& body) {
    std::vector<std::string> ids;
    const auto* roles = body.if_contains("roles");
    if (!roles || !roles->is_array()) {
        return ids;
    }
    auto all = db::list_all_roles(c);
    for (const auto& ref : roles->as_array()) {
        const auto& o = ref.as_object();
        std::string id = str_or_empty(o, "id");
        if (id.empty()) {
            auto name = str_or_empty(o, "name");
            std::vector<std::string> matches;
            for (const auto& r : all) {
                if (r.name == name) {
                    matches.push_back(r.id);
                }
            }
            if (matches.empty()) {
                throw Fault::not_found("Role " + name + " is not defined");
            }
            if (matches.size() > 1) {
                throw Fault::bad_request("There are multiple role entities named '" + name +
                                         "'. Please use ID instead of names to resolve the "
                                         "ambiguity.");
            }
            id = matches.front();
        }
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
            ids.push_back(id);
        }
    }
    return ids;
}

// _require_trustor_has_role_in_project: every delegated role must be among
// the trustor's effective roles there (domain-specific ones included).
// Without a project the trustor holds nothing to delegate.
void require_trustor_roles(Conn& c, const Trust& t) {
    std::vector<std::string> held;
    if (!t.project_id.empty()) {
        auto project = db::get_project(c, t.project_id);
        if (!project) {
            throw not_found("project", t.project_id);
        }
        held = assignment::expand_implied(
            c, assignment::project_role_ids(c, t.trustor_user_id, *project));
    }
    if (auto missing = delegation::first_missing(t.role_ids, held)) {
        throw not_found("role", *missing);
    }
}

std::optional<std::int64_t> optional_int(const json::object& body, std::string_view key) {
    const auto* v = body.if_contains(key);
    if (!v || !v->is_int64()) {
        return std::nullopt;
    }
    return v->as_int64();
}

Response create_trust(Identity& identity, Request& req) {
    auto raw = raw_entity(req, "trust");
    enforce_call(identity, req, "identity:create_trust", {{"trust", raw}});
    auto body = entity_body(req, "trust", create_schema());
    check_delegated_token(identity, req);

    Trust t;
    t.id = util::uuid_hex();
    t.trustor_user_id = str_or_empty(body, "trustor_user_id");
    t.trustee_user_id = str_or_empty(body, "trustee_user_id");
    t.project_id = str_or_empty(body, "project_id");
    t.impersonation = body.at("impersonation").as_bool();
    t.remaining_uses = optional_int(body, "remaining_uses");
    t.extra = extra_attributes(
        body, {"id", "trustor_user_id", "trustee_user_id", "project_id", "impersonation",
               "expires_at", "remaining_uses", "deleted_at", "redelegated_trust_id",
               "redelegation_count", "allow_redelegation", "roles"});
    delegation::TrustRequest request;
    if (const auto* a = body.if_contains("allow_redelegation"); a && a->is_bool()) {
        request.allow_redelegation = a->as_bool();
    }
    request.redelegation_count = optional_int(body, "redelegation_count");

    const auto* roles = body.if_contains("roles");
    bool has_roles = roles && roles->is_array() && !roles->as_array().empty();
    if (!t.project_id.empty() && !has_roles) {
        throw forbidden_action("At least one role should be specified");
    }
    if (req.ctx.user_id != t.trustor_user_id) {
        throw forbidden_action("The authenticated user should match the trustor");
    }

    identity.db().write([&](Conn& c) {
        if (!db::get_user(c, t.trustee_user_id)) {
            throw not_found("user", t.trustee_user_id);
        }
        t.role_ids = requested_role_ids(c, body);
        require_trustor_roles(c, t);
        if (auto e = str_or_empty(body, "expires_at"); !e.empty()) {
            t.expires_at =
                delegation::stored_time(delegation::parse_expiration_date(e, now_micros()));
        }
        // _find_redelegated_trust: a trust-scoped caller redelegates its trust.
        std::vector<Trust> pedigree;
        if (!req.ctx.trust_id.empty()) {
            if (!delegation::get_usable_trust(c, req.ctx.trust_id, now_micros())) {
                throw trust_not_found(req.ctx.trust_id);
            }
            auto chain = delegation::trust_pedigree(c, req.ctx.trust_id, now_micros());
            if (!chain) {
                throw trust_not_found(req.ctx.trust_id);
            }
            pedigree = std::move(*chain);
        }
        delegation::plan_trust(t, request, pedigree);
        if (db::trust_duplicates(c, t)) {
            throw conflict("trust", "Duplicate entry found with ID " + t.id);
        }
        db::insert_trust(c, t);
    });
    return json_response(201, {{"trust", trust_view(req, t, roles_of(identity, t))}});
}

Response list_trusts(Identity& identity, Request& req) {
    auto trustor = query(req, "trustor_user_id");
    auto trustee = query(req, "trustee_user_id");
    if (trustor && !trustor->empty()) {
        enforce_call(identity, req, "identity:list_trusts_for_trustor",
                     {{"trust", {{"trustor_user_id", *trustor}}}});
    } else if (trustee && !trustee->empty()) {
        enforce_call(identity, req, "identity:list_trusts_for_trustee",
                     {{"trust", {{"trustee_user_id", *trustee}}}});
    } else {
        enforce_call(identity, req, "identity:list_trusts");
    }
    check_delegated_token(identity, req);
    std::vector<Trust> trusts;
    // Keystone lists everything only without any query argument; an
    // unrelated argument lists nothing.
    if (req.query_string.empty()) {
        trusts = identity.db().read([&](Conn& c) { return db::list_trusts(c, {}); });
    } else if (trustor && !trustor->empty()) {
        db::TrustFilter filter;
        filter.trustor_user_id = *trustor;
        trusts = identity.db().read([&](Conn& c) { return db::list_trusts(c, filter); });
    } else if (trustee && !trustee->empty()) {
        db::TrustFilter filter;
        filter.trustee_user_id = *trustee;
        trusts = identity.db().read([&](Conn& c) { return db::list_trusts(c, filter); });
    }
    return list_response(req, "trusts", trusts, trust_summary_view);
}

Response get_trust(Identity& identity, Request& req) {
    auto t = usable_trust(identity, req.param("trust_id"));
    enforce_call(identity, req, "identity:get_trust", trust_target(req, t));
    check_delegated_token(identity, req);
    return json_response(200, {{"trust", trust_view(req, t, roles_of(identity, t))}});
}

// Manager.delete_trust: the trusts redelegated from it go first, each with
// the revocation event that ends its tokens.
void delete_with_redelegations(Identity& identity, Conn& c, const Trust& t,
                               const std::string& deleted_at) {
    db::TrustFilter redelegated;
    redelegated.trustor_user_id = t.trustor_user_id;
    redelegated.redelegated_trust_id = t.id;
    for (const auto& child : db::list_trusts(c, redelegated)) {
        delete_with_redelegations(identity, c, child, deleted_at);
    }
    if (db::soft_delete_trust(c, t.id, deleted_at)) {
        RevocationEvent event;
        event.trust_id = t.id;
        identity.revocations().record(c, event);
    }
}

Response delete_trust(Identity& identity, Request& req) {
    auto t = usable_trust(identity, req.param("trust_id"));
    enforce_call(identity, req, "identity:delete_trust", trust_target(req, t));
    check_delegated_token(identity, req);
    auto deleted_at = delegation::stored_time(now_micros());
    identity.db().write([&](Conn& c) { delete_with_redelegations(identity, c, t, deleted_at); });
    identity.changed();
    return Response::empty(204);
}

Response list_trust_roles(Identity& identity, Request& req) {
    auto t = usable_trust(identity, req.param("trust_id"));
    enforce_call(identity, req, "identity:list_roles_for_trust", trust_target(req, t));
    check_delegated_token(identity, req);
    json::array list;
    for (const auto& r : roles_of(identity, t)) {
        list.push_back(role_view(req, r));
    }
    return json_response(200, {{"roles", std::move(list)}, {"links", trust_roles_links(req, t)}});
}

Response get_trust_role(Identity& identity, Request& req) {
    auto t = usable_trust(identity, req.param("trust_id"));
    enforce_call(identity, req, "identity:get_role_for_trust", trust_target(req, t));
    check_delegated_token(identity, req);
    const auto& role_id = req.param("role_id");
    if (std::find(t.role_ids.begin(), t.role_ids.end(), role_id) == t.role_ids.end()) {
        throw not_found("role", role_id);
    }
    auto role = identity.db().read([&](Conn& c) { return db::get_role(c, role_id); });
    if (!role) {
        throw not_found("role", role_id);
    }
    return json_response(200, {{"role", role_view(req, *role)}});
}

}  // namespace

void add_trust_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*fn)(Identity&, Request&)) {
        return [&identity, fn](Request& req) { return fn(identity, req); };
    };
    const std::string trusts = "/v3/OS-TRUST/trusts";
    r.add(Verb::get, trusts, bind(list_trusts));
    r.add(Verb::post, trusts, bind(create_trust));
    r.add(Verb::get, trusts + "/{trust_id}", bind(get_trust));
    r.add(Verb::delete_, trusts + "/{trust_id}", bind(delete_trust));
    r.add(Verb::get, trusts + "/{trust_id}/roles", bind(list_trust_roles));
    r.add(Verb::get, trusts + "/{trust_id}/roles/{role_id}", bind(get_trust_role));
}

}  // namespace onestack::identity::api
