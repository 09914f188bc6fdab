#include "identity/delegation/expiration.hpp"

#include <gtest/gtest.h>

#include "common/api/fault.hpp"

namespace {

using namespace onestack::identity::delegation;

// 2032-01-01T10:00:00Z
constexpr std::int64_t kBase = 1956564000LL * 1000000;

TEST(DelegationExpiration, ParsesWhatPythonIso8601AcceptsOnceZIsAppended) {
    EXPECT_EQ(parse_expiration_micros("2032-01-01T10:00:00Z"), kBase);
    EXPECT_EQ(parse_expiration_micros("2032-01-01T10:00:00"), kBase);
    EXPECT_EQ(parse_expiration_micros("2032-01-01T10:00:00.123456"), kBase + 123456);
    EXPECT_EQ(parse_expiration_micros("2032-01-01T10:00:00.1234567Z"), kBase + 123456);
    EXPECT_EQ(parse_expiration_micros("2032-01-01T10:00:00,5Z"), kBase + 500000);
    EXPECT_EQ(parse_expiration_micros("2032-01-01 10:00:00"), kBase);
    EXPECT_EQ(parse_expiration_micros("20320101T100000"), kBase);
    EXPECT_EQ(parse_expiration_micros("2032-01-01T10"), kBase);
    EXPECT_EQ(parse_expiration_micros("2032-1-1T10:00"), kBase);
}

TEST(DelegationExpiration, RejectsWhatKeystoneRejects) {
    EXPECT_FALSE(parse_expiration_micros("bad.123Z"));
    EXPECT_FALSE(parse_expiration_micros(""));
    EXPECT_FALSE(parse_expiration_micros("2032-01-01"));  // "2032-01-01Z" has no time
    EXPECT_FALSE(parse_expiration_micros("2032-01-01T10:00:00+02:00"));  // "...+02:00Z"
    EXPECT_FALSE(parse_expiration_micros("2032-02-30T10:00:00"));
    EXPECT_FALSE(parse_expiration_micros("2032-01-01T24:00:00"));
    EXPECT_FALSE(parse_expiration_micros("2032-01-01T10:00:00."));
    EXPECT_TRUE(parse_expiration_micros("2032-02-29T10:00:00"));  // leap year
    EXPECT_FALSE(parse_expiration_micros("2031-02-29T10:00:00"));
}

TEST(DelegationExpiration, PastAndMalformedAreBadRequests) {
    EXPECT_EQ(parse_expiration_date("2032-01-01T10:00:00Z", kBase - 1), kBase);
    try {
        parse_expiration_date("2032-01-01T10:00:00Z", kBase);
        FAIL() << "a time not after now is refused";
    } catch (const onestack::api::Fault& f) {
        EXPECT_EQ(f.status(), 400u);
        EXPECT_EQ(f.message().rfind("The 'expires_at' must not be before now.", 0), 0u);
    }
    try {
        parse_expiration_date("soon", kBase);
        FAIL() << "garbage is refused";
    } catch (const onestack::api::Fault& f) {
        EXPECT_EQ(f.status(), 400u);
        EXPECT_EQ(f.message().rfind("Timestamp not in expected format.", 0), 0u);
    }
}

TEST(DelegationExpiration, StoredFormRoundTripsAndExpires) {
    auto stored = stored_time(kBase + 42);
    EXPECT_EQ(stored, "2032-01-01T10:00:00.000042");
    EXPECT_EQ(stored_micros(stored), kBase + 42);
    EXPECT_FALSE(stored_micros(""));
    EXPECT_FALSE(has_expired("", kBase));
    EXPECT_FALSE(has_expired(stored, kBase + 41));
    EXPECT_TRUE(has_expired(stored, kBase + 42));
}

}  // namespace
