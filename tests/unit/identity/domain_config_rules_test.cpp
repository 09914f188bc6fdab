#include "identity/resource/domain_config_rules.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace {

namespace json = boost::json;
namespace rules = onestack::identity::resource::domain_config;

std::string fault_of(const std::function<void()>& f, unsigned expected_status) {
    try {
        f();
    } catch (const onestack::api::Fault& e) {
        EXPECT_EQ(e.status(), expected_status) << e.message();
        return e.message();
    }
    ADD_FAILURE() << "no fault";
    return {};
}

TEST(DomainConfigRules, OnlyIdentityAndLdapGroups) {
    rules::assert_valid_group_and_option("", "");
    rules::assert_valid_group_and_option("identity", "driver");
    rules::assert_valid_group_and_option("ldap", "password");  // sensitive, still valid
    EXPECT_EQ(fault_of([] { rules::assert_valid_group_and_option("token", ""); }, 403),
              "Invalid domain specific configuration: Group token is not supported for domain "
              "specific configurations.");
    EXPECT_EQ(fault_of([] { rules::assert_valid_group_and_option("ldap", "nope"); }, 403),
              "Invalid domain specific configuration: Option nope in group ldap is not supported "
              "for domain specific configurations.");
}

TEST(DomainConfigRules, ConfigBodies) {
    rules::assert_valid_config(json::parse(R"({"ldap": {"url": "ldap://x", "password": "p"}})"));
    EXPECT_EQ(fault_of([] { rules::assert_valid_config(json::object()); }, 403),
              "Invalid domain specific configuration: No options specified.");
    EXPECT_EQ(fault_of([] { rules::assert_valid_config(json::parse(R"({"ldap": "x"})")); }, 403),
              "Invalid domain specific configuration: The value of group ldap specified in the "
              "config should be a dictionary of options.");
    fault_of([] { rules::assert_valid_config(json::parse(R"({"ldap": {"bogus": 1}})")); }, 403);
}

TEST(DomainConfigRules, SensitiveOptionsAreMarked) {
    auto options = rules::to_options(
        json::parse(
            R"({"ldap": {"url": "u", "password": "secret"}, "identity": {"driver": "ldap"}})")
            .as_object());
    ASSERT_EQ(options.size(), 3u);
    for (const auto& o : options) {
        EXPECT_EQ(o.sensitive, o.option == "password") << o.option;
    }
}

TEST(DomainConfigRules, ListToConfig) {
    std::vector<rules::Option> options{{"ldap", "url", "u", false},
                                       {"identity", "driver", "ldap", false}};
    EXPECT_EQ(rules::to_config(options),
              json::parse(R"({"ldap": {"url": "u"}, "identity": {"driver": "ldap"}})"));
    EXPECT_EQ(rules::to_config(options, "url"), json::parse(R"({"url": "u"})"));
    EXPECT_TRUE(rules::to_config({}).empty());
}

TEST(DomainConfigRules, Defaults) {
    auto all = rules::defaults();
    EXPECT_EQ(all.size(), 2u);
    EXPECT_EQ(all.at("identity").at("driver"), "sql");
    EXPECT_TRUE(all.at("identity").at("list_limit").is_null());
    EXPECT_FALSE(all.at("ldap").as_object().contains("password"));
    EXPECT_EQ(rules::defaults("ldap", "url"), json::parse(R"({"url": "ldap://localhost"})"));
    EXPECT_EQ(rules::defaults("identity").at("identity").as_object().size(), 2u);
    EXPECT_EQ(fault_of([] { rules::defaults("ldap", "password"); }, 403),
              "Invalid domain specific configuration: Reading the default for option password in "
              "group ldap is not supported.");
}

TEST(DomainConfigRules, SecurityComplianceOnlyForTheDefaultDomain) {
    auto all = rules::security_compliance("default", "default", "");
    EXPECT_TRUE(all.at("security_compliance").as_object().contains("password_regex"));
    EXPECT_TRUE(rules::security_compliance("default", "default", "password_regex")
                    .contains("password_regex"));
    fault_of([] { rules::security_compliance("other", "default", ""); }, 403);
    fault_of([] { rules::security_compliance("default", "default", "lockout_duration"); }, 403);
}

TEST(DomainConfigRules, NotFoundMessages) {
    EXPECT_EQ(rules::not_found("d1", "ldap", "url").message(),
              "Could not find option url in group ldap in domain configuration for domain d1.");
    EXPECT_EQ(rules::not_found("d1", "ldap", "").message(),
              "Could not find group ldap in domain configuration for domain d1.");
    EXPECT_EQ(rules::not_found("d1", "", "").message(),
              "Could not find any options in domain configuration for domain d1.");
}

}  // namespace
