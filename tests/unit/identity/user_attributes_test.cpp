#include "identity/users/user_attributes.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace {

using namespace onestack::identity;
namespace json = boost::json;

TEST(UserAttributes, CreateSplitsColumnsFromExtra) {
    auto u = users::user_from_create_body(json::parse(R"({
        "name": "  bob \t", "domain_id": "d1", "password": "secret", "enabled": false,
        "default_project_id": "p1", "description": "desc", "email": "bob@example.org",
        "password_expires_at": "2030-01-01T00:00:00", "federated": [],
        "options": {"lock_password": true}})")
                                              .as_object());
    EXPECT_EQ(u.name, "bob");
    EXPECT_FALSE(u.enabled);
    EXPECT_EQ(u.default_project_id, "p1");
    EXPECT_EQ(u.description, "desc");
    EXPECT_TRUE(u.password_hash.empty()) << "hashing is the caller's job";
    EXPECT_EQ(u.extra, (json::object{{"email", "bob@example.org"}}));
    EXPECT_EQ(u.options, (json::object{{"lock_password", true}}));
}

TEST(UserAttributes, CreateDefaultsToEnabledAndNormalizesKeys) {
    auto u =
        users::user_from_create_body(json::parse(R"({"name": "x", "OS-EXT:attr": 1})").as_object());
    EXPECT_TRUE(u.enabled);
    EXPECT_EQ(u.extra, (json::object{{"OS_EXT_attr", 1}}));
}

TEST(UserAttributes, UpdateMergesExtraAndOptions) {
    User u;
    u.name = "old";
    u.enabled = true;
    u.extra = {{"email", "a@b"}, {"keep", 1}};
    u.options = {{"lock_password", true}, {"ignore_password_expiry", true}};
    users::apply_user_update(u, json::parse(R"({"email": "c@d", "name": "new ",
        "enabled": false, "default_project_id": null,
        "options": {"lock_password": null, "multi_factor_auth_enabled": false}})")
                                    .as_object());
    EXPECT_EQ(u.name, "new");
    EXPECT_FALSE(u.enabled);
    EXPECT_EQ(u.default_project_id, "");
    EXPECT_EQ(u.extra, (json::object{{"email", "c@d"}, {"keep", 1}}));
    EXPECT_EQ(u.options, (json::object{{"ignore_password_expiry", true},
                                       {"multi_factor_auth_enabled", false}}));
}

TEST(UserAttributes, UpdateLeavesIdentityFieldsToTheCaller) {
    User u;
    u.id = "u1";
    u.domain_id = "d1";
    users::apply_user_update(
        u, json::parse(R"({"id": "other", "domain_id": "d2", "password": "p"})").as_object());
    EXPECT_EQ(u.id, "u1");
    EXPECT_EQ(u.domain_id, "d1");
    EXPECT_TRUE(u.extra.empty());
}

TEST(UserAttributes, StripIsPythonStrip) {
    EXPECT_EQ(users::strip(" \t\n a b \r\n"), "a b");
    EXPECT_EQ(users::strip("   "), "");
}

}  // namespace
