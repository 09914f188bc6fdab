#include "identity/api/password_expiry_filter.hpp"

#include <gtest/gtest.h>

#include "common/api/fault.hpp"

namespace {

using namespace onestack::identity::api;
using Op = PasswordExpiryFilter::Op;

TEST(PasswordExpiryFilter, OperatorPrefixOrEquality) {
    auto f = parse_password_expiry_filter("lt:2016-11-06T15:32:17Z");
    EXPECT_EQ(f.op, Op::lt);
    EXPECT_EQ(f.at, 1478446337);
    EXPECT_EQ(parse_password_expiry_filter("gte:2016-11-06T15:32:17Z").op, Op::gte);
    auto eq = parse_password_expiry_filter("2016-11-06T15:32:17Z");
    EXPECT_EQ(eq.op, Op::eq);
    EXPECT_EQ(eq.at, 1478446337);
}

TEST(PasswordExpiryFilter, BadTimestampAndOperatorAre400) {
    try {
        parse_password_expiry_filter("lt:yesterday");
        FAIL();
    } catch (const onestack::api::Fault& f) {
        EXPECT_EQ(f.status(), 400u);
        EXPECT_EQ(f.message().rfind("Timestamp not in expected format.", 0), 0u);
    }
    try {
        parse_password_expiry_filter("xx:2016-11-06T15:32:17Z");
        FAIL();
    } catch (const onestack::api::Fault& f) {
        EXPECT_EQ(f.status(), 400u);
        EXPECT_EQ(f.message(),
                  "The given operator xx is not valid. It must be one of the following: 'eq', "
                  "'neq', 'lt', 'lte', 'gt', or 'gte'.");
    }
}

TEST(PasswordExpiryFilter, ComparesAgainstStoredExpiry) {
    auto lt = parse_password_expiry_filter("lt:2016-11-06T15:32:17Z");
    EXPECT_TRUE(passes(lt, "2016-11-06T15:32:16.000000"));
    EXPECT_FALSE(passes(lt, "2016-11-06T15:32:17.000000"));
    auto neq = parse_password_expiry_filter("neq:2016-11-06T15:32:17Z");
    EXPECT_TRUE(passes(neq, "2020-01-01T00:00:00.000000"));
}

TEST(PasswordExpiryFilter, NonExpiringPasswordsNeverMatch) {
    for (const char* v :
         {"lt:2099-01-01T00:00:00Z", "neq:2099-01-01T00:00:00Z", "gt:1970-01-01T00:00:00Z"}) {
        EXPECT_FALSE(passes(parse_password_expiry_filter(v), "")) << v;
    }
}

}  // namespace
