#include "identity/assignment/role_assignments.hpp"

#include <algorithm>
#include <map>

#include "identity/assignment/effective_roles.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/user_store.hpp"

namespace onestack::identity::assignment {
namespace at = assignment_type;
using onestack::db::Conn;

namespace {

using Refs = std::vector<AssignmentRef>;
using Ids = std::vector<std::string>;

bool contains(const Ids& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

Ids ids_of(const std::vector<Project>& projects) {
    Ids out;
    for (const auto& p : projects) {
        if (!p.is_domain) {
            out.push_back(p.id);
        }
    }
    return out;
}

// keystone's sql driver list_role_assignments: project and domain grants
// (never system ones) of the given actors on the given targets.
struct DriverFilter {
    std::string role_id;
    std::string user_id;
    Ids group_ids;
    std::string domain_id;
    Ids project_ids;
    std::optional<bool> inherited;
};

Ids assignment_types(const DriverFilter& f) {
    Ids actor;
    if (!f.user_id.empty()) {
        actor = {at::kUserProject, at::kUserDomain};
    } else if (!f.group_ids.empty()) {
        actor = {at::kGroupProject, at::kGroupDomain};
    }
    Ids target;
    if (!f.project_ids.empty()) {
        target = {at::kUserProject, at::kGroupProject};
    } else if (!f.domain_id.empty()) {
        target = {at::kUserDomain, at::kGroupDomain};
    }
    if (!actor.empty() && !target.empty()) {
        Ids both;
        for (const auto& t : actor) {
            if (contains(target, t)) {
                both.push_back(t);
            }
        }
        return both;
    }
    if (!actor.empty() || !target.empty()) {
        return actor.empty() ? target : actor;
    }
    return {at::kUserProject, at::kGroupProject, at::kUserDomain, at::kGroupDomain};
}

Refs driver_list(Conn& c, const DriverFilter& f) {
    db::AssignmentFilter q;
    q.types = assignment_types(f);
    if (!f.role_id.empty()) {
        q.role_id = f.role_id;
    }
    if (!f.group_ids.empty()) {
        q.actor_ids = f.group_ids;
    } else if (!f.user_id.empty()) {
        q.actor_id = f.user_id;
    }
    if (!f.project_ids.empty()) {
        q.target_ids = f.project_ids;
    } else if (!f.domain_id.empty()) {
        q.target_id = f.domain_id;
    }
    q.inherited = f.inherited;
    Refs out;
    for (const auto& a : db::list_assignments(c, q)) {
        AssignmentRef r;
        bool user = a.type == at::kUserProject || a.type == at::kUserDomain;
        bool project = a.type == at::kUserProject || a.type == at::kGroupProject;
        (user ? r.user_id : r.group_id) = a.actor_id;
        (project ? r.project_id : r.domain_id) = a.target_id;
        r.role_id = a.role_id;
        r.inherited_to_projects = a.inherited;
        out.push_back(std::move(r));
    }
    return out;
}

Refs system_grants(Conn& c, const AssignmentQuery& q) {
    db::AssignmentFilter f;
    f.target_id = "system";
    if (!q.user_id.empty()) {
        f.types = {at::kUserSystem};
        f.actor_id = q.user_id;
    } else if (!q.group_id.empty()) {
        f.types = {at::kGroupSystem};
        f.actor_id = q.group_id;
    } else {
        f.types = {at::kUserSystem, at::kGroupSystem};
    }
    Refs out;
    for (const auto& a : db::list_assignments(c, f)) {
        if (!q.role_id.empty() && a.role_id != q.role_id) {
            continue;
        }
        // keystone lists user and group system grants through the role table.
        if (!db::get_role(c, a.role_id)) {
            continue;
        }
        AssignmentRef r;
        (a.type == at::kUserSystem ? r.user_id : r.group_id) = a.actor_id;
        r.system = true;
        r.role_id = a.role_id;
        out.push_back(std::move(r));
    }
    return out;
}

Refs list_direct(Conn& c, const AssignmentQuery& q, const Ids& subtree_ids) {
    Refs out;
    if (!q.system) {
        DriverFilter f;
        f.role_id = q.role_id;
        f.user_id = q.user_id;
        if (!q.group_id.empty()) {
            f.group_ids = {q.group_id};
        }
        f.domain_id = q.domain_id;
        if (!q.project_id.empty()) {
            f.project_ids = subtree_ids;
            f.project_ids.push_back(q.project_id);
        }
        f.inherited = q.inherited;
        out = driver_list(c, f);
    }
    if (q.system || (q.project_id.empty() && q.domain_id.empty())) {
        for (auto& r : system_grants(c, q)) {
            out.push_back(std::move(r));
        }
    }
    return out;
}

// The grants, for the given actor, that can affect the given project(s) or
// domain: direct ones, and inherited ones from the project's domain, its
// parents and (with a subtree) the subtree itself.
Refs grants_for_actor(Conn& c, std::optional<bool> inherited, const std::string& user_id,
                      const Ids& group_ids, const std::string& project_id, const Ids& subtree_ids,
                      const std::string& domain_id) {
    Ids of_interest;
    if (!project_id.empty()) {
        of_interest = subtree_ids;
        of_interest.push_back(project_id);
    }
    auto actor_filter = [&](bool inherited_grants) {
        DriverFilter f;
        f.user_id = user_id;
        f.group_ids = group_ids;
        f.inherited = inherited_grants;
        return f;
    };
    Refs out;
    auto append = [&](const DriverFilter& f) {
        for (auto& r : driver_list(c, f)) {
            out.push_back(std::move(r));
        }
    };
    if (inherited != true) {
        auto f = actor_filter(false);
        f.domain_id = domain_id;
        f.project_ids = of_interest;
        append(f);
    }
    if (inherited == false) {
        return out;
    }
    if (project_id.empty()) {
        append(actor_filter(true));
        return out;
    }
    auto project = db::get_project(c, project_id);
    if (!project) {
        return out;  // needs_project() lets the caller answer 404 first
    }
    auto from_domain = actor_filter(true);
    from_domain.domain_id = project->domain_id;
    append(from_domain);
    Ids sources = ids_of(db::parents_of(c, *project));
    if (!subtree_ids.empty()) {
        sources.insert(sources.end(), of_interest.begin(), of_interest.end());
    }
    if (!sources.empty()) {
        auto from_projects = actor_filter(true);
        from_projects.project_ids = sources;
        append(from_projects);
    }
    return out;
}

// A group grant becomes one per member (or just the filtered user).
Refs expand_group(Conn& c, const AssignmentRef& ref, const std::string& user_id) {
    Ids users;
    if (!user_id.empty()) {
        users = {user_id};
    } else {
        for (const auto& u : db::users_in_group(c, ref.group_id)) {
            users.push_back(u.id);
        }
    }
    Refs out;
    for (const auto& u : users) {
        AssignmentRef r = ref;
        r.user_id = u;
        r.indirect.group_id = r.group_id;
        r.group_id.clear();
        out.push_back(std::move(r));
    }
    return out;
}

// An inherited grant becomes one per project it reaches.
Refs expand_inherited(Conn& c, const AssignmentRef& ref, const std::string& user_id,
                      const std::string& project_id, const Ids& subtree_ids) {
    Ids projects;
    if (!project_id.empty()) {
        projects = {project_id};
        if (!subtree_ids.empty()) {
            projects.insert(projects.end(), subtree_ids.begin(), subtree_ids.end());
            // A grant made inside the subtree reaches only its own part of it.
            if (!ref.project_id.empty() && contains(projects, ref.project_id)) {
                projects = ids_of(db::subtree_of(c, ref.project_id));
            }
        }
    } else if (!ref.domain_id.empty()) {
        db::ProjectFilter in_domain;
        in_domain.is_domain = false;
        in_domain.domain_id = ref.domain_id;
        projects = ids_of(db::list_projects(c, in_domain));
    } else {
        projects = ids_of(db::subtree_of(c, ref.project_id));
    }
    auto onto = [&projects](const AssignmentRef& base, Refs& out) {
        for (const auto& p : projects) {
            AssignmentRef r = base;
            if (!r.project_id.empty()) {
                r.indirect.project_id = r.project_id;
            } else {
                r.indirect.domain_id = r.domain_id;
                r.domain_id.clear();
            }
            r.project_id = p;
            r.inherited_to_projects = false;
            out.push_back(std::move(r));
        }
    };
    Refs out;
    if (!ref.group_id.empty()) {
        for (const auto& member : expand_group(c, ref, user_id)) {
            onto(member, out);
        }
    } else {
        onto(ref, out);
    }
    return out;
}

// keystone's add_implied_roles: each ref is copied once per role its role
// implies, with the prior role recorded; a copy already examined is not
// followed again, which is what stops a cycle.
Refs add_implied_roles(const ImpliedRoles& rules, Refs refs) {
    Refs to_check = refs;
    Refs checked;
    while (!to_check.empty()) {
        AssignmentRef next = std::move(to_check.back());
        to_check.pop_back();
        checked.push_back(next);
        auto [lo, hi] = rules.equal_range(next.role_id);
        for (auto it = lo; it != hi; ++it) {
            AssignmentRef implied = next;
            implied.role_id = it->second;
            implied.indirect.role_id = next.role_id;
            if (std::find(checked.begin(), checked.end(), implied) != checked.end()) {
                continue;
            }
            refs.push_back(implied);
            to_check.push_back(std::move(implied));
        }
    }
    return refs;
}

Refs strip_domain_roles(Conn& c, Refs refs) {
    std::map<std::string, bool> global;
    std::erase_if(refs, [&](const AssignmentRef& r) {
        auto [it, fresh] = global.try_emplace(r.role_id, false);
        if (fresh) {
            auto role = db::get_role(c, r.role_id);
            it->second = role && role->domain_id.empty();
        }
        return !it->second;
    });
    return refs;
}

Refs list_effective(Conn& c, const AssignmentQuery& q, const Ids& subtree_ids) {
    // Group grants are always expanded and domains never inherit, so these
    // filters can only ever match nothing.
    if (!q.group_id.empty() || (!q.domain_id.empty() && q.inherited == true)) {
        return {};
    }
    auto inherited = q.domain_id.empty() ? q.inherited : std::optional<bool>(false);
    Refs found =
        grants_for_actor(c, inherited, q.user_id, {}, q.project_id, subtree_ids, q.domain_id);
    if (!q.user_id.empty()) {
        auto groups = db::group_ids_of_user(c, q.user_id);
        if (!groups.empty()) {
            for (auto& r : grants_for_actor(c, inherited, "", groups, q.project_id, subtree_ids,
                                            q.domain_id)) {
                found.push_back(std::move(r));
            }
        }
    }
    Refs refs;
    for (const auto& ref : found) {
        Refs expanded;
        if (ref.inherited_to_projects) {
            expanded = expand_inherited(c, ref, q.user_id, q.project_id, subtree_ids);
        } else if (!ref.group_id.empty()) {
            expanded = expand_group(c, ref, q.user_id);
        } else {
            expanded = {ref};
        }
        for (auto& r : expanded) {
            refs.push_back(std::move(r));
        }
    }
    refs = add_implied_roles(implied_role_rules(c), std::move(refs));
    if (q.strip_domain_roles) {
        refs = strip_domain_roles(c, std::move(refs));
    }
    if (!q.role_id.empty()) {
        std::erase_if(refs, [&](const AssignmentRef& r) { return r.role_id != q.role_id; });
    }
    return refs;
}

}  // namespace

bool needs_project(const AssignmentQuery& q) {
    return q.effective && !q.project_id.empty() && q.group_id.empty() && q.domain_id.empty() &&
           q.inherited != false;
}

std::vector<AssignmentRef> list_role_assignments(Conn& c, const AssignmentQuery& q) {
    Ids subtree_ids;
    if (!q.project_id.empty() && q.include_subtree) {
        subtree_ids = ids_of(db::subtree_of(c, q.project_id));
    }
    return q.effective ? list_effective(c, q, subtree_ids) : list_direct(c, q, subtree_ids);
}

}  // namespace onestack::identity::assignment
