#pragma once
// GET /v3/role_assignments as keystone's assignment manager computes it
// (keystone/assignment/core.py list_role_assignments): stored grants
// filtered by actor, target and role, or, in effective mode, what those
// grants amount to per user and project: groups expanded into their members,
// inherited grants pushed down onto the projects below, implied roles added
// and domain-specific roles dropped. Each result remembers where it came from
// (`indirect`), which the API turns into links.
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"

namespace onestack::identity::assignment {

struct AssignmentRef {
    // Exactly one actor: user_id or group_id.
    std::string user_id;
    std::string group_id;
    // Exactly one target: project_id, domain_id or system.
    std::string project_id;
    std::string domain_id;
    bool system = false;
    std::string role_id;
    bool inherited_to_projects = false;
    // Effective mode: the group, the inheritance point (project or domain)
    // and the prior role this assignment was derived through.
    struct Indirect {
        std::string group_id;
        std::string project_id;
        std::string domain_id;
        std::string role_id;
        bool operator==(const Indirect&) const = default;
    } indirect;
    bool operator==(const AssignmentRef&) const = default;
};

// Filters; "" is unset, as keystone treats empty query values.
struct AssignmentQuery {
    std::string role_id;
    std::string user_id;
    std::string group_id;
    std::string domain_id;
    std::string project_id;
    bool system = false;  // scope.system=all
    bool include_subtree = false;
    std::optional<bool> inherited;  // scope.OS-INHERIT:inherited_to
    bool effective = false;
    // Effective mode normally hides domain-specific roles (tokens never carry
    // them); trusts need the full set.
    bool strip_domain_roles = true;
};

// In effective mode with a project filter, the project must exist (keystone
// reads its domain); the caller checks that first (see needs_project).
std::vector<AssignmentRef> list_role_assignments(onestack::db::Conn& c, const AssignmentQuery& q);

// True when list_role_assignments will look the filter project up, so the
// caller must answer 404 for a missing one as keystone does.
bool needs_project(const AssignmentQuery& q);

}  // namespace onestack::identity::assignment
