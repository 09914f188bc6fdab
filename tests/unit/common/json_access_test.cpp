#include "common/json/access.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace json = onestack::json;

namespace {

boost::json::object body() {
    return boost::json::parse(R"({"name": "vm", "count": 3, "ratio": 2.0, "half": 2.5,
        "big": 18446744073709551615, "on": true, "none": null, "meta": {"k": "v"},
        "list": [1]})")
        .as_object();
}

}  // namespace

TEST(SchemaAccess, ReadsPresentMembersOfTheRightType) {
    auto o = body();
    EXPECT_EQ(json::get_string(o, "name"), "vm");
    EXPECT_EQ(json::get_int(o, "count"), 3);
    EXPECT_EQ(json::get_int(o, "ratio"), 2);
    EXPECT_EQ(json::get_bool(o, "on"), true);
    ASSERT_NE(json::get_object(o, "meta"), nullptr);
    EXPECT_EQ(json::get_object(o, "meta")->at("k"), "v");
    ASSERT_NE(json::get_array(o, "list"), nullptr);
    EXPECT_EQ(json::get_array(o, "list")->size(), 1u);
}

TEST(SchemaAccess, AbsentNullAndMistypedReadAsMissing) {
    auto o = body();
    EXPECT_EQ(json::get_string(o, "missing"), std::nullopt);
    EXPECT_EQ(json::get_string(o, "none"), std::nullopt);
    EXPECT_EQ(json::get_string(o, "count"), std::nullopt);
    EXPECT_EQ(json::get_int(o, "half"), std::nullopt);
    EXPECT_EQ(json::get_int(o, "big"), std::nullopt);
    EXPECT_EQ(json::get_int(o, "name"), std::nullopt);
    EXPECT_EQ(json::get_bool(o, "count"), std::nullopt);
    EXPECT_EQ(json::get_object(o, "list"), nullptr);
    EXPECT_EQ(json::get_array(o, "meta"), nullptr);
}
