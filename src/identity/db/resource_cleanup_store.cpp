#include "identity/db/resource_cleanup_store.hpp"

#include "common/util/time.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/user_store.hpp"

namespace onestack::identity::db {

void delete_project_references(Conn& c, const std::string& project_id) {
    delete_assignments_for_target(c, project_id);
    c.exec("DELETE FROM credential WHERE project_id = :p", {project_id});
    // Keystone deletes trusts softly: they stay in the table, marked deleted.
    c.exec("UPDATE trust SET deleted_at = :now WHERE project_id = :p AND deleted_at IS NULL",
           {util::iso8601_micros(util::now_unix_micros()), project_id});
    c.exec("DELETE FROM project_limit WHERE project_id = :p OR domain_id = :d",
           {project_id, project_id});
    c.exec("DELETE FROM project_endpoint WHERE project_id = :p", {project_id});
    c.exec("DELETE FROM project_endpoint_group WHERE project_id = :p", {project_id});
    c.exec("UPDATE identity_user SET default_project_id = NULL WHERE default_project_id = :p",
           {project_id});
}

void delete_user_and_references(Conn& c, const std::string& user_id) {
    delete_assignments_for_actor(c, user_id);
    c.exec("DELETE FROM credential WHERE user_id = :u", {user_id});
    c.exec("DELETE FROM application_credential WHERE user_id = :u", {user_id});
    c.exec(
        "DELETE FROM access_rule WHERE user_id = :u AND id NOT IN"
        " (SELECT access_rule_id FROM application_credential_access_rule)",
        {user_id});
    c.exec(
        "UPDATE trust SET deleted_at = :now WHERE (trustor_user_id = :u OR trustee_user_id = :u2)"
        " AND deleted_at IS NULL",
        {util::iso8601_micros(util::now_unix_micros()), user_id, user_id});
    delete_user(c, user_id);
}

void delete_group_and_references(Conn& c, const std::string& group_id) {
    delete_assignments_for_actor(c, group_id);
    delete_group(c, group_id);
}

}  // namespace onestack::identity::db
