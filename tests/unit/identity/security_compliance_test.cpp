#include "identity/users/security_compliance.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "common/api/fault.hpp"
#include "common/util/time.hpp"
#include "identity/identity.hpp"
#include "identity/users/passwords.hpp"

namespace {

using namespace onestack::identity;
using onestack::api::Fault;
using users::Lockout;
using users::SecurityCompliance;

constexpr std::int64_t kSecond = 1000000;
constexpr std::int64_t kDay = 86400 * kSecond;
// 2024-03-01T12:00:00Z
constexpr std::int64_t kNow = 1709294400LL * kSecond;

std::string at(std::int64_t micros) {
    return onestack::util::iso8601_micros(micros);
}

std::string fault_message(const std::function<void()>& fn, unsigned status) {
    try {
        fn();
    } catch (const Fault& f) {
        EXPECT_EQ(f.status(), status);
        return f.message();
    }
    ADD_FAILURE() << "no Fault";
    return {};
}

TEST(SecurityCompliance, NoLockoutUnlessConfigured) {
    SecurityCompliance sc;
    User u;
    u.failed_auth_count = 100;
    u.failed_auth_at = at(kNow);
    EXPECT_EQ(users::lockout_state(sc, u, kNow), Lockout::none);
}

TEST(SecurityCompliance, LockedWithinDurationThenElapsed) {
    SecurityCompliance sc;
    sc.lockout_failure_attempts = 3;
    sc.lockout_duration = 10;
    User u;
    u.failed_auth_count = 2;
    u.failed_auth_at = at(kNow);
    EXPECT_EQ(users::lockout_state(sc, u, kNow), Lockout::none);
    u.failed_auth_count = 3;
    EXPECT_EQ(users::lockout_state(sc, u, kNow + 9 * kSecond), Lockout::locked);
    EXPECT_EQ(users::lockout_state(sc, u, kNow + 10 * kSecond), Lockout::elapsed);
}

TEST(SecurityCompliance, NoDurationLocksUntilReset) {
    SecurityCompliance sc;
    sc.lockout_failure_attempts = 1;
    sc.lockout_duration = 0;
    User u;
    u.failed_auth_count = 1;
    u.failed_auth_at = at(kNow);
    EXPECT_EQ(users::lockout_state(sc, u, kNow + 365 * kDay), Lockout::locked);
}

TEST(SecurityCompliance, IgnoreLockoutOptionExempts) {
    SecurityCompliance sc;
    sc.lockout_failure_attempts = 1;
    User u;
    u.failed_auth_count = 5;
    u.failed_auth_at = at(kNow);
    u.options["ignore_lockout_failure_attempts"] = true;
    EXPECT_EQ(users::lockout_state(sc, u, kNow), Lockout::none);
    u.options["ignore_lockout_failure_attempts"] = false;
    EXPECT_EQ(users::lockout_state(sc, u, kNow), Lockout::locked);
}

TEST(SecurityCompliance, ExpiryFromPasswordExpiresDaysInWholeSeconds) {
    SecurityCompliance sc;
    User u;
    EXPECT_EQ(users::new_password_expiry(sc, u, kNow + 123, true), "");
    sc.password_expires_days = 90;
    EXPECT_EQ(users::new_password_expiry(sc, u, kNow + 123, false), at(kNow + 90 * kDay));
    u.options["ignore_password_expiry"] = true;
    EXPECT_EQ(users::new_password_expiry(sc, u, kNow, false), "");
}

TEST(SecurityCompliance, ChangeUponFirstUseExpiresAdminPasswordsAtOnce) {
    SecurityCompliance sc;
    sc.change_password_upon_first_use = true;
    User u;
    EXPECT_EQ(users::new_password_expiry(sc, u, kNow, /*set_by_admin=*/true), at(kNow));
    EXPECT_EQ(users::new_password_expiry(sc, u, kNow, /*set_by_admin=*/false), "");
    u.options["ignore_change_password_upon_first_use"] = true;
    EXPECT_EQ(users::new_password_expiry(sc, u, kNow, true), "");
}

TEST(SecurityCompliance, PasswordExpiredAtItsTimeUnlessIgnored) {
    User u;
    EXPECT_FALSE(users::password_is_expired(u, kNow));
    u.password_expires_at = at(kNow);
    EXPECT_FALSE(users::password_is_expired(u, kNow - 1));
    EXPECT_TRUE(users::password_is_expired(u, kNow));
    u.options["ignore_password_expiry"] = true;
    EXPECT_FALSE(users::password_is_expired(u, kNow + kDay));
}

TEST(SecurityCompliance, SetPasswordHashAppliesExpiryAndSelfService) {
    SecurityCompliance sc;
    sc.change_password_upon_first_use = true;
    User u;
    users::set_password_hash(u, "$2b$04$x", sc, /*self_service=*/false);
    EXPECT_FALSE(u.password_expires_at.empty());
    EXPECT_FALSE(u.password_self_service);
    users::set_password_hash(u, "$2b$04$y", sc, /*self_service=*/true);
    EXPECT_TRUE(u.password_expires_at.empty());
    EXPECT_TRUE(u.password_self_service);
}

TEST(SecurityCompliance, RegexIsAnchoredAtTheStartLikeReMatch) {
    SecurityCompliance sc;
    EXPECT_NO_THROW(users::validate_password(sc, "anything"));
    sc.password_regex = R"(^(?=.*\d)(?=.*[a-zA-Z]).{7,}$)";
    sc.password_regex_description = "at least 7 characters with a letter and a digit";
    sc.compile_regex();
    EXPECT_NO_THROW(users::validate_password(sc, "abcdef1"));
    EXPECT_EQ(fault_message([&] { users::validate_password(sc, "abc1"); }, 400),
              "The password does not match the requirements: at least 7 characters with a "
              "letter and a digit.");
    sc.password_regex = "[0-9]+";
    sc.compile_regex();
    EXPECT_NO_THROW(users::validate_password(sc, "12ab"));
    EXPECT_THROW(users::validate_password(sc, "ab12"), Fault);  // match, not search
}

TEST(SecurityCompliance, RegexWithoutDescriptionSaysNone) {
    SecurityCompliance sc;
    sc.password_regex = "x";
    sc.compile_regex();
    EXPECT_EQ(fault_message([&] { users::validate_password(sc, "y"); }, 400),
              "The password does not match the requirements: None.");
}

TEST(SecurityCompliance, InvalidRegexIsAConfigurationError) {
    SecurityCompliance sc;
    sc.password_regex = "(unclosed";
    sc.compile_regex();
    EXPECT_TRUE(sc.regex_invalid);
    EXPECT_EQ(fault_message([&] { users::validate_password(sc, "whatever"); }, 400),
              "Password validation error: Unable to validate password due to invalid "
              "configuration.");
}

TEST(SecurityCompliance, NullPasswordRefusedOnlyWithARegex) {
    IdentityOptions o;
    o.password_hash_rounds = 4;
    EXPECT_EQ(users::hash_new_password(std::nullopt, o), "");
    o.security.password_regex = ".*";
    o.security.compile_regex();
    EXPECT_EQ(fault_message([&] { users::hash_new_password(std::nullopt, o); }, 400),
              "Password validation error: Password must be a string type.");
}

TEST(SecurityCompliance, MinimumPasswordAgeCountsWholeDaysLeft) {
    SecurityCompliance sc;
    User u;
    u.password_created_at = at(kNow);
    EXPECT_NO_THROW(users::check_minimum_password_age(sc, u, kNow));
    sc.minimum_password_age = 3;
    EXPECT_EQ(
        fault_message([&] { users::check_minimum_password_age(sc, u, kNow + kDay / 2); }, 400),
        "You cannot change your password at this time due to the minimum password age. "
        "Once you change your password, it must be used for 3 day(s) before it can be "
        "changed. Please try again in 2 day(s) or contact your administrator to reset "
        "your password.");
    EXPECT_NO_THROW(users::check_minimum_password_age(sc, u, kNow + 3 * kDay));
}

TEST(SecurityCompliance, HistoryChecksTheLastUniqueCountPasswords) {
    SecurityCompliance sc;
    std::vector<std::string> newest_first = {"current", "previous", "older"};
    auto is = [](const std::string& wanted) {
        return [wanted](const std::string& hash) { return hash == wanted; };
    };
    EXPECT_NO_THROW(users::check_password_history(sc, newest_first, is("current")));
    sc.unique_last_password_count = 2;
    EXPECT_EQ(fault_message(
                  [&] { users::check_password_history(sc, newest_first, is("previous")); }, 400),
              "The new password cannot be identical to a previous password. The total number "
              "which includes the new password must be unique is 2.");
    EXPECT_THROW(users::check_password_history(sc, newest_first, is("current")), Fault);
    EXPECT_NO_THROW(users::check_password_history(sc, newest_first, is("older")));
    EXPECT_EQ(users::password_history_depth(sc), 2u);
    sc.unique_last_password_count = 0;
    EXPECT_EQ(users::password_history_depth(sc), 1u);
}

TEST(SecurityCompliance, InactiveUsersReadAsDisabled) {
    SecurityCompliance sc;
    User u;
    u.created_at = at(kNow - 100 * kDay);
    EXPECT_TRUE(users::effectively_enabled(sc, u, kNow));
    sc.disable_user_account_days_inactive = 90;
    EXPECT_FALSE(users::effectively_enabled(sc, u, kNow));
    u.last_active_at = users::activity_date(kNow - 89 * kDay);
    EXPECT_TRUE(users::effectively_enabled(sc, u, kNow));
    u.last_active_at = users::activity_date(kNow - 90 * kDay);
    EXPECT_FALSE(users::effectively_enabled(sc, u, kNow));
    u.options["ignore_user_inactivity"] = true;
    EXPECT_TRUE(users::effectively_enabled(sc, u, kNow));
    u.enabled = false;
    EXPECT_FALSE(users::effectively_enabled(sc, u, kNow));
}

TEST(SecurityCompliance, ActivityIsADate) {
    EXPECT_EQ(users::activity_date(kNow), "2024-03-01T00:00:00.000000");
}

}  // namespace
