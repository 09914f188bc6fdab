#pragma once
// Setting and changing user passwords (keystone identity/backends/sql.py and
// sql_model.py User.password): a new password is bcrypt-hashed, stamped with
// its creation time, and — with no password_expires_days configured, as by
// default — never expires. Passwords are never logged.
#include <optional>
#include <string>
#include <string_view>

#include "common/db/database.hpp"
#include "identity/db/records.hpp"
#include "identity/users/security_compliance.hpp"

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
// Throws Fault 400 for a password bcrypt cannot represent (a NUL byte) or
// one that does not match [security_compliance] password_regex.
std::string hash_new_password(const std::optional<std::string>& password,
                              const IdentityOptions& options);

// Stores an already hashed password on the record ("" hash: none), with its
// expiry ([security_compliance] password_expires_days, or at once when set
// by an administrator under change_password_upon_first_use).
void set_password_hash(User& user, std::string hash, const SecurityCompliance& security = {},
                       bool self_service = false);

// set_password_hash for a stored user, the replaced password going into its
// history (Keystone keeps unique_last_password_count earlier ones).
void replace_password(onestack::db::Conn& c, User& user, std::string hash,
                      const SecurityCompliance& security, bool self_service);

// Keystone's sql.py authenticate() for a found user: 401 "The account is
// locked" while locked out, a bare 401 for a wrong password (counted as a
// failure), 401 when disabled (or inactive) and when the password expired
// (unless allow_expired); success clears the failure count and stamps
// last_active_at when disable_user_account_days_inactive is set.
void authenticate_password(Identity& identity, const User& user, std::string_view password,
                           bool allow_expired);

// POST /v3/users/{id}/password: authenticates with the original password
// (Keystone's 401s), refuses (400) a password failing password_regex, when
// the lock_password option is set, before minimum_password_age and when the
// password is among the last unique_last_password_count; stores the new one
// and revokes the user's tokens.
void change_own_password(Identity& identity, const std::string& user_id,
                         const std::string& original_password, const std::string& new_password);

}  // namespace onestack::identity::users
