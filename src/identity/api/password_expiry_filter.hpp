#pragma once
// The password_expires_at list filter: "lt:2016-11-06T15:32:17Z" (or a bare
// timestamp for equality) picks users whose current password expires before,
// after or at that time (keystone identity/core.py
// _translate_expired_password_hints). Users without an expiry never match.
#include <cstdint>
#include <string>
#include <string_view>

namespace onestack::identity::api {

struct PasswordExpiryFilter {
    enum class Op { lt, gt, eq, lte, gte, neq };
    Op op = Op::eq;
    std::int64_t at = 0;  // unix seconds
};

// Throws Fault 400 with Keystone's ValidationTimeStampError or
// InvalidOperatorError message.
PasswordExpiryFilter parse_password_expiry_filter(std::string_view value);

// `expires_at` as stored ("" when the password does not expire).
bool passes(const PasswordExpiryFilter& filter, const std::string& expires_at);

}  // namespace onestack::identity::api
