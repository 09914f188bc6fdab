#pragma once
// Setting and changing user passwords (keystone identity/backends/sql.py and
// sql_model.py User.password): a new password is bcrypt-hashed, stamped with
// its creation time, and — with no password_expires_days configured, as by
// default — never expires. Passwords are never logged.
#include <optional>
#include <string>
#include <string_view>

#include "identity/db/records.hpp"

namespace onestack::identity {
class Identity;
struct IdentityOptions;
}  // namespace onestack::identity

namespace onestack::identity::users {

// Throws Fault 403 (Keystone's PasswordVerificationError, as with
// strict_password_check) when the password is longer than
// max_password_length bytes.
void check_password_length(std::string_view password, const IdentityOptions& options);

// Hashes outside any transaction (bcrypt is slow on purpose). nullopt stands
// for Keystone's "password": null, which leaves the user without one.
// Throws Fault 400 for a password bcrypt cannot represent (a NUL byte).
std::string hash_new_password(const std::optional<std::string>& password,
                              const IdentityOptions& options);

// Stores an already hashed password on the record ("" hash: none).
void set_password_hash(User& user, std::string hash);

// POST /v3/users/{id}/password: authenticates with the original password
// (Keystone's 401s), refuses when the lock_password option is set (400),
// stores the new one and revokes the user's tokens.
void change_own_password(Identity& identity, const std::string& user_id,
                         const std::string& original_password, const std::string& new_password);

}  // namespace onestack::identity::users
