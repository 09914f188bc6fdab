#pragma once
// One entry of GET /v3/role_assignments, shaped as keystone's
// RoleAssignmentsResource._format_entity: actor, scope and role, with the
// grant that produced it as links.assignment (an OS-INHERIT link for an
// inherited one, a group link for one that came through membership).
#include <boost/json/object.hpp>
#include <string>

#include "common/http/message.hpp"
#include "identity/assignment/role_assignments.hpp"

namespace onestack::identity::api {

// include_names: each entity's name and its domain, as keystone adds them.
struct AssignmentNames {
    struct Named {
        std::string name;
        std::string domain_id;
        std::string domain_name;
    };
    Named user;
    Named group;
    Named project;
    std::string domain_name;  // a domain scope's own name
    Named role;               // domain_* only for a domain-specific role
};

boost::json::object role_assignment_view(const onestack::http::Request& req,
                                         const assignment::AssignmentRef& ref,
                                         const AssignmentNames* names);

}  // namespace onestack::identity::api
