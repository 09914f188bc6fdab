#include "identity/resource/project_tags.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/api/fault.hpp"

namespace {

namespace json = boost::json;
using namespace onestack::identity::resource;

unsigned status_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const onestack::api::Fault& e) {
        return e.status();
    }
    return 0;
}

TEST(ProjectTags, SingleTagRules) {
    EXPECT_EQ(status_of([] { validate_tag(json::value("blue")); }), 0u);
    EXPECT_EQ(status_of([] { validate_tag(json::value(std::string(255, 'x'))); }), 0u);
    EXPECT_EQ(status_of([] { validate_tag(json::value(std::string(256, 'x'))); }), 400u);
    EXPECT_EQ(status_of([] { validate_tag(json::value("")); }), 400u);
    EXPECT_EQ(status_of([] { validate_tag(json::value("a,b")); }), 400u);
    EXPECT_EQ(status_of([] { validate_tag(json::value("a/b")); }), 400u);
    EXPECT_EQ(status_of([] { validate_tag(json::value(5)); }), 400u);
}

TEST(ProjectTags, ListRulesAndKeystoneMessage) {
    json::array eighty;
    for (int i = 0; i < 80; ++i) {
        eighty.emplace_back("t" + std::to_string(i));
    }
    EXPECT_EQ(status_of([&] { validate_tag_list(eighty); }), 0u);
    auto too_many = eighty;
    too_many.emplace_back("t80");
    EXPECT_EQ(status_of([&] { validate_tag_list(too_many); }), 400u);
    try {
        validate_tag_list(json::array{"a", "a"});
        FAIL() << "duplicate tags accepted";
    } catch (const onestack::api::Fault& e) {
        EXPECT_EQ(e.status(), 400u);
        EXPECT_NE(e.message().find("has non-unique elements"), std::string::npos) << e.message();
    }
    try {
        validate_tag_list(json::array{"ok", "no,commas"});
        FAIL() << "comma accepted";
    } catch (const onestack::api::Fault& e) {
        EXPECT_EQ(e.message().rfind("Invalid input for field '1': ", 0), 0u) << e.message();
    }
    EXPECT_EQ(status_of([] { validate_tag_list(json::object{}); }), 400u);
}

TEST(ProjectTags, StripIsPythonsStrip) {
    EXPECT_EQ(strip("  a b \t\n"), "a b");
    EXPECT_EQ(strip("   "), "");
    EXPECT_EQ(strip("x"), "x");
}

TEST(ProjectTags, SplitKeepsEmptyPieces) {
    EXPECT_EQ(split_tags("a,b"), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(split_tags("a"), (std::vector<std::string>{"a"}));
    EXPECT_EQ(split_tags("a,,b"), (std::vector<std::string>{"a", "", "b"}));
}

TEST(ProjectTags, QueryFilters) {
    std::vector<std::string> red_blue{"blue", "red"};
    std::vector<std::string> red{"red"};
    std::vector<std::string> none;

    TagQuery all;
    all.all = std::vector<std::string>{"red", "blue"};
    EXPECT_TRUE(all.matches(red_blue));
    EXPECT_FALSE(all.matches(red));

    TagQuery any;
    any.any = std::vector<std::string>{"blue", "green"};
    EXPECT_TRUE(any.matches(red_blue));
    EXPECT_FALSE(any.matches(red));

    TagQuery not_all;
    not_all.not_all = std::vector<std::string>{"red", "blue"};
    EXPECT_FALSE(not_all.matches(red_blue));
    EXPECT_TRUE(not_all.matches(red));
    EXPECT_TRUE(not_all.matches(none));

    TagQuery not_any;
    not_any.not_any = std::vector<std::string>{"blue", "green"};
    EXPECT_FALSE(not_any.matches(red_blue));
    EXPECT_TRUE(not_any.matches(red));

    TagQuery combined;
    combined.all = std::vector<std::string>{"red"};
    combined.not_any = std::vector<std::string>{"blue"};
    EXPECT_TRUE(combined.matches(red));
    EXPECT_FALSE(combined.matches(red_blue));
    EXPECT_TRUE(TagQuery{}.empty());
    EXPECT_TRUE(TagQuery{}.matches(none));
}

}  // namespace
