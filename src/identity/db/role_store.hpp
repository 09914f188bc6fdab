#pragma once
// SQL for roles, implied roles and role assignments.
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity::db {

using onestack::db::Conn;

std::optional<Role> get_role(Conn& c, const std::string& id);
// domain_id "" looks among global roles.
std::optional<Role> get_role_by_name(Conn& c, const std::string& name,
                                     const std::string& domain_id);
std::vector<Role> list_roles(Conn& c, const std::optional<std::string>& domain_id,
                             const std::optional<std::string>& name);
void insert_role(Conn& c, const Role& r);
void update_role(Conn& c, const Role& r);
void delete_role(Conn& c, const std::string& id);
// Every role, global and domain-specific.
std::vector<Role> list_all_roles(Conn& c);
// The roles among `ids` that exist (keystone's list_roles_from_ids), by name.
std::vector<Role> get_roles(Conn& c, const std::vector<std::string>& ids);

// prior role id -> implied role ids (the whole table: it is small).
std::vector<std::pair<std::string, std::string>> list_implied_roles(Conn& c);
void add_implied_role(Conn& c, const std::string& prior_id, const std::string& implied_id);
bool remove_implied_role(Conn& c, const std::string& prior_id, const std::string& implied_id);
bool has_implied_role(Conn& c, const std::string& prior_id, const std::string& implied_id);
// The roles `prior_id` implies directly, in the order the rules were made.
std::vector<std::string> implied_role_ids(Conn& c, const std::string& prior_id);

struct AssignmentFilter {
    std::vector<std::string> types;  // empty: any
    std::optional<std::string> actor_id;
    std::vector<std::string> actor_ids;  // any of these (user and their groups)
    std::optional<std::string> target_id;
    std::optional<std::string> role_id;
    std::optional<bool> inherited;
    std::vector<std::string> target_ids;  // any of these (a project and its subtree)
};
std::vector<Assignment> list_assignments(Conn& c, const AssignmentFilter& filter);
bool has_assignment(Conn& c, const Assignment& a);
void add_assignment(Conn& c, const Assignment& a);
bool remove_assignment(Conn& c, const Assignment& a);
// Cleanup when an actor, target or role goes away.
void delete_assignments_for_actor(Conn& c, const std::string& actor_id);
void delete_assignments_for_target(Conn& c, const std::string& target_id);
void delete_assignments_for_role(Conn& c, const std::string& role_id);

}  // namespace onestack::identity::db
