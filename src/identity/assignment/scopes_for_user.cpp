#include "identity/assignment/scopes_for_user.hpp"

#include <map>
#include <set>

#include "identity/db/project_store.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/user_store.hpp"

namespace onestack::identity::assignment {
namespace at = assignment_type;

std::vector<Project> projects_for_user(onestack::db::Conn& c, const std::string& user_id) {
    auto actors = db::group_ids_of_user(c, user_id);
    actors.push_back(user_id);
    db::AssignmentFilter f;
    f.types = {at::kUserProject, at::kGroupProject, at::kUserDomain, at::kGroupDomain};
    f.actor_ids = actors;
    std::set<std::string> ids;
    for (const auto& a : db::list_assignments(c, f)) {
        bool on_project = a.type == at::kUserProject || a.type == at::kGroupProject;
        if (on_project && !a.inherited) {
            ids.insert(a.target_id);
        } else if (a.inherited) {
            // Inherited: every project below the target (a domain's or a project's subtree).
            for (const auto& p : db::subtree_of(c, a.target_id)) {
                if (!p.is_domain) {
                    ids.insert(p.id);
                }
            }
        }
    }
    std::vector<Project> out;
    for (const auto& id : ids) {
        if (auto p = db::get_project(c, id); p && !p->is_domain) {
            out.push_back(std::move(*p));
        }
    }
    return out;
}

std::vector<Project> domains_for_user(onestack::db::Conn& c, const std::string& user_id) {
    auto actors = db::group_ids_of_user(c, user_id);
    actors.push_back(user_id);
    db::AssignmentFilter f;
    f.types = {at::kUserDomain, at::kGroupDomain};
    f.actor_ids = actors;
    f.inherited = false;
    std::set<std::string> ids;
    for (const auto& a : db::list_assignments(c, f)) {
        ids.insert(a.target_id);
    }
    std::vector<Project> out;
    for (const auto& id : ids) {
        if (auto d = db::get_domain(c, id)) {
            out.push_back(std::move(*d));
        }
    }
    return out;
}

}  // namespace onestack::identity::assignment
