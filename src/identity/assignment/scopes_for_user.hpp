#pragma once
// Where a user can scope a token: /v3/auth/projects, /v3/auth/domains,
// /v3/users/{id}/projects.
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity::assignment {

// Projects where the user holds a role directly, through a group, or by
// inheritance from a parent project or the domain.
std::vector<Project> projects_for_user(onestack::db::Conn& c, const std::string& user_id);
// Domains where the user (or a group of theirs) holds a domain role.
std::vector<Project> domains_for_user(onestack::db::Conn& c, const std::string& user_id);

}  // namespace onestack::identity::assignment
