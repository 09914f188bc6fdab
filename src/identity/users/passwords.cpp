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

bool option_is_true(const User& user, std::string_view name) {
    auto it = user.options.find(name);
    return it != user.options.end() && it->value().is_bool() && it->value().as_bool();
}

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
        return {};
    }
    check_password_length(*password, options);
    try {
        return crypto::hash_password(*password, options.password_hash_rounds);
    } catch (const std::invalid_argument&) {
        throw Fault::bad_request(
            "Password validation error: the password cannot contain a NUL "
            "character.");
    }
}

void set_password_hash(User& user, std::string hash) {
    user.password_hash = std::move(hash);
    user.password_created_at = util::iso8601_micros(util::now_unix_micros());
    // No password_expires_days by default: the new password never expires.
    user.password_expires_at.clear();
}

void change_own_password(Identity& identity, const std::string& user_id,
                         const std::string& original_password, const std::string& new_password) {
    check_password_length(original_password, identity.options());
    auto user = identity.db().read([&](onestack::db::Conn& c) { return db::get_user(c, user_id); });
    // Keystone's authenticate(): an unknown user or a wrong password is the
    // same bare 401; a disabled account says so. An expired password may be
    // changed (that is the point).
    if (!user || user->password_hash.empty() ||
        !crypto::verify_password(original_password, user->password_hash)) {
        throw Fault::unauthorized();
    }
    if (!user->enabled) {
        throw Fault::unauthorized("The account is disabled for user: " + user_id + ".");
    }
    if (option_is_true(*user, "lock_password")) {
        throw Fault::bad_request(
            "You cannot change your password at this time due to password policy disallowing "
            "password changes. Please contact your administrator to reset your password.");
    }
    auto hash = hash_new_password(new_password, identity.options());
    identity.db().write([&](onestack::db::Conn& c) {
        auto current = db::get_user(c, user_id);
        if (!current) {
            throw Fault::unauthorized();
        }
        set_password_hash(*current, hash);
        db::update_user(c, *current);
        revoke_tokens_of_user(identity, c, user_id);
    });
    identity.changed();
}

}  // namespace onestack::identity::users
