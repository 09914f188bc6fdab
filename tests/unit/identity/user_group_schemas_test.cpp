#include "identity/api/user_group_schemas.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace {

using namespace onestack::identity::api;

std::string error_of(const onestack::json::Schema& s, const char* body) {
    auto err = s.validate(boost::json::parse(body));
    return err ? onestack::json::keystone_message(*err) : "";
}

TEST(UserGroupSchemas, UserCreateNeedsAName) {
    EXPECT_NE(error_of(user_create_schema(), "{}"), "");
    EXPECT_EQ(error_of(user_create_schema(), R"({"name": "n", "email": "x", "extra": {}})"), "");
    EXPECT_NE(error_of(user_create_schema(), R"({"name": "   "})"), "") << "pattern [\\S]+";
    EXPECT_NE(error_of(user_create_schema(), R"({"name": ""})"), "");
}

TEST(UserGroupSchemas, UserFieldTypes) {
    EXPECT_NE(error_of(user_create_schema(), R"({"name": "n", "enabled": "true"})"), "");
    EXPECT_NE(error_of(user_create_schema(), R"({"name": "n", "enabled": null})"), "");
    EXPECT_NE(error_of(user_create_schema(), R"({"name": "n", "domain_id": "a b"})"), "");
    EXPECT_EQ(error_of(user_create_schema(), R"({"name": "n", "default_project_id": null})"), "");
    EXPECT_EQ(error_of(user_create_schema(), R"({"name": "n", "password": null})"), "");
    EXPECT_NE(error_of(user_create_schema(), R"({"name": "n", "password": 12})"), "");
    auto msg = error_of(user_create_schema(), R"({"name": 5})");
    EXPECT_EQ(msg.rfind("Invalid input for field 'name': 5 is not of type 'string'", 0), 0u) << msg;
}

TEST(UserGroupSchemas, UserOptionsAreKnownAndNullable) {
    EXPECT_EQ(error_of(user_create_schema(),
                       R"({"name": "n", "options": {"ignore_password_expiry": true,
                           "lock_password": null, "multi_factor_auth_enabled": false,
                           "multi_factor_auth_rules": [["password", "totp"]]}})"),
              "");
    EXPECT_NE(error_of(user_create_schema(), R"({"name": "n", "options": {"nope": true}})"), "");
    EXPECT_NE(error_of(user_create_schema(), R"({"name": "n", "options": {"lock_password": 1}})"),
              "");
    EXPECT_NE(error_of(user_create_schema(),
                       R"({"name": "n", "options": {"multi_factor_auth_rules": [[]]}})"),
              "");
    EXPECT_NE(error_of(user_create_schema(),
                       R"({"name": "n", "options": {"multi_factor_auth_rules": [["a", "a"]]}})"),
              "");
}

TEST(UserGroupSchemas, UpdateNeedsSomething) {
    EXPECT_NE(error_of(user_update_schema(), "{}"), "");
    EXPECT_EQ(error_of(user_update_schema(), R"({"email": "x"})"), "");
    EXPECT_NE(error_of(group_update_schema(), "{}"), "");
    EXPECT_EQ(error_of(group_update_schema(), R"({"description": null})"), "");
}

TEST(UserGroupSchemas, PasswordChangeIsStrict) {
    EXPECT_EQ(error_of(password_change_schema(), R"({"original_password": "a", "password": "b"})"),
              "");
    EXPECT_NE(error_of(password_change_schema(), R"({"password": "b"})"), "");
    EXPECT_NE(error_of(password_change_schema(),
                       R"({"original_password": "a", "password": "b", "x": 1})"),
              "");
    EXPECT_NE(error_of(password_change_schema(), R"({"original_password": "a", "password": null})"),
              "");
}

TEST(UserGroupSchemas, GroupCreate) {
    EXPECT_NE(error_of(group_create_schema(), R"({"description": "d"})"), "");
    EXPECT_EQ(error_of(group_create_schema(), R"({"name": "g", "domain_id": "default"})"), "");
    EXPECT_NE(error_of(group_create_schema(), R"({"name": "g", "domain_id": ""})"), "");
}

}  // namespace
