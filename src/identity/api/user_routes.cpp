// /v3/users: CRUD, self-service password change, a user's groups and
// projects (keystone/api/users.py, identity/core.py).
#include <algorithm>
#include <boost/json.hpp>

#include "common/util/ids.hpp"
#include "common/util/time.hpp"
#include "identity/api/attribute_filters.hpp"
#include "identity/api/common.hpp"
#include "identity/api/enforce_call.hpp"
#include "identity/api/password_expiry_filter.hpp"
#include "identity/api/routes.hpp"
#include "identity/api/user_group_schemas.hpp"
#include "identity/api/views.hpp"
#include "identity/assignment/scopes_for_user.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/user_store.hpp"
#include "identity/identity.hpp"
#include "identity/users/passwords.hpp"
#include "identity/users/user_attributes.hpp"
#include "identity/users/user_revocation.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::http::Verb;

// The user as the API shows it: an inactive one
// ([security_compliance] disable_user_account_days_inactive) reads as disabled.
User shown(Identity& identity, User user) {
    user.enabled =
        users::effectively_enabled(identity.options().security, user, util::now_unix_micros());
    return user;
}

User require_user(Conn& c, const std::string& id) {
    auto user = db::get_user(c, id);
    if (!user) {
        throw not_found("user", id);
    }
    return *user;
}

// _build_user_target_enforcement: the user when it exists; a missing one is
// reported after enforcement, so policy decides first.
json::object user_target(Identity& identity, const Request& req) {
    auto user = identity.db().read([&](Conn& c) { return db::get_user(c, req.param("user_id")); });
    json::object target;
    if (user) {
        target["user"] = user_view(req, shown(identity, *user));
    }
    return target;
}

// Keystone refuses a domain as a user's default project; an unknown project
// is accepted, for backward compatibility.
void check_default_project(Conn& c, const json::object& body) {
    auto it = body.find("default_project_id");
    if (it == body.end() || !it->value().is_string()) {
        return;
    }
    std::string id(it->value().as_string());
    if (auto p = db::get_project(c, id); p && p->is_domain) {
        throw validation_error("User's default project ID cannot be a domain ID: " + id);
    }
}

// handle_conflicts(conflict_type='user'): the name, and the domain when the
// body named one.
Fault duplicate_user(const std::string& name, const std::string& domain_id) {
    std::string details = "Duplicate entry found with name " + name;
    if (!domain_id.empty()) {
        details += " at domain ID " + domain_id;
    }
    return conflict("user", details);
}

std::optional<std::string> password_in(const json::object& body) {
    const auto* v = body.if_contains("password");
    if (!v || v->is_null()) {
        return std::nullopt;
    }
    return std::string(v->as_string());
}

Response list_users(Identity& identity, Request& req) {
    auto filters =
        attribute_filters(req.query(), {"domain_id", "enabled", "idp_id", "name", "protocol_id",
                                        "unique_id", "password_expires_at"});
    json::object target;
    if (!req.ctx.domain_id.empty()) {
        target["domain_id"] = req.ctx.domain_id;
    }
    enforce_call(identity, req, "identity:list_users", target);

    std::vector<PasswordExpiryFilter> expiry;
    std::vector<AttributeFilter> attributes;
    bool federated = false;
    for (auto& f : filters) {
        if (f.name == "password_expires_at") {
            expiry.push_back(parse_password_expiry_filter(f.value));
        } else if (f.name == "idp_id" || f.name == "protocol_id" || f.name == "unique_id") {
            federated = true;  // only federated users carry these
        } else {
            attributes.push_back(std::move(f));
        }
    }
    json::array list;
    if (!federated) {
        db::UserFilter sql;
        if (const auto* d = exact_value(attributes, "domain_id")) {
            sql.domain_id = *d;
        } else if (!req.ctx.domain_id.empty()) {
            sql.domain_id = req.ctx.domain_id;
        }
        if (const auto* n = exact_value(attributes, "name")) {
            sql.name = *n;
        }
        if (const auto* e = exact_value(attributes, "enabled")) {
            sql.enabled = attr_as_boolean(*e);
        }
        auto users = identity.db().read([&](Conn& c) { return db::list_users(c, sql); });
        for (const auto& u : users) {
            // A domain-scoped token never sees users of other domains.
            if (!req.ctx.domain_id.empty() && u.domain_id != req.ctx.domain_id) {
                continue;
            }
            bool expiry_ok = std::all_of(expiry.begin(), expiry.end(), [&](const auto& f) {
                return passes(f, u.password_expires_at);
            });
            auto view = user_view(req, shown(identity, u));
            if (expiry_ok && matches_all(view, attributes)) {
                list.push_back(std::move(view));
            }
        }
    }
    return json_response(200, {{"users", std::move(list)}, {"links", collection_links(req)}});
}

Response get_user(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:get_user", user_target(identity, req));
    auto user = identity.db().read([&](Conn& c) { return require_user(c, req.param("user_id")); });
    return json_response(200, {{"user", user_view(req, shown(identity, user))}});
}

Response create_user(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:create_user", {{"user", raw_entity(req, "user")}});
    auto body = entity_body(req, "user", user_create_schema());
    auto user = users::user_from_create_body(body);
    user.id = util::uuid_hex();
    user.domain_id = str_or_empty(body, "domain_id");
    if (user.domain_id.empty()) {
        // _normalize_domain_id: the token's domain, else the default domain.
        user.domain_id =
            req.ctx.domain_id.empty() ? identity.options().default_domain_id : req.ctx.domain_id;
    }
    auto now = util::now_unix_micros();
    user.created_at = util::iso8601_micros(now);
    const auto& security = identity.options().security;
    // The enabled setter: with inactivity tracked, enabling counts as activity.
    if (user.enabled && security.disable_user_account_days_inactive > 0) {
        user.last_active_at = users::activity_date(now);
    }
    bool has_password = body.contains("password");
    std::string hash;
    if (has_password) {
        hash = users::hash_new_password(password_in(body), identity.options());
    }
    identity.db().write([&](Conn& c) {
        if (!db::get_domain(c, user.domain_id)) {
            throw not_found("domain", user.domain_id);
        }
        check_default_project(c, body);
        if (db::get_user_by_name(c, user.domain_id, user.name)) {
            throw duplicate_user(user.name, user.domain_id);
        }
        if (has_password) {
            users::set_password_hash(user, hash, security, /*self_service=*/false);
        }
        db::insert_user(c, user);
    });
    identity.changed();
    return json_response(201, {{"user", user_view(req, user)}});
}

Response update_user(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:update_user", user_target(identity, req));
    const auto& id = req.param("user_id");
    auto before = identity.db().read([&](Conn& c) { return require_user(c, id); });
    auto body = entity_body(req, "user", user_update_schema());
    if (const auto* given = body.if_contains("id"); given && !given->is_null()) {
        if (!given->is_string() || given->as_string() != id) {
            throw validation_error("Cannot change ID");
        }
    }
    if (const auto* d = body.if_contains("domain_id");
        d && (!d->is_string() || d->as_string() != before.domain_id)) {
        throw validation_error("Cannot change Domain ID");
    }
    bool has_password = body.contains("password");
    std::string hash;
    if (has_password) {
        hash = users::hash_new_password(password_in(body), identity.options());
    }
    const auto& security = identity.options().security;
    auto updated = identity.db().write([&](Conn& c) {
        auto now = util::now_unix_micros();
        // sql.py update_user rewrites every attribute from the user as shown,
        // so an inactive user left disabled by the update is stored disabled.
        auto user = shown(identity, require_user(c, id));
        bool was_enabled = user.enabled;
        check_default_project(c, body);
        users::apply_user_update(user, body);
        if (user.name != before.name) {
            if (auto other = db::get_user_by_name(c, user.domain_id, user.name);
                other && other->id != id) {
                throw duplicate_user(user.name, body.contains("domain_id") ? user.domain_id : "");
            }
        }
        if (has_password) {
            // An administrative reset: no history or age check, the old
            // password still joins the history.
            users::replace_password(c, user, hash, security, /*self_service=*/false);
        }
        // The enabled setter: an enabled user starts afresh — no failed
        // authentications (a lockout ends) and, with inactivity tracked,
        // active today.
        if (user.enabled && security.disable_user_account_days_inactive > 0) {
            user.last_active_at = users::activity_date(now);
        }
        db::update_user(c, user);
        if (user.enabled && user.failed_auth_count > 0) {
            db::reset_failed_auth(c, id);
            user.failed_auth_count = 0;
        }
        // Disabling a user or setting a password ends their tokens.
        if ((was_enabled && !user.enabled) || password_in(body)) {
            users::revoke_tokens_of_user(identity, c, id);
        }
        return user;
    });
    identity.changed();
    return json_response(200, {{"user", user_view(req, updated)}});
}

Response delete_user(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:delete_user", user_target(identity, req));
    const auto& id = req.param("user_id");
    identity.db().write([&](Conn& c) {
        require_user(c, id);
        db::delete_assignments_for_actor(c, id);
        db::delete_user_credentials(c, id);
        db::delete_user(c, id);
        users::revoke_tokens_of_user(identity, c, id);
    });
    identity.changed();
    return Response::empty(204);
}

// Needs no token: the original password is the proof (an unenforced API upstream).
Response change_password(Identity& identity, Request& req) {
    auto body = entity_body(req, "user", password_change_schema());
    users::change_own_password(identity, req.param("user_id"),
                               std::string(body.at("original_password").as_string()),
                               std::string(body.at("password").as_string()));
    return Response::empty(204);
}

Response list_user_groups(Identity& identity, Request& req) {
    auto filters = attribute_filters(req.query(), {"name"});
    enforce_call(identity, req, "identity:list_groups_for_user", user_target(identity, req));
    auto groups = identity.db().read([&](Conn& c) {
        const auto& id = req.param("user_id");
        require_user(c, id);
        return db::groups_of_user(c, id);
    });
    json::array list;
    for (const auto& g : groups) {
        if (!req.ctx.domain_id.empty() && g.domain_id != req.ctx.domain_id) {
            continue;
        }
        auto view = group_view(req, g);
        view["membership_expires_at"] = nullptr;  // only federated memberships expire
        if (matches_all(view, filters)) {
            list.push_back(std::move(view));
        }
    }
    return json_response(200, {{"groups", std::move(list)}, {"links", collection_links(req)}});
}

Response list_user_projects(Identity& identity, Request& req) {
    auto filters = attribute_filters(req.query(), {"domain_id", "enabled", "name"});
    enforce_call(identity, req, "identity:list_user_projects", user_target(identity, req));
    auto projects = identity.db().read([&](Conn& c) {
        const auto& id = req.param("user_id");
        require_user(c, id);
        return assignment::projects_for_user(c, id);
    });
    json::array list;
    for (const auto& p : projects) {
        auto view = project_view(req, p);
        if (matches_all(view, filters)) {
            list.push_back(std::move(view));
        }
    }
    return json_response(200, {{"projects", std::move(list)}, {"links", collection_links(req)}});
}

}  // namespace

void add_user_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*fn)(Identity&, Request&)) {
        return [&identity, fn](Request& req) { return fn(identity, req); };
    };
    r.add(Verb::get, "/v3/users", bind(list_users));
    r.add(Verb::post, "/v3/users", bind(create_user));
    r.add(Verb::get, "/v3/users/{user_id}", bind(get_user));
    r.add(Verb::patch, "/v3/users/{user_id}", bind(update_user));
    r.add(Verb::delete_, "/v3/users/{user_id}", bind(delete_user));
    r.add(Verb::post, "/v3/users/{user_id}/password", bind(change_password),
          {.public_route = true});
    r.add(Verb::get, "/v3/users/{user_id}/groups", bind(list_user_groups));
    r.add(Verb::get, "/v3/users/{user_id}/projects", bind(list_user_projects));
}

}  // namespace onestack::identity::api
