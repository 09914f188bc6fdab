// GET /v3/role_assignments (keystone/api/role_assignments.py), and the
// registration of every grant route (grant_routes.cpp, system_grant_routes.cpp).
#include <boost/json.hpp>
#include <map>

#include "identity/api/assignment_lookups.hpp"
#include "identity/api/common.hpp"
#include "identity/api/grant_routes.hpp"
#include "identity/api/resource_requests.hpp"
#include "identity/api/role_assignment_view.hpp"
#include "identity/api/routes.hpp"
#include "identity/assignment/role_assignments.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/user_store.hpp"
#include "identity/identity.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using assignment::AssignmentQuery;
using assignment::AssignmentRef;
using onestack::db::Conn;
using onestack::http::Verb;

// keystone's query_filter_is_true: present and not "0".
bool flag(const Request& req, std::string_view name) {
    auto v = query(req, name);
    return v && *v != "0";
}

std::string param(const Request& req, std::string_view name) {
    return query(req, name).value_or("");
}

// keystone's _assert_* checks, in its order.
void reject_contradictions(const Request& req, bool effective,
                           const std::optional<bool>& inherited) {
    auto domain = param(req, "scope.domain.id");
    auto project = param(req, "scope.project.id");
    auto system = param(req, "scope.system");
    if (!domain.empty() && !project.empty()) {
        throw validation_error("Specify a domain or project, not both");
    }
    if (!domain.empty() && !system.empty()) {
        throw validation_error("Specify system or domain, not both");
    }
    if (!project.empty() && !system.empty()) {
        throw validation_error("Specify system or project, not both");
    }
    if (!param(req, "user.id").empty() && !param(req, "group.id").empty()) {
        throw validation_error("Specify a user or group, not both");
    }
    if (effective) {
        if (!param(req, "group.id").empty()) {
            throw validation_error(
                "Combining effective and group filter will always result in an empty list.");
        }
        if (inherited == true && !domain.empty()) {
            throw validation_error(
                "Combining effective, domain and inherited filters will always result in an "
                "empty list.");
        }
    }
}

// Names for include_names, each entity looked up once per request. An
// actor that has gone keeps empty names, as keystone does.
class NameResolver {
  public:
    explicit NameResolver(Conn& c) : c_(c) {}

    AssignmentNames names_of(const AssignmentRef& ref) {
        AssignmentNames n;
        if (!ref.user_id.empty()) {
            if (auto u = db::get_user(c_, ref.user_id)) {
                n.user = {u->name, u->domain_id, domain_name(u->domain_id)};
            }
        }
        if (!ref.group_id.empty()) {
            if (auto g = db::get_group(c_, ref.group_id)) {
                n.group = {g->name, g->domain_id, domain_name(g->domain_id)};
            }
        }
        if (!ref.project_id.empty()) {
            if (auto p = db::get_project(c_, ref.project_id)) {
                n.project = {p->name, p->domain_id, domain_name(p->domain_id)};
            }
        }
        if (!ref.domain_id.empty()) {
            n.domain_name = domain_name(ref.domain_id);
        }
        if (auto r = role(ref.role_id)) {
            n.role = {r->name, r->domain_id, r->domain_id.empty() ? "" : domain_name(r->domain_id)};
        }
        return n;
    }

  private:
    std::string domain_name(const std::string& id) {
        auto [it, fresh] = domains_.try_emplace(id);
        if (fresh) {
            if (auto d = db::get_domain(c_, id)) {
                it->second = d->name;
            }
        }
        return it->second;
    }
    const std::optional<Role>& role(const std::string& id) {
        auto [it, fresh] = roles_.try_emplace(id);
        if (fresh) {
            it->second = db::get_role(c_, id);
        }
        return it->second;
    }

    Conn& c_;
    std::map<std::string, std::string> domains_;
    std::map<std::string, std::optional<Role>> roles_;
};

// A domain-scoped caller sees only assignments on its domain and its projects.
bool within_domain(Conn& c, const AssignmentRef& ref, const std::string& domain_id) {
    if (ref.domain_id == domain_id) {
        return true;
    }
    if (!ref.project_id.empty()) {
        auto p = db::get_project(c, ref.project_id);
        return p && p->domain_id == domain_id;
    }
    return false;
}

Response list_role_assignments(Identity& identity, Request& req) {
    bool subtree = flag(req, "include_subtree");
    auto project_id = param(req, "scope.project.id");
    if (subtree) {
        json::object target;
        if (!project_id.empty()) {
            auto project =
                identity.db().read([&](Conn& c) { return project_or_404(c, project_id); });
            target["project"] = project_target(project);
        }
        authorize(identity, req, "identity:list_role_assignments_for_tree", target);
        if (project_id.empty()) {
            throw validation_error(
                "scope.project.id must be specified if include_subtree is also specified");
        }
    } else {
        json::object target;
        if (!req.ctx.domain_id.empty()) {
            target["domain_id"] = req.ctx.domain_id;
        }
        authorize(identity, req, "identity:list_role_assignments", target);
    }

    AssignmentQuery q;
    q.effective = flag(req, "effective");
    if (auto inherited_to = query(req, "scope.OS-INHERIT:inherited_to")) {
        q.inherited = *inherited_to == "projects";
    }
    reject_contradictions(req, q.effective, q.inherited);
    q.role_id = param(req, "role.id");
    q.user_id = param(req, "user.id");
    q.group_id = param(req, "group.id");
    q.domain_id = param(req, "scope.domain.id");
    q.project_id = project_id;
    q.system = param(req, "scope.system") == "all";
    q.include_subtree = subtree;
    bool include_names = flag(req, "include_names");
    const std::string caller_domain = subtree ? "" : req.ctx.domain_id;

    json::array list = identity.db().read([&](Conn& c) {
        if (assignment::needs_project(q)) {
            project_or_404(c, q.project_id);
        }
        NameResolver resolver(c);
        json::array out;
        for (const auto& ref : assignment::list_role_assignments(c, q)) {
            if (!caller_domain.empty() && !within_domain(c, ref, caller_domain)) {
                continue;
            }
            if (include_names) {
                auto names = resolver.names_of(ref);
                out.push_back(role_assignment_view(req, ref, &names));
            } else {
                out.push_back(role_assignment_view(req, ref, nullptr));
            }
        }
        return out;
    });
    return json_response(200,
                         {{"role_assignments", std::move(list)}, {"links", collection_links(req)}});
}

}  // namespace

void add_assignment_routes(Identity& identity, Router& r) {
    r.add(Verb::get, "/v3/role_assignments",
          [&identity](Request& req) { return list_role_assignments(identity, req); });
    add_grant_routes(identity, r);
    add_system_grant_routes(identity, r);
}

}  // namespace onestack::identity::api
