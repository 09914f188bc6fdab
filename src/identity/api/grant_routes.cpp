// Role grants on projects and domains, direct and OS-INHERIT
// (keystone/api/projects.py, domains.py, os_inherit.py; the checks are
// keystone/assignment/core.py create_grant, get_grant, delete_grant and
// list_grants).
#include <boost/json.hpp>

#include "identity/api/assignment_lookups.hpp"
#include "identity/api/common.hpp"
#include "identity/api/grant_routes.hpp"
#include "identity/api/resource_requests.hpp"
#include "identity/api/routes.hpp"
#include "identity/api/views.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/user_store.hpp"
#include "identity/identity.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
namespace at = assignment_type;
using onestack::db::Conn;
using onestack::http::Verb;

// Which keystone resource serves the path: each builds its policy target
// differently, and so answers a missing entity at a different moment.
enum class Api { projects, domains, os_inherit };

struct GrantPath {
    Api api;
    bool group;  // actor is a group
    bool on_domain;
    bool inherited;
    std::string actor_id;
    std::string target_id;
    std::string role_id;  // "" for the list routes
};

GrantPath path_of(const Request& req, Api api, bool group, bool on_domain) {
    return {api,
            group,
            on_domain,
            api == Api::os_inherit,
            req.param(group ? "group_id" : "user_id"),
            req.param(on_domain ? "domain_id" : "project_id"),
            req.param("role_id")};
}

Assignment assignment_of(const GrantPath& g) {
    const char* type = g.group ? (g.on_domain ? at::kGroupDomain : at::kGroupProject)
                               : (g.on_domain ? at::kUserDomain : at::kUserProject);
    return {type, g.actor_id, g.target_id, g.role_id, g.inherited};
}

// keystone's _build_enforcement_target for each resource. /projects and
// /domains load every entity and 404 on a missing one (the actor may be
// missing on DELETE); OS-INHERIT never fails here, it leaves the entity's
// target empty and lets policy (or the manager's own checks) decide.
json::object policy_target(Conn& c, const GrantPath& g, bool deleting) {
    json::object t;
    auto add_actor = [&](bool may_be_missing) {
        if (g.group) {
            auto group = db::get_group(c, g.actor_id);
            if (group) {
                t["group"] = group_target(*group);
            } else if (!may_be_missing) {
                throw not_found("group", g.actor_id);
            }
        } else {
            auto user = db::get_user(c, g.actor_id);
            if (user) {
                t["user"] = user_target(*user);
            } else if (!may_be_missing) {
                throw not_found("user", g.actor_id);
            }
        }
    };
    auto add_role = [&] {
        if (!g.role_id.empty()) {
            t["role"] = role_target(role_or_404(c, g.role_id));
        }
    };
    switch (g.api) {
        case Api::projects:
            add_role();
            add_actor(deleting);
            t["project"] = project_target(project_or_404(c, g.target_id));
            break;
        case Api::domains:
            t["domain"] = domain_target(domain_or_404(c, g.target_id));
            add_role();
            add_actor(deleting);
            break;
        case Api::os_inherit: {
            if (!g.role_id.empty()) {
                auto role = db::get_role(c, g.role_id);
                t["role"] = role ? role_target(*role) : json::object{};
            }
            auto actor = g.group ? std::string("group") : std::string("user");
            t[actor] = json::object{};
            add_actor(true);
            if (g.on_domain) {
                auto d = db::get_domain(c, g.target_id);
                t["domain"] = d ? domain_target(*d) : json::object{};
            } else {
                auto p = db::get_project(c, g.target_id);
                t["project"] = p ? project_target(*p) : json::object{};
            }
            break;
        }
    }
    return t;
}

void authorize_grant(Identity& identity, const Request& req, const GrantPath& g,
                     std::string_view rule, bool deleting = false) {
    auto target = identity.db().read([&](Conn& c) { return policy_target(c, g, deleting); });
    authorize(identity, req, rule, target);
}

Project target_or_404(Conn& c, const GrantPath& g) {
    return g.on_domain ? domain_or_404(c, g.target_id) : project_or_404(c, g.target_id);
}

Fault assignment_not_found(const GrantPath& g) {
    return Fault::not_found("Could not find role assignment with role: " + g.role_id +
                            ", user or group: " + g.actor_id +
                            ", project, domain, or system: " + g.target_id + ".");
}

Response create_grant(Identity& identity, Request& req, const GrantPath& g) {
    authorize_grant(identity, req, g, "identity:create_grant");
    identity.db().write([&](Conn& c) {
        auto role = role_or_404(c, g.role_id);
        auto target = target_or_404(c, g);
        // A domain-specific role is only assignable on projects of its domain.
        if (!g.on_domain && !role.domain_id.empty() && target.domain_id != role.domain_id) {
            throw Fault::forbidden("Project " + g.target_id +
                                   " must be in the same domain as the role " + g.role_id +
                                   " being assigned.");
        }
        db::add_assignment(c, assignment_of(g));  // silent when it already exists
    });
    identity.changed();
    return Response::empty(204);
}

Response check_grant(Identity& identity, Request& req, const GrantPath& g) {
    authorize_grant(identity, req, g, "identity:check_grant");
    identity.db().read([&](Conn& c) {
        role_or_404(c, g.role_id);
        target_or_404(c, g);
        if (!db::has_assignment(c, assignment_of(g))) {
            throw assignment_not_found(g);
        }
    });
    return Response::empty(204);
}

Response delete_grant(Identity& identity, Request& req, const GrantPath& g) {
    authorize_grant(identity, req, g, "identity:revoke_grant", true);
    identity.db().write([&](Conn& c) {
        role_or_404(c, g.role_id);
        if (!db::has_assignment(c, assignment_of(g))) {
            throw assignment_not_found(g);
        }
        target_or_404(c, g);
        db::remove_assignment(c, assignment_of(g));
    });
    // Tokens recompute their roles on the next validation: a token left with
    // no role on its scope stops validating, as keystone's do.
    identity.changed();
    return Response::empty(204);
}

Response list_grants(Identity& identity, Request& req, const GrantPath& g) {
    authorize_grant(identity, req, g, "identity:list_grants");
    auto roles = identity.db().read([&](Conn& c) {
        target_or_404(c, g);
        db::AssignmentFilter f;
        f.actor_id = g.actor_id;
        f.target_id = g.target_id;
        f.inherited = g.inherited;
        std::vector<std::string> ids;
        for (const auto& a : db::list_assignments(c, f)) {
            ids.push_back(a.role_id);
        }
        return db::get_roles(c, ids);
    });
    return list_response(req, "roles", roles, role_view);
}

using GrantHandler = Response (*)(Identity&, Request&, const GrantPath&);

void add_family(Identity& identity, Router& r, const std::string& prefix, Api api, bool on_domain,
                bool group) {
    auto bind = [&identity, api, on_domain, group](GrantHandler fn) {
        return [&identity, fn, api, on_domain, group](Request& req) {
            return fn(identity, req, path_of(req, api, group, on_domain));
        };
    };
    std::string actor = group ? "/groups/{group_id}/roles" : "/users/{user_id}/roles";
    std::string suffix = api == Api::os_inherit ? "/inherited_to_projects" : "";
    std::string one = prefix + actor + "/{role_id}" + suffix;
    r.add(Verb::get, one, bind(check_grant));
    r.add(Verb::put, one, bind(create_grant));
    r.add(Verb::delete_, one, bind(delete_grant));
    // keystone has no list route for inherited grants on a project.
    if (!(api == Api::os_inherit && !on_domain)) {
        r.add(Verb::get, prefix + actor + suffix, bind(list_grants));
    }
}

}  // namespace

void add_grant_routes(Identity& identity, Router& r) {
    for (bool group : {false, true}) {
        add_family(identity, r, "/v3/projects/{project_id}", Api::projects, false, group);
        add_family(identity, r, "/v3/domains/{domain_id}", Api::domains, true, group);
        add_family(identity, r, "/v3/OS-INHERIT/projects/{project_id}", Api::os_inherit, false,
                   group);
        add_family(identity, r, "/v3/OS-INHERIT/domains/{domain_id}", Api::os_inherit, true, group);
    }
}

}  // namespace onestack::identity::api
