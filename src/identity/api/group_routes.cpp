// /v3/groups: CRUD and membership (keystone/api/groups.py, identity/core.py).
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
#include "identity/db/project_store.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/user_store.hpp"
#include "identity/identity.hpp"
#include "identity/users/user_attributes.hpp"
#include "identity/users/user_revocation.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::http::Verb;

Group require_group(Conn& c, const std::string& id) {
    auto group = db::get_group(c, id);
    if (!group) {
        throw not_found("group", id);
    }
    return *group;
}

User require_user(Conn& c, const std::string& id) {
    auto user = db::get_user(c, id);
    if (!user) {
        throw not_found("user", id);
    }
    return *user;
}

// _build_group_target_enforcement: the group when it exists.
json::object group_target(Identity& identity, const Request& req) {
    auto group =
        identity.db().read([&](Conn& c) { return db::get_group(c, req.param("group_id")); });
    json::object target;
    if (group) {
        target["group"] = group_view(req, *group);
    }
    return target;
}

// UserGroupCRUDResource's target: the group and the user, each when found.
json::object membership_target(Identity& identity, const Request& req) {
    json::object target;
    identity.db().read([&](Conn& c) {
        if (auto g = db::get_group(c, req.param("group_id"))) {
            target["group"] = group_view(req, *g);
        }
        if (auto u = db::get_user(c, req.param("user_id"))) {
            target["user"] = user_view(req, *u);
        }
    });
    return target;
}

// Group's columns are id, name, domain_id and description; the rest is extra.
void apply_group_attributes(Group& g, const json::object& body) {
    for (const auto& [key, value] : body) {
        if (key == "name") {
            g.name = users::strip(value.is_string() ? std::string(value.as_string()) : "");
        } else if (key == "description") {
            g.description = value.is_string() ? std::string(value.as_string()) : "";
        } else if (key != "id" && key != "domain_id") {
            g.extra[key] = value;
        }
    }
}

// The driver's "member not found" (a plain NotFound, no trailing period).
Fault not_a_member(const std::string& user_id, const std::string& group_id) {
    return Fault::not_found("User '" + user_id + "' not found in group '" + group_id + "'");
}

Fault duplicate_group(const std::string& name, const std::string& domain_id) {
    std::string details = "Duplicate entry found with name " + name;
    if (!domain_id.empty()) {
        details += " at domain ID " + domain_id;
    }
    return conflict("group", details);
}

Response list_groups(Identity& identity, Request& req) {
    auto filters = attribute_filters(req.query(), {"domain_id", "name"});
    json::object target;
    if (!req.ctx.domain_id.empty()) {
        target["group"] = json::object{{"domain_id", req.ctx.domain_id}};
    }
    enforce_call(identity, req, "identity:list_groups", target);
    std::optional<std::string> domain_id;
    std::optional<std::string> name;
    if (const auto* d = exact_value(filters, "domain_id")) {
        domain_id = *d;
    }
    if (const auto* n = exact_value(filters, "name")) {
        name = *n;
    }
    auto groups = identity.db().read([&](Conn& c) { return db::list_groups(c, domain_id, name); });
    json::array list;
    for (const auto& g : groups) {
        if (!req.ctx.domain_id.empty() && g.domain_id != req.ctx.domain_id) {
            continue;
        }
        auto view = group_view(req, g);
        if (matches_all(view, filters)) {
            list.push_back(std::move(view));
        }
    }
    return json_response(200, {{"groups", std::move(list)}, {"links", collection_links(req)}});
}

Response get_group(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:get_group", group_target(identity, req));
    auto group =
        identity.db().read([&](Conn& c) { return require_group(c, req.param("group_id")); });
    return json_response(200, {{"group", group_view(req, group)}});
}

Response create_group(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:create_group", {{"group", raw_entity(req, "group")}});
    auto body = entity_body(req, "group", group_create_schema());
    // ks_flask._normalize_dict: ':' and '-' in top-level keys become '_'.
    json::object normalized;
    for (const auto& [key, value] : body) {
        std::string k(key);
        std::replace(k.begin(), k.end(), ':', '_');
        std::replace(k.begin(), k.end(), '-', '_');
        normalized[k] = value;
    }
    Group group;
    group.id = util::uuid_hex();
    apply_group_attributes(group, normalized);
    group.domain_id = str_or_empty(normalized, "domain_id");
    if (group.domain_id.empty()) {
        group.domain_id =
            req.ctx.domain_id.empty() ? identity.options().default_domain_id : req.ctx.domain_id;
    }
    identity.db().write([&](Conn& c) {
        if (!db::get_domain(c, group.domain_id)) {
            throw not_found("domain", group.domain_id);
        }
        if (db::get_group_by_name(c, group.domain_id, group.name)) {
            throw duplicate_group(group.name, group.domain_id);
        }
        db::insert_group(c, group);
    });
    identity.changed();
    return json_response(201, {{"group", group_view(req, group)}});
}

Response update_group(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:update_group", group_target(identity, req));
    auto body = entity_body(req, "group", group_update_schema());
    const auto& id = req.param("group_id");
    if (const auto* given = body.if_contains("id"); given && !given->is_null()) {
        if (!given->is_string() || given->as_string() != id) {
            throw validation_error("Cannot change ID");
        }
    }
    auto updated = identity.db().write([&](Conn& c) {
        auto group = require_group(c, id);
        if (const auto* d = body.if_contains("domain_id");
            d && (!d->is_string() || d->as_string() != group.domain_id)) {
            throw validation_error("Cannot change Domain ID");
        }
        auto old_name = group.name;
        apply_group_attributes(group, body);
        if (group.name != old_name) {
            if (auto other = db::get_group_by_name(c, group.domain_id, group.name);
                other && other->id != id) {
                throw duplicate_group(group.name,
                                      body.contains("domain_id") ? group.domain_id : "");
            }
        }
        db::update_group(c, group);
        return group;
    });
    identity.changed();
    return json_response(200, {{"group", group_view(req, updated)}});
}

Response delete_group(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:delete_group");
    const auto& id = req.param("group_id");
    identity.db().write([&](Conn& c) {
        require_group(c, id);
        db::AssignmentFilter f;
        f.actor_id = id;
        bool had_roles = !db::list_assignments(c, f).empty();
        auto members = db::users_in_group(c, id);
        db::delete_assignments_for_actor(c, id);
        db::delete_group(c, id);
        // Members lose the group's roles: their tokens go, as upstream. A
        // group without roles changes no token.
        if (had_roles) {
            for (const auto& u : members) {
                users::revoke_tokens_of_user(identity, c, u.id);
            }
        }
    });
    identity.changed();
    return Response::empty(204);
}

Response list_group_users(Identity& identity, Request& req) {
    auto filters =
        attribute_filters(req.query(), {"domain_id", "enabled", "name", "password_expires_at"});
    enforce_call(identity, req, "identity:list_users_in_group", group_target(identity, req));
    std::vector<PasswordExpiryFilter> expiry;
    std::vector<AttributeFilter> attributes;
    auto users = identity.db().read([&](Conn& c) {
        const auto& id = req.param("group_id");
        require_group(c, id);
        return db::users_in_group(c, id);
    });
    for (auto& f : filters) {
        if (f.name == "password_expires_at") {
            expiry.push_back(parse_password_expiry_filter(f.value));
        } else {
            attributes.push_back(std::move(f));
        }
    }
    json::array list;
    for (const auto& u : users) {
        if (!req.ctx.domain_id.empty() && u.domain_id != req.ctx.domain_id) {
            continue;
        }
        bool expiry_ok = std::all_of(expiry.begin(), expiry.end(), [&](const auto& f) {
            return passes(f, u.password_expires_at);
        });
        auto member = u;  // an inactive user reads as disabled
        member.enabled =
            users::effectively_enabled(identity.options().security, u, util::now_unix_micros());
        auto view = user_view(req, member);
        if (expiry_ok && matches_all(view, attributes)) {
            list.push_back(std::move(view));
        }
    }
    return json_response(200, {{"users", std::move(list)}, {"links", collection_links(req)}});
}

Response check_member(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:check_user_in_group", membership_target(identity, req));
    const auto& group_id = req.param("group_id");
    const auto& user_id = req.param("user_id");
    identity.db().read([&](Conn& c) {
        require_group(c, group_id);
        require_user(c, user_id);
        if (!db::is_member(c, user_id, group_id)) {
            throw not_a_member(user_id, group_id);
        }
    });
    return Response::empty(204);
}

Response add_member(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:add_user_to_group", membership_target(identity, req));
    const auto& group_id = req.param("group_id");
    const auto& user_id = req.param("user_id");
    identity.db().write([&](Conn& c) {
        require_group(c, group_id);
        require_user(c, user_id);
        db::add_member(c, user_id, group_id);
    });
    identity.changed();
    return Response::empty(204);
}

Response remove_member(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:remove_user_from_group",
                 membership_target(identity, req));
    const auto& group_id = req.param("group_id");
    const auto& user_id = req.param("user_id");
    identity.db().write([&](Conn& c) {
        if (!db::is_member(c, user_id, group_id)) {
            require_group(c, group_id);
            require_user(c, user_id);
            throw not_a_member(user_id, group_id);
        }
        db::remove_member(c, user_id, group_id);
        // The user may have held roles through the group.
        users::revoke_tokens_of_user(identity, c, user_id);
    });
    identity.changed();
    return Response::empty(204);
}

}  // namespace

void add_group_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*fn)(Identity&, Request&)) {
        return [&identity, fn](Request& req) { return fn(identity, req); };
    };
    r.add(Verb::get, "/v3/groups", bind(list_groups));
    r.add(Verb::post, "/v3/groups", bind(create_group));
    r.add(Verb::get, "/v3/groups/{group_id}", bind(get_group));
    r.add(Verb::patch, "/v3/groups/{group_id}", bind(update_group));
    r.add(Verb::delete_, "/v3/groups/{group_id}", bind(delete_group));
    r.add(Verb::get, "/v3/groups/{group_id}/users", bind(list_group_users));
    r.add(Verb::get, "/v3/groups/{group_id}/users/{user_id}", bind(check_member));
    r.add(Verb::put, "/v3/groups/{group_id}/users/{user_id}", bind(add_member));
    r.add(Verb::delete_, "/v3/groups/{group_id}/users/{user_id}", bind(remove_member));
}

}  // namespace onestack::identity::api
