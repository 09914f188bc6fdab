// Role grants on the system (keystone/api/system.py and the system grant
// methods of keystone/assignment/core.py).
#include <boost/json.hpp>

#include "identity/api/assignment_lookups.hpp"
#include "identity/api/common.hpp"
#include "identity/api/grant_routes.hpp"
#include "identity/api/routes.hpp"
#include "identity/api/views.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/user_store.hpp"
#include "identity/identity.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
namespace at = assignment_type;
using onestack::db::Conn;
using onestack::http::Verb;

constexpr const char* kSystem = "system";  // keystone's system target id

struct SystemGrant {
    bool group;
    std::string actor_id;
    std::string role_id;  // "" for the list routes

    std::string rule(std::string_view action) const {
        return "identity:" + std::string(action) + (group ? "_for_group" : "_for_user");
    }
    Assignment assignment() const {
        return {group ? at::kGroupSystem : at::kUserSystem, actor_id, kSystem, role_id, false};
    }
};

// keystone's target: the role (404 when missing) and the actor (404 when
// missing, except on DELETE).
json::object policy_target(Conn& c, const SystemGrant& g, bool deleting) {
    json::object t;
    if (!g.role_id.empty()) {
        t["role"] = role_target(role_or_404(c, g.role_id));
    }
    if (g.group) {
        if (auto group = db::get_group(c, g.actor_id)) {
            t["group"] = group_target(*group);
        } else if (!deleting) {
            throw not_found("group", g.actor_id);
        }
    } else {
        if (auto user = db::get_user(c, g.actor_id)) {
            t["user"] = user_target(*user);
        } else if (!deleting) {
            throw not_found("user", g.actor_id);
        }
    }
    return t;
}

void authorize_grant(Identity& identity, const Request& req, const SystemGrant& g,
                     std::string_view action, bool deleting = false) {
    auto target = identity.db().read([&](Conn& c) { return policy_target(c, g, deleting); });
    authorize(identity, req, g.rule(action), target);
}

Fault assignment_not_found(const SystemGrant& g) {
    return Fault::not_found("Could not find role assignment with role: " + g.role_id +
                            ", user or group: " + g.actor_id +
                            ", project, domain, or system: " + kSystem + ".");
}

Response list_grants(Identity& identity, Request& req, const SystemGrant& g) {
    authorize_grant(identity, req, g, "list_system_grants");
    auto roles = identity.db().read([&](Conn& c) {
        db::AssignmentFilter f;
        f.types = {g.assignment().type};
        f.actor_id = g.actor_id;
        f.target_id = kSystem;
        std::vector<std::string> ids;
        for (const auto& a : db::list_assignments(c, f)) {
            ids.push_back(a.role_id);
        }
        return db::get_roles(c, ids);
    });
    return list_response(req, "roles", roles, role_view);
}

Response check_grant(Identity& identity, Request& req, const SystemGrant& g) {
    authorize_grant(identity, req, g, "check_system_grant");
    bool found = identity.db().read([&](Conn& c) { return db::has_assignment(c, g.assignment()); });
    if (!found) {
        throw assignment_not_found(g);
    }
    return Response::empty(204);
}

Response create_grant(Identity& identity, Request& req, const SystemGrant& g) {
    authorize_grant(identity, req, g, "create_system_grant");
    identity.db().write([&](Conn& c) {
        if (!role_or_404(c, g.role_id).domain_id.empty()) {
            throw validation_error("Role " + g.role_id +
                                   " is a domain-specific role. Unable to use a domain-specific "
                                   "role in a system assignment.");
        }
        db::add_assignment(c, g.assignment());
    });
    identity.changed();
    return Response::empty(204);
}

Response delete_grant(Identity& identity, Request& req, const SystemGrant& g) {
    authorize_grant(identity, req, g, "revoke_system_grant", true);
    identity.db().write([&](Conn& c) {
        if (!db::remove_assignment(c, g.assignment())) {
            throw assignment_not_found(g);
        }
    });
    identity.changed();
    return Response::empty(204);
}

using Handler = Response (*)(Identity&, Request&, const SystemGrant&);

}  // namespace

void add_system_grant_routes(Identity& identity, Router& r) {
    for (bool group : {false, true}) {
        auto bind = [&identity, group](Handler fn) {
            return [&identity, fn, group](Request& req) {
                return fn(identity, req,
                          {group, req.param(group ? "group_id" : "user_id"), req.param("role_id")});
            };
        };
        std::string base =
            group ? "/v3/system/groups/{group_id}/roles" : "/v3/system/users/{user_id}/roles";
        r.add(Verb::get, base, bind(list_grants));
        r.add(Verb::get, base + "/{role_id}", bind(check_grant));
        r.add(Verb::put, base + "/{role_id}", bind(create_grant));
        r.add(Verb::delete_, base + "/{role_id}", bind(delete_grant));
    }
}

}  // namespace onestack::identity::api
