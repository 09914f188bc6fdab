#pragma once
// What goes away with a project, a domain's users and groups, as keystone's
// delete callbacks remove it (resource/core.py _post_delete_cleanup_project,
// identity/core.py _domain_deleted and delete_user, catalog/core.py
// _on_project_or_endpoint_delete, trust/core.py, application_credential/core.py).
#include <string>

#include "common/db/database.hpp"

namespace onestack::identity::db {

using onestack::db::Conn;

// Role assignments on the project, its credentials, trusts and limits, its
// endpoint (group) associations; users lose it as their default project.
void delete_project_references(Conn& c, const std::string& project_id);
// A user's assignments, credentials, application credentials, access rules
// and trusts, then the user.
void delete_user_and_references(Conn& c, const std::string& user_id);
// A group's assignments, then the group and its memberships.
void delete_group_and_references(Conn& c, const std::string& group_id);

}  // namespace onestack::identity::db
