// Keystone's own default rules (keystone/common/policies/base.py, user.py, project.py,
// credential.py, check strings as keystone expands them) checked with credentials built from
// request contexts, against targets flattened as keystone's RBAC enforcer builds them.
#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "common/policy/enforcer.hpp"

namespace policy = onestack::policy;

namespace {

boost::json::object json(std::string_view text) {
    return boost::json::parse(text).as_object();
}

std::vector<policy::RuleDefault> keystone_defaults() {
    const std::vector<std::string> all_scopes{"system", "domain", "project"};
    return {
        {"admin_required", "role:admin or is_admin:1", "", {}, {}},
        {"service_role", "role:service", "", {}, {}},
        {"service_or_admin", "rule:admin_required or rule:service_role", "", {}, {}},
        {"owner", "user_id:%(user_id)s", "", {}, {}},
        {"admin_or_owner", "rule:admin_required or rule:owner", "", {}, {}},
        {"token_subject", "user_id:%(target.token.user_id)s", "", {}, {}},
        {"admin_or_token_subject", "rule:admin_required or rule:token_subject", "", {}, {}},
        {"service_admin_or_token_subject",
         "rule:service_or_admin or rule:token_subject",
         "",
         {},
         {}},
        {"identity:get_user",
         "(rule:admin_required) or (role:reader and system_scope:all) or (role:reader and "
         "token.domain.id:%(target.user.domain_id)s) or user_id:%(target.user.id)s",
         "Show user details.",
         {{"GET", "/v3/users/{user_id}"}, {"HEAD", "/v3/users/{user_id}"}},
         all_scopes},
        {"identity:list_users",
         "(rule:admin_required) or (role:reader and system_scope:all) or (role:reader and "
         "domain_id:%(target.domain_id)s)",
         "List users.",
         {{"GET", "/v3/users"}, {"HEAD", "/v3/users"}},
         all_scopes},
        {"identity:create_user",
         "rule:admin_required",
         "Create a user.",
         {{"POST", "/v3/users"}},
         all_scopes},
        {"identity:list_projects_for_user",
         "",
         "List all projects a user has access to via role assignments.",
         {{"GET", "/v3/auth/projects"}},
         {}},
        {"identity:get_project",
         "(role:reader and system_scope:all) or (role:reader and "
         "domain_id:%(target.project.domain_id)s) or project_id:%(target.project.id)s",
         "Show project details.",
         {{"GET", "/v3/projects/{project_id}"}},
         all_scopes},
        {"identity:get_credential",
         "(rule:admin_required) or (role:reader and system_scope:all) or "
         "user_id:%(target.credential.user_id)s",
         "Show credentials details.",
         {{"GET", "/v3/credentials/{credential_id}"}},
         {"system", "project"}},
    };
}

onestack::RequestContext project_context(std::string user, std::string project,
                                         std::vector<std::string> roles) {
    onestack::RequestContext ctx;
    ctx.authenticated = true;
    ctx.user_id = std::move(user);
    ctx.user_domain_id = "d1";
    ctx.project_id = std::move(project);
    ctx.project_domain_id = "d1";
    ctx.roles = std::move(roles);
    return ctx;
}

class PolicyKeystone : public ::testing::Test {
  protected:
    PolicyKeystone() {
        enforcer.register_defaults(keystone_defaults());
        // Keystone's implied roles: admin implies member implies reader.
        admin = policy::credentials_from(
            project_context("u-admin", "p-admin", {"Admin", "member", "reader"}));
        member = policy::credentials_from(project_context("u-member", "p1", {"member", "reader"}));
        reader = policy::credentials_from(project_context("u-reader", "p1", {"reader"}));

        onestack::RequestContext system;
        system.user_id = "u-sys";
        system.system_scope = "all";
        system.roles = {"reader"};
        system_reader = policy::credentials_from(system);

        onestack::RequestContext domain;
        domain.user_id = "u-dom";
        domain.domain_id = "d1";
        domain.roles = {"reader"};
        domain_reader = policy::credentials_from(domain);
    }

    bool allowed(std::string_view rule, const boost::json::object& target,
                 const boost::json::object& creds) const {
        return enforcer.check(rule, target, creds);
    }

    policy::Enforcer enforcer;
    boost::json::object admin, member, reader, system_reader, domain_reader;
};

}  // namespace

TEST_F(PolicyKeystone, GetUser) {
    auto other_user = json(R"({"target.user.id": "u-other", "target.user.domain_id": "d1"})");
    auto self = json(R"({"target.user.id": "u-member", "target.user.domain_id": "d1"})");
    auto foreign = json(R"({"target.user.id": "u-x", "target.user.domain_id": "d2"})");

    EXPECT_TRUE(allowed("identity:get_user", other_user, admin));
    EXPECT_TRUE(allowed("identity:get_user", foreign, admin));
    EXPECT_TRUE(allowed("identity:get_user", foreign, system_reader));
    EXPECT_TRUE(allowed("identity:get_user", other_user, domain_reader));
    EXPECT_FALSE(allowed("identity:get_user", foreign, domain_reader));
    EXPECT_TRUE(allowed("identity:get_user", self, member));
    EXPECT_FALSE(allowed("identity:get_user", other_user, member));
    EXPECT_FALSE(allowed("identity:get_user", other_user, reader));
}

TEST_F(PolicyKeystone, GetUserWithNestedTarget) {
    auto self = json(R"({"target": {"user": {"id": "u-member", "domain_id": "d1"}}})");
    auto other = json(R"({"target": {"user": {"id": "u-other", "domain_id": "d1"}}})");
    EXPECT_TRUE(allowed("identity:get_user", self, member));
    EXPECT_FALSE(allowed("identity:get_user", other, member));
    EXPECT_TRUE(allowed("identity:get_user", other, domain_reader));
}

TEST_F(PolicyKeystone, ListAndCreateUsers) {
    auto in_d1 = json(R"({"target.domain_id": "d1"})");
    auto in_d2 = json(R"({"target.domain_id": "d2"})");
    EXPECT_TRUE(allowed("identity:list_users", {}, admin));
    EXPECT_TRUE(allowed("identity:list_users", {}, system_reader));
    EXPECT_TRUE(allowed("identity:list_users", in_d1, domain_reader));
    EXPECT_FALSE(allowed("identity:list_users", in_d2, domain_reader));
    EXPECT_FALSE(allowed("identity:list_users", in_d1, member));
    EXPECT_FALSE(allowed("identity:list_users", in_d1, reader));

    EXPECT_TRUE(allowed("identity:create_user", {}, admin));
    EXPECT_FALSE(allowed("identity:create_user", {}, system_reader));
    EXPECT_FALSE(allowed("identity:create_user", {}, member));
}

TEST_F(PolicyKeystone, ProjectsAndCredentials) {
    auto p1 = json(R"({"target.project.id": "p1", "target.project.domain_id": "d1"})");
    auto p2 = json(R"({"target.project.id": "p2", "target.project.domain_id": "d2"})");
    EXPECT_TRUE(allowed("identity:get_project", p1, member));
    EXPECT_TRUE(allowed("identity:get_project", p1, reader));
    EXPECT_FALSE(allowed("identity:get_project", p2, member));
    EXPECT_TRUE(allowed("identity:get_project", p2, system_reader));
    EXPECT_TRUE(allowed("identity:get_project", p1, domain_reader));
    EXPECT_FALSE(allowed("identity:get_project", p2, domain_reader));
    // No admin_required in get_project: an admin of another project may not read p2.
    EXPECT_FALSE(allowed("identity:get_project", p2, admin));

    auto mine = json(R"({"target.credential.user_id": "u-member"})");
    auto theirs = json(R"({"target.credential.user_id": "u-other"})");
    EXPECT_TRUE(allowed("identity:get_credential", mine, member));
    EXPECT_FALSE(allowed("identity:get_credential", theirs, member));
    EXPECT_TRUE(allowed("identity:get_credential", theirs, admin));
    EXPECT_TRUE(allowed("identity:get_credential", theirs, system_reader));

    EXPECT_TRUE(allowed("identity:list_projects_for_user", {}, reader));  // "" allows all
}

TEST_F(PolicyKeystone, BaseRules) {
    EXPECT_TRUE(allowed("admin_or_owner", json(R"({"user_id": "u-member"})"), member));
    EXPECT_FALSE(allowed("admin_or_owner", json(R"({"user_id": "u-other"})"), member));
    EXPECT_TRUE(
        allowed("admin_or_token_subject", json(R"({"target.token.user_id": "u-reader"})"), reader));
    auto service = policy::credentials_from(project_context("nova", "service", {"service"}));
    EXPECT_TRUE(allowed("service_admin_or_token_subject", {}, service));
    EXPECT_FALSE(allowed("service_admin_or_token_subject", {}, reader));
}

TEST_F(PolicyKeystone, ScopeTypesWithEnforceScope) {
    enforcer.set_enforce_scope(true);
    auto theirs = json(R"({"target.credential.user_id": "u-other"})");
    EXPECT_TRUE(allowed("identity:get_credential", theirs, system_reader));
    // get_credential is system and project scoped: a domain-scoped token is refused outright.
    auto domain_admin = domain_reader;
    domain_admin["roles"] = boost::json::array{"admin"};
    EXPECT_FALSE(allowed("identity:get_credential", theirs, domain_admin));
    EXPECT_TRUE(
        allowed("identity:get_user", json(R"({"target.user.domain_id": "d1"})"), domain_reader));
}

TEST(PolicyCredentials, BuiltFromTheRequestContext) {
    onestack::RequestContext ctx;
    ctx.user_id = "u1";
    ctx.user_name = "alice";
    ctx.user_domain_id = "d1";
    ctx.project_id = "p1";
    ctx.project_name = "demo";
    ctx.project_domain_id = "d1";
    ctx.roles = {"Admin", "Member"};
    ctx.service_roles = {"service"};
    ctx.is_admin_project = false;
    ctx.trust_id = "t1";
    auto creds = policy::credentials_from(ctx);

    EXPECT_EQ(creds.at("user_id"), "u1");
    EXPECT_EQ(creds.at("user_domain_id"), "d1");
    EXPECT_EQ(creds.at("project_id"), "p1");
    EXPECT_EQ(creds.at("project_domain_id"), "d1");
    EXPECT_TRUE(creds.at("domain_id").is_null());
    EXPECT_TRUE(creds.at("system_scope").is_null());
    EXPECT_EQ(creds.at("roles"), (boost::json::array{"admin", "member"}));
    EXPECT_EQ(creds.at("service_roles"), (boost::json::array{"service"}));
    EXPECT_EQ(creds.at("is_admin_project"), false);
    EXPECT_EQ(creds.at("trust_id"), "t1");
    EXPECT_TRUE(creds.at("trustor_id").is_null());
    EXPECT_TRUE(creds.at("service_user_id").is_null());
    EXPECT_EQ(creds.at("token").at("project").at("domain").at("id"), "d1");
    EXPECT_EQ(creds.at("token").at("user").at("name"), "alice");
    EXPECT_FALSE(creds.at("token").as_object().contains("domain"));

    onestack::RequestContext system;
    system.system_scope = "all";
    auto system_creds = policy::credentials_from(system);
    EXPECT_EQ(system_creds.at("system_scope"), "all");
    EXPECT_EQ(system_creds.at("token").at("system").at("all"), true);
}
