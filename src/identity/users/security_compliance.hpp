#pragma once
// Keystone's [security_compliance] rules for SQL users (identity/backends/
// sql.py, sql_model.py, common/validation/validators.py): account lockout
// after failed authentications, password expiry, change upon first use,
// password history, minimum password age, a password strength regex and
// disabling inactive accounts. The per-user resource options
// (ignore_lockout_failure_attempts, ignore_password_expiry,
// ignore_change_password_upon_first_use, ignore_user_inactivity) exempt a
// user. Every rule here is pure: callers pass the time and do the storing.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "identity/db/records.hpp"

namespace onestack::json {
class PythonRegex;
}

namespace onestack::identity::users {

struct SecurityCompliance {
    int lockout_failure_attempts = 0;      // 0: unset (no lockout)
    std::int64_t lockout_duration = 1800;  // seconds; 0: locked until re-enabled
    int password_expires_days = 0;         // 0: unset (passwords never expire)
    int unique_last_password_count = 0;
    int minimum_password_age = 0;  // days
    std::string password_regex;    // "" matches any password
    std::string password_regex_description;
    bool change_password_upon_first_use = false;
    int disable_user_account_days_inactive = 0;  // 0: unset

    // Compiles password_regex; an invalid one is kept as such (validation
    // then fails with Keystone's "invalid configuration" error).
    void compile_regex();
    std::shared_ptr<const json::PythonRegex> regex;
    bool regex_invalid = false;
};

// A user's boolean resource option, true only when set to true.
bool user_option(const User& user, std::string_view name);

// _is_account_locked: too many failures, still within lockout_duration.
enum class Lockout { none, locked, elapsed };  // elapsed: reset the counter
Lockout lockout_state(const SecurityCompliance& sc, const User& user, std::int64_t now_micros);

// password_is_expired: an expiry at or before now, unless the user ignores expiry.
bool password_is_expired(const User& user, std::int64_t now_micros);

// The expiry of a password set at `now`: password_expires_days after it
// (whole seconds), or "" (never) with the option unset or the user exempt;
// `now` itself when the user must change it upon first use (a create or an
// administrative reset).
std::string new_password_expiry(const SecurityCompliance& sc, const User& user,
                                std::int64_t now_micros, bool set_by_admin);

// validators.validate_password: Fault 400 when the regex does not match.
void validate_password(const SecurityCompliance& sc, std::string_view password);

// _validate_minimum_password_age: Fault 400 while the current password (set
// by the user) is younger than minimum_password_age days.
void check_minimum_password_age(const SecurityCompliance& sc, const User& user,
                                std::int64_t now_micros);

// How many earlier passwords to keep: Keystone keeps
// unique_last_password_count of them (one when the feature is off).
std::size_t password_history_depth(const SecurityCompliance& sc);

// Fault 400 (PasswordHistoryValidationError) for a password among the last
// unique_last_password_count ones (current first, then the history, newest
// first); `matches(hash)` verifies the new password against a stored hash.
template <class Hashes, class Matches>
void check_password_history(const SecurityCompliance& sc, const Hashes& newest_first,
                            Matches matches);
[[noreturn]] void throw_password_history_error(const SecurityCompliance& sc);

// The User.enabled hybrid property: an enabled user inactive (no password
// authentication, else since creation) for disable_user_account_days_inactive
// days or more reads as disabled, unless ignore_user_inactivity is set.
bool effectively_enabled(const SecurityCompliance& sc, const User& user, std::int64_t now_micros);
// The last_active_at stamp for `now` (Keystone stores a date).
std::string activity_date(std::int64_t now_micros);

template <class Hashes, class Matches>
void check_password_history(const SecurityCompliance& sc, const Hashes& newest_first,
                            Matches matches) {
    if (sc.unique_last_password_count <= 0) {
        return;
    }
    std::size_t checked = 0;
    for (const auto& hash : newest_first) {
        if (checked++ >= static_cast<std::size_t>(sc.unique_last_password_count)) {
            break;
        }
        if (!hash.empty() && matches(hash)) {
            throw_password_history_error(sc);
        }
    }
}

}  // namespace onestack::identity::users
