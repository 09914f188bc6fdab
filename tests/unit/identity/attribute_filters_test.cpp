#include "identity/api/attribute_filters.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace {

using namespace onestack::identity::api;
using onestack::http::QueryParams;

const boost::json::object kUser = {{"id", "u1"},
                                   {"name", "Alice-Admin"},
                                   {"enabled", false},
                                   {"domain_id", "default"},
                                   {"email", "alice@example.org"},
                                   {"count", 3}};

TEST(AttributeFilters, OnlySupportedKeysBecomeFilters) {
    auto f = attribute_filters(QueryParams("name=a&email=x&enabled=0&bogus__contains=y"),
                               {"name", "enabled"});
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0].name, "name");
    EXPECT_EQ(f[0].comparator, "equals");
    EXPECT_EQ(f[1].name, "enabled");
    EXPECT_EQ(f[1].value, "0");
}

TEST(AttributeFilters, InexactComparatorsAndCaseInsensitivePrefix) {
    auto f = attribute_filters(QueryParams("name__contains=Ali&name__istartswith=alice"), {"name"});
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0].comparator, "contains");
    EXPECT_TRUE(f[0].case_sensitive);
    EXPECT_EQ(f[1].comparator, "startswith");
    EXPECT_FALSE(f[1].case_sensitive);
    EXPECT_TRUE(matches_all(kUser, f));
}

TEST(AttributeFilters, CaseSensitiveContainsRespectsCase) {
    auto f = attribute_filters(QueryParams("name__contains=admin"), {"name"});
    EXPECT_FALSE(matches_all(kUser, f));
    f = attribute_filters(QueryParams("name__icontains=admin"), {"name"});
    EXPECT_TRUE(matches_all(kUser, f));
    f = attribute_filters(QueryParams("name__endswith=Admin"), {"name"});
    EXPECT_TRUE(matches_all(kUser, f));
}

TEST(AttributeFilters, UnknownComparatorIsIgnoredButNeedsTheAttribute) {
    EXPECT_TRUE(matches(kUser, {"name", "zzz", "regex", true}));
    EXPECT_FALSE(matches(kUser, {"missing", "zzz", "regex", true}));
}

TEST(AttributeFilters, ExactBooleanUsesOsloStrings) {
    for (const char* v : {"0", "false", "FALSE", " no ", "off", "f", "n"}) {
        EXPECT_TRUE(matches(kUser, {"enabled", v})) << v;
    }
    for (const char* v : {"1", "true", "yes", "", "anything"}) {
        EXPECT_FALSE(matches(kUser, {"enabled", v})) << v;
    }
}

TEST(AttributeFilters, ExactNonStringNeverEqualsAString) {
    EXPECT_FALSE(matches(kUser, {"count", "3"}));
    EXPECT_TRUE(matches(kUser, {"email", "alice@example.org"}));
    EXPECT_FALSE(matches(kUser, {"absent", "x"}));
}

TEST(AttributeFilters, RepeatedKeysAllApply) {
    auto f = attribute_filters(QueryParams("name=Alice-Admin&name=Bob"), {"name"});
    ASSERT_EQ(f.size(), 2u);
    EXPECT_FALSE(matches_all(kUser, f));
    ASSERT_NE(exact_value(f, "name"), nullptr);
    EXPECT_EQ(*exact_value(f, "name"), "Alice-Admin");
    EXPECT_EQ(exact_value(f, "domain_id"), nullptr);
}

}  // namespace
