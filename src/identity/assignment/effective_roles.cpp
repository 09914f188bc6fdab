#include "identity/assignment/effective_roles.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "identity/db/project_store.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/user_store.hpp"

namespace onestack::identity::assignment {
namespace at = assignment_type;

namespace {

std::vector<std::string> actors_of(Conn& c, const std::string& user_id) {
    auto actors = db::group_ids_of_user(c, user_id);
    actors.push_back(user_id);
    return actors;
}

void add_roles(std::set<std::string>& out, const std::vector<Assignment>& as) {
    for (const auto& a : as) {
        out.insert(a.role_id);
    }
}

}  // namespace

std::vector<std::string> project_role_ids(Conn& c, const std::string& user_id,
                                          const Project& project) {
    auto actors = actors_of(c, user_id);
    std::set<std::string> roles;
    db::AssignmentFilter direct;
    direct.types = {at::kUserProject, at::kGroupProject};
    direct.actor_ids = actors;
    direct.target_id = project.id;
    direct.inherited = false;
    add_roles(roles, db::list_assignments(c, direct));

    // OS-INHERIT: inherited grants on any parent project, and on the domain.
    for (const auto& parent : db::parents_of(c, project)) {
        db::AssignmentFilter inherited;
        inherited.types = parent.is_domain
                              ? std::vector<std::string>{at::kUserDomain, at::kGroupDomain}
                              : std::vector<std::string>{at::kUserProject, at::kGroupProject};
        inherited.actor_ids = actors;
        inherited.target_id = parent.id;
        inherited.inherited = true;
        add_roles(roles, db::list_assignments(c, inherited));
    }
    if (project.parent_id.empty()) {  // a project stored without its domain as parent
        db::AssignmentFilter from_domain;
        from_domain.types = {at::kUserDomain, at::kGroupDomain};
        from_domain.actor_ids = actors;
        from_domain.target_id = project.domain_id;
        from_domain.inherited = true;
        add_roles(roles, db::list_assignments(c, from_domain));
    }
    return {roles.begin(), roles.end()};
}

std::vector<std::string> domain_role_ids(Conn& c, const std::string& user_id,
                                         const std::string& domain_id) {
    db::AssignmentFilter f;
    f.types = {at::kUserDomain, at::kGroupDomain};
    f.actor_ids = actors_of(c, user_id);
    f.target_id = domain_id;
    f.inherited = false;
    std::set<std::string> roles;
    add_roles(roles, db::list_assignments(c, f));
    return {roles.begin(), roles.end()};
}

std::vector<std::string> system_role_ids(Conn& c, const std::string& user_id) {
    db::AssignmentFilter f;
    f.types = {at::kUserSystem, at::kGroupSystem};
    f.actor_ids = actors_of(c, user_id);
    f.target_id = "system";
    std::set<std::string> roles;
    add_roles(roles, db::list_assignments(c, f));
    return {roles.begin(), roles.end()};
}

ImpliedRoles implied_role_rules(Conn& c) {
    ImpliedRoles implies;
    for (auto& [prior, implied] : db::list_implied_roles(c)) {
        implies.emplace(std::move(prior), std::move(implied));
    }
    return implies;
}

std::vector<std::string> expand_implied(Conn& c, std::vector<std::string> role_ids) {
    const auto implies = implied_role_rules(c);
    std::set<std::string> seen(role_ids.begin(), role_ids.end());
    std::vector<std::string> frontier = role_ids;
    while (!frontier.empty()) {
        auto id = frontier.back();
        frontier.pop_back();
        auto [lo, hi] = implies.equal_range(id);
        for (auto it = lo; it != hi; ++it) {
            if (seen.insert(it->second).second) {
                frontier.push_back(it->second);
                role_ids.push_back(it->second);
            }
        }
    }
    return role_ids;
}

std::vector<Role> token_roles(Conn& c, const std::vector<std::string>& role_ids) {
    std::vector<Role> out;
    for (const auto& id : expand_implied(c, role_ids)) {
        auto role = db::get_role(c, id);
        if (role && role->domain_id.empty()) {
            out.push_back(std::move(*role));
        }
    }
    std::sort(out.begin(), out.end(), [](const Role& a, const Role& b) { return a.name < b.name; });
    return out;
}

}  // namespace onestack::identity::assignment
