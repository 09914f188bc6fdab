#include "identity/auth/authenticate.hpp"

#include <algorithm>

#include "common/api/fault.hpp"
#include "common/crypto/password.hpp"
#include "common/json/schema.hpp"
#include "common/util/time.hpp"
#include "identity/assignment/effective_roles.hpp"
#include "identity/db/application_credential_store.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/trust_store.hpp"
#include "identity/db/user_store.hpp"
#include "identity/delegation/auth_methods.hpp"
#include "identity/delegation/expiration.hpp"
#include "identity/delegation/trust_chain.hpp"
#include "identity/delegation/trust_rules.hpp"
#include "identity/identity.hpp"
#include "identity/users/passwords.hpp"

namespace onestack::identity {
namespace {

namespace json = boost::json;
using onestack::api::Fault;
using onestack::db::Conn;
using token::Scope;
using token::TokenPayload;

// keystone/auth/schema.py: token_issue
const onestack::json::Schema& issue_schema() {
    static const auto schema = onestack::json::Schema::compile(R"({
      "type": "object",
      "properties": {
        "identity": {"type": "object", "properties": {
          "methods": {"type": "array", "items": {"type": "string"}},
          "password": {"type": "object", "properties": {
            "user": {"type": "object", "properties": {
              "id": {"type": "string"}, "name": {"type": "string"}, "password": {"type": "string"},
              "domain": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}}}}},
          "token": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}},
          "required": ["methods"]},
        "scope": {"type": ["object", "string"], "properties": {
          "project": {"type": "object", "properties": {
            "name": {"type": "string"}, "id": {"type": "string"},
            "domain": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}}},
          "domain": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
          "OS-TRUST:trust": {"type": "object", "properties": {"id": {"type": "string"}}},
          "system": {"type": "object", "properties": {"all": {"type": "boolean"}}}}}
      },
      "required": ["identity"]
    })");
    return schema;
}

Fault unauthorized() {
    return Fault::unauthorized();
}

std::string str(const json::object& o, std::string_view key) {
    auto it = o.find(key);
    return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

const json::object* obj(const json::object& o, std::string_view key) {
    auto it = o.find(key);
    return it != o.end() && it->value().is_object() ? &it->value().as_object() : nullptr;
}

void require_id_or_name(const json::object* o, std::string_view field) {
    if (o && !o->contains("id") && !o->contains("name")) {
        throw Fault::bad_request("Invalid input for field " + std::string(field) +
                                 ": id or name must be present.");
    }
}

// A domain reference {"id"} or {"name"}: 401 when it names nothing usable.
Project lookup_domain(Conn& c, const json::object& ref) {
    std::optional<Project> d;
    if (auto id = str(ref, "id"); !id.empty()) {
        d = db::get_domain(c, id);
    } else {
        d = db::get_domain_by_name(c, str(ref, "name"));
    }
    if (!d || !d->enabled) {
        throw unauthorized();
    }
    return *d;
}

// An inactive user ([security_compliance] disable_user_account_days_inactive)
// is disabled like any other.
User lookup_user(Conn& c, const json::object& ref, const users::SecurityCompliance& security) {
    std::optional<User> user;
    if (auto id = str(ref, "id"); !id.empty()) {
        user = db::get_user(c, id);
    } else {
        const auto* domain = obj(ref, "domain");
        if (!domain) {
            throw Fault::bad_request(
                "Expecting to find domain in user. The server could not "
                "comply with the request since it is either malformed or "
                "otherwise incorrect. The client is assumed to be in error.");
        }
        user = db::get_user_by_name(c, lookup_domain(c, *domain).id, str(ref, "name"));
    }
    if (!user) {
        throw unauthorized();
    }
    if (!users::effectively_enabled(security, *user, util::now_unix_micros())) {
        throw Fault::unauthorized("The account is disabled for user: " + user->id + ".");
    }
    auto domain = db::get_domain(c, user->domain_id);
    if (!domain || !domain->enabled) {
        throw unauthorized();
    }
    return *user;
}

// Password method: the user's id, verified.
std::string password_user(Identity& identity, const json::object& method) {
    const auto* user_ref = obj(method, "user");
    if (!user_ref) {
        throw Fault::bad_request(
            "Invalid input for field identity/password/user: id or name must be present.");
    }
    const auto& security = identity.options().security;
    auto user = identity.db().read([&](Conn& c) { return lookup_user(c, *user_ref, security); });
    // Lockout, the password itself, expiry ([security_compliance]).
    users::authenticate_password(identity, user, str(*user_ref, "password"),
                                 /*allow_expired=*/false);
    return user.id;
}

struct AppCredAuth {
    std::string id;
    std::string user_id;
    std::string project_id;
    std::int64_t expires_at = 0;
};

constexpr const char* kClientError =
    " The server could not comply with the request since it is either malformed or otherwise "
    "incorrect. The client is assumed to be in error.";

// keystone/auth/plugins/core.py AppCredInfo and AuthInfo._lookup_app_cred:
// an unknown id is a 404, a name unknown for the user a 401; the token is
// always the credential owner's.
AppCredAuth application_credential(Identity& identity, const json::object& method) {
    auto secret = str(method, "secret");
    auto ac = identity.db().read([&](Conn& c) -> std::optional<ApplicationCredential> {
        if (auto id = str(method, "id"); !id.empty()) {
            auto found = db::get_application_credential(c, id);
            if (!found) {
                throw Fault::not_found("Could not find Application Credential: " + id + ".");
            }
            return found;
        }
        auto name = str(method, "name");
        if (name.empty()) {
            throw Fault::bad_request(
                std::string("Expecting to find name or ID in application credential.") +
                kClientError);
        }
        const auto* user_ref = obj(method, "user");
        if (!user_ref) {
            throw Fault::bad_request(
                std::string("Expecting to find user in application credential.") + kClientError);
        }
        auto user = lookup_user(c, *user_ref, identity.options().security);
        return db::get_application_credential_by_name(c, user.id, name);
    });
    if (!ac || !crypto::verify_password(secret, ac->secret_hash) ||
        delegation::has_expired(ac->expires_at, util::now_unix_micros())) {
        throw unauthorized();
    }
    AppCredAuth out{ac->id, ac->user_id, ac->project_id, 0};
    if (auto at = delegation::stored_micros(ac->expires_at)) {
        out.expires_at = *at / 1000000;
    }
    identity.db().read([&](Conn& c) {
        lookup_user(c, {{"id", out.user_id}}, identity.options().security);
    });
    return out;
}

void apply_scope(Identity& identity, const json::value* scope_value, TokenPayload& p,
                 const std::string& caller_user_id) {
    if (!scope_value || scope_value->is_string()) {
        return;  // "unscoped"
    }
    const auto& scope = scope_value->as_object();
    int kinds = 0;
    for (auto k : {"project", "domain", "OS-TRUST:trust", "system"}) {
        kinds += scope.contains(k) ? 1 : 0;
    }
    if (kinds > 1) {
        throw Fault::bad_request(
            "Specifying a scope with more than one of project, domain, "
            "OS-TRUST:trust and system is not allowed.");
    }
    if (const auto* project = obj(scope, "project")) {
        require_id_or_name(project, "scope/project");
        require_id_or_name(obj(*project, "domain"), "scope/project/domain");
        auto found = identity.db().read([&](Conn& c) {
            std::optional<Project> proj;
            if (auto id = str(*project, "id"); !id.empty()) {
                proj = db::get_project(c, id);
            } else {
                const auto* domain = obj(*project, "domain");
                if (!domain) {
                    throw Fault::bad_request(
                        "Expecting to find domain in project. The server "
                        "could not comply with the request since it is "
                        "either malformed or otherwise incorrect. The "
                        "client is assumed to be in error.");
                }
                proj =
                    db::get_project_by_name(c, lookup_domain(c, *domain).id, str(*project, "name"));
            }
            if (!proj || !proj->enabled) {
                throw unauthorized();
            }
            return *proj;
        });
        p.scope = Scope::Project;
        p.scope_id = found.id;
    } else if (const auto* domain = obj(scope, "domain")) {
        require_id_or_name(domain, "scope/domain");
        p.scope = Scope::Domain;
        p.scope_id = identity.db().read([&](Conn& c) { return lookup_domain(c, *domain).id; });
    } else if (const auto* system = obj(scope, "system")) {
        auto all = system->find("all");
        if (all == system->end() || !all->value().is_bool() || !all->value().as_bool()) {
            throw Fault::bad_request(
                "Invalid input for field scope/system: only all is supported.");
        }
        p.scope = Scope::System;
        p.scope_id = "all";
    } else if (const auto* trust = obj(scope, "OS-TRUST:trust")) {
        auto trust_id = str(*trust, "id");
        if (trust_id.empty()) {
            throw Fault::bad_request(std::string("Expecting to find trust_id in trust.") +
                                     kClientError);
        }
        // A trust that is gone, expired or used up fails authentication
        // (TrustNotFound becomes a 401); a broken redelegation chain is a 403.
        auto t = identity.db().read([&](Conn& c) {
            return delegation::get_usable_trust(c, trust_id, util::now_unix_micros());
        });
        if (!t) {
            throw unauthorized();
        }
        // TokenModel._validate_token_user: only the trustee may use it; the
        // token stays the trustee's, shown as the trustor's when impersonating.
        if (t->trustee_user_id != caller_user_id) {
            throw Fault::forbidden("You are not authorized to perform the requested action.");
        }
        if (!t->project_id.empty()) {
            identity.db().read([&](Conn& c) {
                auto project = db::get_project(c, t->project_id);
                if (!project || !project->enabled) {
                    throw unauthorized();
                }
                // _validate_trust_scope: "Trustee has no delegated roles." is a
                // 403 once the trustor lost one of them.
                auto chain = delegation::trust_pedigree(c, t->id, util::now_unix_micros());
                auto held = assignment::expand_implied(
                    c, assignment::project_role_ids(
                           c, chain ? delegation::original_trustor(*chain) : t->trustor_user_id,
                           *project));
                if (delegation::first_missing(assignment::expand_implied(c, t->role_ids), held)) {
                    throw Fault::forbidden(
                        "You are not authorized to perform the requested action.");
                }
            });
            p.scope = Scope::Project;
            p.scope_id = t->project_id;
        }
        if (auto at = delegation::stored_micros(t->expires_at)) {
            auto seconds = *at / 1000000;
            p.expires_at = p.expires_at ? std::min(p.expires_at, seconds) : seconds;
        }
        p.trust_id = trust_id;
    }
}

// consume_use, once the token is issued: a limited trust loses one use.
void consume_trust_use(Identity& identity, const std::string& trust_id) {
    auto use = identity.db().write([&](Conn& c) { return db::consume_trust_use(c, trust_id); });
    if (use == db::TrustUse::Missing) {
        throw unauthorized();
    }
    if (use == db::TrustUse::Exhausted) {
        throw Fault::forbidden("No remaining uses for trust: " + trust_id + ".");
    }
}

// Without a scope, Keystone scopes to the user's default project when it can.
void default_scope(Identity& identity, TokenPayload& p) {
    auto project_id = identity.db().read([&](Conn& c) -> std::string {
        auto user = db::get_user(c, p.user_id);
        if (!user || user->default_project_id.empty()) {
            return {};
        }
        auto project = db::get_project(c, user->default_project_id);
        return project && project->enabled ? project->id : "";
    });
    if (project_id.empty()) {
        return;
    }
    TokenPayload scoped = p;
    scoped.scope = Scope::Project;
    scoped.scope_id = project_id;
    try {
        identity.tokens().issue(scoped);  // probes access; the id is discarded
        p = scoped;
    } catch (const Fault&) {
        // no role on the default project: stay unscoped, as upstream does
    }
}

}  // namespace

IssuedToken authenticate(Identity& identity, const json::object& auth) {
    if (auto err = issue_schema().validate(auth)) {
        throw Fault::bad_request(onestack::json::keystone_message(*err));
    }
    const auto& ident = auth.at("identity").as_object();
    if (const auto* password = obj(ident, "password")) {
        const auto* user = obj(*password, "user");
        require_id_or_name(user, "identity/password/user");
        require_id_or_name(user ? obj(*user, "domain") : nullptr, "identity/password/user/domain");
    }
    std::vector<std::string> methods;
    for (const auto& m : ident.at("methods").as_array()) {
        methods.emplace_back(m.as_string());
    }
    if (methods.empty()) {
        throw unauthorized();
    }
    const json::value* scope = auth.if_contains("scope");

    TokenPayload p;
    p.issued_at = util::now_unix();
    bool explicit_scope = scope && scope->is_object() && !scope->as_object().empty();
    for (const auto& method : methods) {
        const auto* body = obj(ident, method);
        if (!body) {
            throw Fault::bad_request("Expecting to find " + method +
                                     " in identity. The server "
                                     "could not comply with the request since it is either "
                                     "malformed or otherwise incorrect. The client is assumed to "
                                     "be in error.");
        }
        std::string user_id;
        if (method == "password") {
            user_id = password_user(identity, *body);
        } else if (method == "token") {
            auto parent = identity.tokens().validate(str(*body, "id"));
            if (!parent) {
                // validate_token's TokenNotFound: an invalid, expired or
                // revoked token is a 404 here too, as upstream.
                throw Fault::not_found("Could not find token: " + str(*body, "id") + ".");
            }
            // keystone/auth/plugins/token.py: delegated tokens never beget others.
            if (parent->trust) {
                throw Fault::forbidden(
                    "You are not authorized to perform the requested action: Using "
                    "trust-scoped token to create another token. Create a new trust-scoped "
                    "token instead.");
            }
            if (delegation::is_delegated_method(parent->payload.methods)) {
                throw Fault::forbidden(
                    "You are not authorized to perform the requested action: Using a delegated "
                    "token to create another token is not allowed.");
            }
            user_id = parent->user.id;
            p.expires_at = parent->payload.expires_at;
            for (const auto& m : parent->payload.methods) {
                if (std::find(methods.begin(), methods.end(), m) == methods.end()) {
                    methods.push_back(m);
                }
            }
            p.audit_ids = {token::new_audit_id(), parent->payload.audit_ids.front()};
        } else if (method == "application_credential") {
            if (explicit_scope) {
                throw unauthorized();
            }
            auto ac = application_credential(identity, *body);
            user_id = ac.user_id;
            p.app_cred_id = ac.id;
            p.scope = Scope::Project;
            p.scope_id = ac.project_id;
            if (ac.expires_at) {
                p.expires_at = ac.expires_at;
            }
        } else {
            throw unauthorized();
        }
        if (!p.user_id.empty() && p.user_id != user_id) {
            throw unauthorized();
        }
        p.user_id = user_id;
    }
    p.methods = methods;
    if (p.app_cred_id.empty()) {
        apply_scope(identity, scope, p, p.user_id);
        if (!scope) {
            default_scope(identity, p);
        }
    }
    auto cap = p.issued_at + identity.options().token_expiration.count();
    p.expires_at = p.expires_at ? std::min(p.expires_at, cap) : cap;
    auto issued = identity.tokens().issue(p);
    if (!p.trust_id.empty()) {
        consume_trust_use(identity, p.trust_id);
    }
    return issued;
}

}  // namespace onestack::identity
