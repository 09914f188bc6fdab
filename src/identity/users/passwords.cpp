#include "identity/users/passwords.hpp"

#include <stdexcept>

#include "common/api/fault.hpp"
#include "common/crypto/password.hpp"
#include "common/util/time.hpp"
#include "identity/db/user_store.hpp"
#include "identity/identity.hpp"
#include "identity/users/user_revocation.hpp"

namespace onestack::identity::users {
namespace {

using onestack::api::Fault;
using onestack::db::Conn;

}  // namespace

void check_password_length(std::string_view password, const IdentityOptions& options) {
    if (password.size() > options.max_password_length) {
        throw Fault::forbidden("The password length must be less than or equal to " +
                               std::to_string(options.max_password_length) +
                               ". The server could not comply with the request because the "
                               "password is invalid.");
    }
}

std::string hash_new_password(const std::optional<std::string>& password,
                              const IdentityOptions& options) {
    if (!password) {
        // validators.validate_password: with a regex configured, a null
        // password is refused.
        if (!options.security.password_regex.empty()) {
            throw Fault::bad_request("Password validation error: Password must be a string type.");
        }
        return {};
    }
    validate_password(options.security, *password);
    check_password_length(*password, options);
    try {
        return crypto::hash_password(*password, options.password_hash_rounds);
    } catch (const std::invalid_argument&) {
        throw Fault::bad_request(
            "Password validation error: the password cannot contain a NUL "
            "character.");
    }
}

void set_password_hash(User& user, std::string hash, const SecurityCompliance& security,
                       bool self_service) {
    auto now = util::now_unix_micros();
    user.password_hash = std::move(hash);
    user.password_created_at = util::iso8601_micros(now);
    // No password_expires_days by default: the new password never expires.
    user.password_expires_at = new_password_expiry(security, user, now, !self_service);
    user.password_self_service = self_service;
}

void replace_password(Conn& c, User& user, std::string hash, const SecurityCompliance& security,
                      bool self_service) {
    if (!user.password_hash.empty()) {
        auto created = user.password_created_at.empty()
                           ? util::iso8601_micros(util::now_unix_micros())
                           : user.password_created_at;
        db::push_password_history(c, user.id, user.password_hash, created,
                                  password_history_depth(security));
    }
    set_password_hash(user, std::move(hash), security, self_service);
}

void authenticate_password(Identity& identity, const User& user, std::string_view password,
                           bool allow_expired) {
    const auto& security = identity.options().security;
    auto now = util::now_unix_micros();
    // sql.py authenticate(): a locked account is refused before its password
    // is even checked; a lockout that has run its course starts afresh.
    switch (lockout_state(security, user, now)) {
        case Lockout::locked:
            throw Fault::unauthorized("The account is locked for user: " + user.id + ".");
        case Lockout::elapsed:
            identity.db().write([&](Conn& c) { db::reset_failed_auth(c, user.id); });
            break;
        case Lockout::none:
            break;
    }
    if (user.password_hash.empty() || !crypto::verify_password(password, user.password_hash)) {
        identity.db().write(
            [&](Conn& c) { db::record_failed_auth(c, user.id, util::iso8601_micros(now)); });
        throw Fault::unauthorized();
    }
    if (!effectively_enabled(security, user, now)) {
        throw Fault::unauthorized("The account is disabled for user: " + user.id + ".");
    }
    if (!allow_expired && password_is_expired(user, now)) {
        throw Fault::unauthorized(
            "The password is expired and needs to be changed for user: " + user.id + ".");
    }
    // One write a day at most: Keystone stores the date only.
    bool track_activity = security.disable_user_account_days_inactive > 0 &&
                          user.last_active_at != activity_date(now);
    if (user.failed_auth_count > 0 || track_activity) {
        identity.db().write([&](Conn& c) {
            if (user.failed_auth_count > 0) {
                db::reset_failed_auth(c, user.id);
            }
            if (track_activity) {
                db::set_last_active_at(c, user.id, activity_date(now));
            }
        });
    }
}

void change_own_password(Identity& identity, const std::string& user_id,
                         const std::string& original_password, const std::string& new_password) {
    check_password_length(original_password, identity.options());
    const auto& security = identity.options().security;
    auto user = identity.db().read([&](Conn& c) { return db::get_user(c, user_id); });
    // Keystone's authenticate(): an unknown user or a wrong password is the
    // same bare 401 (a wrong one counts towards a lockout); a disabled or
    // locked account says so. An expired password may be changed (that is
    // the point).
    if (!user) {
        throw Fault::unauthorized();
    }
    authenticate_password(identity, *user, original_password, /*allow_expired=*/true);
    // validators.validate_password, then sql.py change_password: lock_password,
    // the minimum age of a password the user chose, the history.
    validate_password(security, new_password);
    if (user_option(*user, "lock_password")) {
        throw Fault::bad_request(
            "You cannot change your password at this time due to password policy disallowing "
            "password changes. Please contact your administrator to reset your password.");
    }
    if (user->password_self_service) {
        check_minimum_password_age(security, *user, util::now_unix_micros());
    }
    if (security.unique_last_password_count > 0) {
        auto hashes = identity.db().read([&](Conn& c) { return db::password_history(c, user_id); });
        hashes.insert(hashes.begin(), user->password_hash);
        check_password_history(security, hashes, [&](const std::string& hash) {
            return crypto::verify_password(new_password, hash);
        });
    }
    auto hash = hash_new_password(new_password, identity.options());
    identity.db().write([&](Conn& c) {
        auto current = db::get_user(c, user_id);
        if (!current) {
            throw Fault::unauthorized();
        }
        replace_password(c, *current, hash, security, /*self_service=*/true);
        db::update_user(c, *current);
        revoke_tokens_of_user(identity, c, user_id);
    });
    identity.changed();
}

}  // namespace onestack::identity::users
