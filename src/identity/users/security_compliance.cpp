#include "identity/users/security_compliance.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "common/api/fault.hpp"
#include "common/json/python_regex.hpp"
#include "common/util/time.hpp"
#include "identity/delegation/expiration.hpp"

namespace onestack::identity::users {
namespace {

using onestack::api::Fault;

constexpr std::int64_t kMicrosPerSecond = 1000000;
constexpr std::int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

std::optional<std::int64_t> micros(const std::string& stored) {
    return stored.empty() ? std::nullopt : delegation::stored_micros(stored);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    auto q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

void SecurityCompliance::compile_regex() {
    regex.reset();
    regex_invalid = false;
    if (password_regex.empty()) {
        return;
    }
    try {
        // re.match: anchored at the start only.
        regex = std::make_shared<const json::PythonRegex>("\\A(?:" + password_regex + ")");
    } catch (const std::exception&) {
        regex_invalid = true;
    }
}

bool user_option(const User& user, std::string_view name) {
    auto it = user.options.find(name);
    return it != user.options.end() && it->value().is_bool() && it->value().as_bool();
}

Lockout lockout_state(const SecurityCompliance& sc, const User& user, std::int64_t now_micros) {
    if (user_option(user, "ignore_lockout_failure_attempts")) {
        return Lockout::none;
    }
    if (sc.lockout_failure_attempts <= 0 || user.failed_auth_count < sc.lockout_failure_attempts) {
        return Lockout::none;
    }
    if (sc.lockout_duration <= 0) {
        return Lockout::locked;
    }
    auto last = micros(user.failed_auth_at);
    if (last && *last + sc.lockout_duration * kMicrosPerSecond > now_micros) {
        return Lockout::locked;
    }
    return Lockout::elapsed;
}

bool password_is_expired(const User& user, std::int64_t now_micros) {
    if (user.password_expires_at.empty() || user_option(user, "ignore_password_expiry")) {
        return false;
    }
    auto at = micros(user.password_expires_at);
    return at && now_micros >= *at;
}

std::string new_password_expiry(const SecurityCompliance& sc, const User& user,
                                std::int64_t now_micros, bool set_by_admin) {
    // sql.py create_user/update_user: _change_password_required expires the
    // password at once, after the model gave it its ordinary expiry.
    if (set_by_admin && sc.change_password_upon_first_use &&
        !user_option(user, "ignore_change_password_upon_first_use")) {
        return util::iso8601_micros(now_micros);
    }
    if (sc.password_expires_days <= 0 || user_option(user, "ignore_password_expiry")) {
        return {};
    }
    auto at = floor_div(now_micros, kMicrosPerSecond) + sc.password_expires_days * 86400LL;
    return util::iso8601_micros(at * kMicrosPerSecond);
}

void validate_password(const SecurityCompliance& sc, std::string_view password) {
    if (sc.password_regex.empty()) {
        return;
    }
    if (sc.regex_invalid || !sc.regex) {
        spdlog::error(
            "identity: unable to validate password due to invalid regular expression - "
            "password_regex: {}",
            sc.password_regex);
        throw Fault::bad_request(
            "Password validation error: Unable to validate password due to invalid "
            "configuration.");
    }
    if (!sc.regex->search(password)) {
        // PasswordRequirementsValidationError(detail=password_regex_description)
        auto detail =
            sc.password_regex_description.empty() ? "None" : sc.password_regex_description;
        throw Fault::bad_request("The password does not match the requirements: " + detail + ".");
    }
}

void check_minimum_password_age(const SecurityCompliance& sc, const User& user,
                                std::int64_t now_micros) {
    auto created = micros(user.password_created_at);
    if (!created) {
        return;
    }
    auto min_age = *created + sc.minimum_password_age * kMicrosPerDay;
    if (now_micros < min_age) {
        auto days_left = floor_div(min_age - now_micros, kMicrosPerDay);
        throw Fault::bad_request(
            "You cannot change your password at this time due to the minimum password age. "
            "Once you change your password, it must be used for " +
            std::to_string(sc.minimum_password_age) +
            " day(s) before it can be changed. Please try again in " + std::to_string(days_left) +
            " day(s) or contact your administrator to reset your password.");
    }
}

std::size_t password_history_depth(const SecurityCompliance& sc) {
    return sc.unique_last_password_count > 0
               ? static_cast<std::size_t>(sc.unique_last_password_count)
               : 1;
}

void throw_password_history_error(const SecurityCompliance& sc) {
    throw Fault::bad_request(
        "The new password cannot be identical to a previous password. The total number which "
        "includes the new password must be unique is " +
        std::to_string(sc.unique_last_password_count) + ".");
}

bool effectively_enabled(const SecurityCompliance& sc, const User& user, std::int64_t now_micros) {
    if (!user.enabled) {
        return false;
    }
    if (sc.disable_user_account_days_inactive <= 0 || user_option(user, "ignore_user_inactivity")) {
        return true;
    }
    auto last = micros(user.last_active_at);
    if (!last) {
        last = micros(user.created_at);
    }
    if (!last) {
        return true;
    }
    auto days_inactive = floor_div(now_micros, kMicrosPerDay) - floor_div(*last, kMicrosPerDay);
    return days_inactive < sc.disable_user_account_days_inactive;
}

std::string activity_date(std::int64_t now_micros) {
    return util::iso8601_micros(floor_div(now_micros, kMicrosPerDay) * kMicrosPerDay);
}

}  // namespace onestack::identity::users
