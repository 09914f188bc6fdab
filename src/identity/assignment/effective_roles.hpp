#pragma once
// The roles a user holds on a target, as Keystone computes them for tokens:
// direct and group assignments, assignments inherited from parent projects
// and the owning domain (OS-INHERIT), then implied roles, transitively.
#include <map>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity::assignment {

using onestack::db::Conn;

// Role ids before implication.
std::vector<std::string> project_role_ids(Conn& c, const std::string& user_id,
                                          const Project& project);
std::vector<std::string> domain_role_ids(Conn& c, const std::string& user_id,
                                         const std::string& domain_id);
std::vector<std::string> system_role_ids(Conn& c, const std::string& user_id);

// prior role id -> the role ids it implies directly: the whole rule table,
// which is small; shared by token roles and the effective assignment list.
using ImpliedRoles = std::multimap<std::string, std::string>;
ImpliedRoles implied_role_rules(Conn& c);

// Adds every role implied by the given ones (transitively, cycles safe).
std::vector<std::string> expand_implied(Conn& c, std::vector<std::string> role_ids);

// The roles a token carries: implied roles expanded, domain-specific roles
// dropped (they only lend the global roles they imply), sorted by name.
std::vector<Role> token_roles(Conn& c, const std::vector<std::string>& role_ids);

}  // namespace onestack::identity::assignment
