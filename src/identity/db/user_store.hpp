#pragma once
// SQL for users, groups and group membership.
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity::db {

using onestack::db::Conn;

std::optional<User> get_user(Conn& c, const std::string& id);
std::optional<User> get_user_by_name(Conn& c, const std::string& domain_id,
                                     const std::string& name);
struct UserFilter {
    std::optional<std::string> domain_id;
    std::optional<std::string> name;
    std::optional<bool> enabled;
};
std::vector<User> list_users(Conn& c, const UserFilter& filter);
void insert_user(Conn& c, const User& u);
void update_user(Conn& c, const User& u);
void delete_user(Conn& c, const std::string& id);

// [security_compliance] bookkeeping, each a single statement so that
// concurrent authentications never lose a count.
void record_failed_auth(Conn& c, const std::string& user_id, const std::string& at);
void reset_failed_auth(Conn& c, const std::string& user_id);
void set_last_active_at(Conn& c, const std::string& user_id, const std::string& at);
// Earlier password hashes of a user, newest first (the current one is on the user).
std::vector<std::string> password_history(Conn& c, const std::string& user_id);
// Remembers a replaced password, keeping only the `keep` newest.
void push_password_history(Conn& c, const std::string& user_id, const std::string& hash,
                           const std::string& created_at, std::size_t keep);
// What Keystone drops with a user besides memberships and assignments: EC2
// and other credentials, application credentials and access rules.
void delete_user_credentials(Conn& c, const std::string& user_id);

std::optional<Group> get_group(Conn& c, const std::string& id);
std::optional<Group> get_group_by_name(Conn& c, const std::string& domain_id,
                                       const std::string& name);
std::vector<Group> list_groups(Conn& c, const std::optional<std::string>& domain_id,
                               const std::optional<std::string>& name);
void insert_group(Conn& c, const Group& g);
void update_group(Conn& c, const Group& g);
void delete_group(Conn& c, const std::string& id);

std::vector<std::string> group_ids_of_user(Conn& c, const std::string& user_id);
std::vector<Group> groups_of_user(Conn& c, const std::string& user_id);
std::vector<User> users_in_group(Conn& c, const std::string& group_id);
bool is_member(Conn& c, const std::string& user_id, const std::string& group_id);
void add_member(Conn& c, const std::string& user_id, const std::string& group_id);
void remove_member(Conn& c, const std::string& user_id, const std::string& group_id);

}  // namespace onestack::identity::db
