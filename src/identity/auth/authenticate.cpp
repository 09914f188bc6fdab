#include "identity/auth/authenticate.hpp"

#include <algorithm>

#include "common/api/fault.hpp"
#include "common/crypto/password.hpp"
#include "common/json/schema.hpp"
#include "common/util/time.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/user_store.hpp"
#include "identity/identity.hpp"

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

User lookup_user(Conn& c, const json::object& ref) {
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
    if (!user->enabled) {
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
    auto user = identity.db().read([&](Conn& c) { return lookup_user(c, *user_ref); });
    auto password = str(*user_ref, "password");
    if (user.password_hash.empty() || !crypto::verify_password(password, user.password_hash)) {
        throw unauthorized();
    }
    if (!user.password_expires_at.empty()) {
        auto at = util::parse_iso8601(user.password_expires_at);
        if (at && *at <= util::now_unix()) {
            throw Fault::unauthorized(
                "The password is expired and needs to be changed for user: " + user.id + ".");
        }
    }
    return user.id;
}

struct AppCredAuth {
    std::string id;
    std::string user_id;
    std::string project_id;
    std::int64_t expires_at = 0;
};

AppCredAuth application_credential(Identity& identity, const json::object& method) {
    auto secret = str(method, "secret");
    auto row = identity.db().read([&](Conn& c) -> std::optional<onestack::db::Row> {
        if (auto id = str(method, "id"); !id.empty()) {
            return c.query_one("SELECT * FROM application_credential WHERE id = :id", {id});
        }
        const auto* user_ref = obj(method, "user");
        if (!user_ref) {
            throw Fault::bad_request(
                "Could not find user for application credential "
                "(name given without user).");
        }
        auto user = lookup_user(c, *user_ref);
        return c.query_one("SELECT * FROM application_credential WHERE user_id = :u AND name = :n",
                           {user.id, str(method, "name")});
    });
    if (!row || !crypto::verify_password(secret, row->str("secret_hash"))) {
        throw unauthorized();
    }
    AppCredAuth out{row->str("id"), row->str("user_id"), row->str("project_id"), 0};
    if (auto exp = row->opt_str("expires_at")) {
        auto at = util::parse_iso8601(*exp);
        if (at && *at <= util::now_unix()) {
            throw unauthorized();
        }
        out.expires_at = at.value_or(0);
    }
    identity.db().read([&](Conn& c) { lookup_user(c, {{"id", out.user_id}}); });
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
        // The trustee consumes one use of the trust (keystone/trust/core.py).
        identity.db().write([&](Conn& c) {
            auto row = c.query_one("SELECT * FROM trust WHERE id = :id AND deleted_at IS NULL",
                                   {trust_id});
            if (!row) {
                throw Fault::not_found("Could not find trust: " + trust_id + ".");
            }
            if (row->str("trustee_user_id") != caller_user_id) {
                throw Fault::forbidden(
                    "You are not authorized to perform the requested action: "
                    "the user is not the trustee.");
            }
            if (auto exp = row->opt_str("expires_at")) {
                auto at = util::parse_iso8601(*exp);
                if (at && *at <= util::now_unix()) {
                    throw Fault::not_found("Could not find trust: " + trust_id + ".");
                }
                if (at) {
                    p.expires_at = std::min(p.expires_at ? p.expires_at : *at, *at);
                }
            }
            if (!row->is_null("remaining_uses")) {
                auto left = row->i64("remaining_uses");
                if (left <= 0) {
                    throw Fault::forbidden(
                        "You are not authorized to perform the requested "
                        "action: the trust has no uses left.");
                }
                c.exec("UPDATE trust SET remaining_uses = :n WHERE id = :id",
                       {std::int64_t{left - 1}, trust_id});
            }
            p.trust_id = trust_id;
            p.user_id = row->flag("impersonation") ? row->str("trustor_user_id")
                                                   : row->str("trustee_user_id");
            auto project = row->str("project_id");
            if (!project.empty()) {
                p.scope = Scope::Project;
                p.scope_id = project;
            }
        });
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
                throw unauthorized();
            }
            if (parent->trust) {
                throw Fault::forbidden(
                    "You are not authorized to perform the requested action: "
                    "rescope a trust token.");
            }
            if (parent->app_cred) {
                throw Fault::unauthorized(
                    "The request you have made requires authentication: "
                    "an application credential token cannot be rescoped.");
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
    return identity.tokens().issue(p);
}

}  // namespace onestack::identity
