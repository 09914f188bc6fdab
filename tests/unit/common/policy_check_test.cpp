// Single checks: how each kind compares credentials with the target, and the Python text rules
// (str() of values, ast.literal_eval of literals, %-substitution) oslo's comparisons rest on.
#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "common/policy/enforcer.hpp"
#include "common/policy/match_template.hpp"
#include "common/policy/parser.hpp"
#include "common/policy/python_text.hpp"

namespace policy = onestack::policy;

namespace {

boost::json::object json(std::string_view text) {
    return boost::json::parse(text).as_object();
}

// Evaluates one check string through a real enforcer.
bool allows(std::string_view check_str, const boost::json::object& target,
            const boost::json::object& creds) {
    policy::Enforcer enforcer;
    enforcer.set_rule("under_test", std::string(check_str));
    return enforcer.check("under_test", target, creds);
}

std::string python_str_of(std::string_view json_text) {
    policy::ScalarTextBuffer buffer;
    boost::json::value value = boost::json::parse(json_text);  // the result may view into it
    auto text = policy::python_str(value, buffer);
    return text ? std::string(*text) : "<none>";
}

}  // namespace

TEST(PolicyPythonText, ScalarsReadAsPythonStr) {
    EXPECT_EQ(python_str_of("true"), "True");
    EXPECT_EQ(python_str_of("false"), "False");
    EXPECT_EQ(python_str_of("null"), "None");
    EXPECT_EQ(python_str_of("\"abc\""), "abc");
    EXPECT_EQ(python_str_of("-42"), "-42");
    EXPECT_EQ(python_str_of("18446744073709551615"), "18446744073709551615");
    EXPECT_EQ(python_str_of("1.5"), "1.5");
    EXPECT_EQ(python_str_of("1.0"), "1.0");
    EXPECT_EQ(python_str_of("100000.0"), "100000.0");
    EXPECT_EQ(python_str_of("1e16"), "1e+16");
    EXPECT_EQ(python_str_of("1e15"), "1000000000000000.0");
    EXPECT_EQ(python_str_of("0.0001"), "0.0001");
    EXPECT_EQ(python_str_of("0.00001"), "1e-05");
    EXPECT_EQ(python_str_of("-0.0"), "-0.0");
    EXPECT_EQ(python_str_of("0.1"), "0.1");
    EXPECT_EQ(python_str_of("[1]"), "<none>");
    EXPECT_EQ(python_str_of("{}"), "<none>");
}

TEST(PolicyPythonText, LiteralsEvaluateLikeAstLiteralEval) {
    EXPECT_EQ(policy::python_literal_str("True"), "True");
    EXPECT_EQ(policy::python_literal_str("None"), "None");
    EXPECT_EQ(policy::python_literal_str("'Member'"), "Member");
    EXPECT_EQ(policy::python_literal_str("\"Member\""), "Member");
    EXPECT_EQ(policy::python_literal_str("'it\\'s'"), "it's");
    EXPECT_EQ(policy::python_literal_str("7"), "7");
    EXPECT_EQ(policy::python_literal_str("-7"), "-7");
    EXPECT_EQ(policy::python_literal_str("+7"), "7");
    EXPECT_EQ(policy::python_literal_str("-0"), "0");
    EXPECT_EQ(policy::python_literal_str("00"), "0");
    EXPECT_EQ(policy::python_literal_str("1.50"), "1.5");
    EXPECT_EQ(policy::python_literal_str("1e3"), "1000.0");
    EXPECT_EQ(policy::python_literal_str(".5"), "0.5");
    // Not literals: oslo reads these as credential paths.
    EXPECT_FALSE(policy::python_literal_str("true"));
    EXPECT_FALSE(policy::python_literal_str("user_id"));
    EXPECT_FALSE(policy::python_literal_str("token.project.id"));
    EXPECT_FALSE(policy::python_literal_str("01"));
    EXPECT_FALSE(policy::python_literal_str("'open"));
    EXPECT_FALSE(policy::python_literal_str("-"));
}

TEST(PolicyMatchTemplate, SubstitutesFromFlatAndNestedTargets) {
    auto tmpl = policy::MatchTemplate::compile("%(target.user.id)s");
    ASSERT_TRUE(tmpl);
    std::string scratch;
    EXPECT_EQ(tmpl->expand(json(R"({"target.user.id": "flat"})"), scratch), "flat");
    EXPECT_EQ(tmpl->expand(json(R"({"target": {"user": {"id": "nested"}}})"), scratch), "nested");
    EXPECT_EQ(tmpl->expand(json(R"({"target.user": {"id": "partly"}})"), scratch), "partly");
    EXPECT_EQ(tmpl->expand(json(R"({"target": {"user": {"id": 5}}})"), scratch), "5");
    EXPECT_EQ(tmpl->expand(json(R"({"target": {"user": {"id": null}}})"), scratch), "None");
    EXPECT_FALSE(tmpl->expand(json(R"({"target": {"user": {}}})"), scratch));
    EXPECT_FALSE(tmpl->expand(json(R"({"target": {"user": {"id": ["a"]}}})"), scratch));
    // The flat key wins over a nested path to the same name, as oslo only knows flat keys.
    EXPECT_EQ(
        tmpl->expand(json(R"({"target.user.id": "f", "target": {"user": {"id": "n"}}})"), scratch),
        "f");
}

TEST(PolicyMatchTemplate, MixesTextAndPlaceholders) {
    auto tmpl = policy::MatchTemplate::compile("a-%(x)s-%(y)s-100%%");
    ASSERT_TRUE(tmpl);
    std::string scratch;
    EXPECT_EQ(tmpl->expand(json(R"({"x": "1", "y": true})"), scratch), "a-1-True-100%");
    EXPECT_FALSE(tmpl->expand(json(R"({"x": "1"})"), scratch));
}

TEST(PolicyMatchTemplate, RejectsWhatPythonCannotFormat) {
    EXPECT_FALSE(policy::MatchTemplate::compile("100%"));
    EXPECT_FALSE(policy::MatchTemplate::compile("%s"));
    EXPECT_FALSE(policy::MatchTemplate::compile("%(x)d"));
    EXPECT_FALSE(policy::MatchTemplate::compile("%(x"));
    EXPECT_TRUE(policy::MatchTemplate::compile("%(a(b)c)s"));  // Python allows nested parens
    EXPECT_TRUE(policy::MatchTemplate::compile(""));
}

TEST(PolicyRoleCheck, MatchesRolesCaseInsensitively) {
    auto creds = json(R"({"roles": ["Admin", "reader"]})");
    EXPECT_TRUE(allows("role:admin", {}, creds));
    EXPECT_TRUE(allows("role:ADMIN", {}, creds));
    EXPECT_TRUE(allows("role:Reader", {}, creds));
    EXPECT_FALSE(allows("role:member", {}, creds));
    EXPECT_FALSE(allows("role:admin", {}, json(R"({})")));
    EXPECT_FALSE(allows("role:admin", {}, json(R"({"roles": "admin"})")));
    EXPECT_TRUE(allows("role:%(wanted)s", json(R"({"wanted": "READER"})"), creds));
    EXPECT_FALSE(allows("role:%(wanted)s", {}, creds));
}

TEST(PolicyGenericCheck, ComparesCredentialsWithTheTarget) {
    auto creds = json(R"({"user_id": "u1", "project_id": "p1",
                          "token": {"project": {"domain": {"id": "d1"}}}})");
    EXPECT_TRUE(allows("user_id:%(user_id)s", json(R"({"user_id": "u1"})"), creds));
    EXPECT_FALSE(allows("user_id:%(user_id)s", json(R"({"user_id": "u2"})"), creds));
    EXPECT_FALSE(allows("user_id:%(user_id)s", json(R"({})"), creds));
    EXPECT_TRUE(allows("user_id:%(target.user.id)s", json(R"({"target.user.id": "u1"})"), creds));
    EXPECT_TRUE(
        allows("user_id:%(target.user.id)s", json(R"({"target": {"user": {"id": "u1"}}})"), creds));
    EXPECT_TRUE(allows("token.project.domain.id:%(target.domain.id)s",
                       json(R"({"target.domain.id": "d1"})"), creds));
    EXPECT_FALSE(allows("token.project.domain.id:%(target.domain.id)s",
                        json(R"({"target.domain.id": "d2"})"), creds));
    EXPECT_FALSE(allows("token.user.id:%(x)s", json(R"({"x": "u1"})"), creds));
}

TEST(PolicyGenericCheck, ComparesLiterals) {
    auto creds = json(R"({"user_id": "u1", "is_admin_project": true, "enabled": false,
                          "domain_id": null, "count": 2})");
    EXPECT_TRUE(allows("user_id:u1", {}, creds));
    EXPECT_FALSE(allows("user_id:'u1'", {}, creds));  // quotes on the right stay part of the text
    EXPECT_TRUE(allows("is_admin_project:True", {}, creds));
    EXPECT_FALSE(allows("is_admin_project:true", {}, creds));
    EXPECT_TRUE(allows("enabled:False", {}, creds));
    EXPECT_TRUE(allows("domain_id:None", {}, creds));
    EXPECT_TRUE(allows("count:2", {}, creds));
    // A literal left side compares with the (substituted) right side; credentials do not matter.
    EXPECT_TRUE(allows("True:%(enabled)s", json(R"({"enabled": true})"), creds));
    EXPECT_FALSE(allows("True:%(enabled)s", json(R"({"enabled": false})"), creds));
    EXPECT_TRUE(allows("None:%(domain)s", json(R"({"domain": null})"), creds));
    EXPECT_FALSE(allows("None:%(domain)s", json(R"({"domain": "d1"})"), creds));
    EXPECT_TRUE(allows("'Member':%(role.name)s", json(R"({"role.name": "Member"})"), creds));
    EXPECT_TRUE(allows("2:%(n)s", json(R"({"n": 2})"), creds));
    EXPECT_TRUE(allows("2.0:%(n)s", json(R"({"n": 2.0})"), creds));
}

TEST(PolicyGenericCheck, WalksListsInCredentials) {
    auto creds = json(R"({"groups": [{"id": "g1"}, {"id": "g2"}], "methods": ["password"]})");
    EXPECT_TRUE(allows("groups.id:g2", {}, creds));
    EXPECT_FALSE(allows("groups.id:g3", {}, creds));
    EXPECT_TRUE(allows("methods:password", {}, creds));
    EXPECT_FALSE(allows("methods.x:password", {}, creds));
}

TEST(PolicyGenericCheck, SystemReadsSystemScope) {
    // oslo's enforce() copies system_scope into "system" before checking.
    EXPECT_TRUE(allows("system:all", {}, json(R"({"system_scope": "all"})")));
    EXPECT_FALSE(allows("system:all", {}, json(R"({"system_scope": null})")));
    EXPECT_TRUE(allows("system_scope:all", {}, json(R"({"system_scope": "all"})")));
}

TEST(PolicyParser, HttpChecksAreRefused) {
    EXPECT_EQ(policy::to_string(*policy::parse_check_string("http://example.com/%(x)s").root), "!");
    EXPECT_EQ(policy::to_string(*policy::parse_check_string("role:a or https:x").root), "!");
}

TEST(PolicyParser, BadSubstitutionDeniesTheWholeRule) {
    // oslo raises at check time; a "not" around it must not turn that into an allow.
    EXPECT_EQ(policy::to_string(*policy::parse_check_string("not user_id:100%").root), "!");
    EXPECT_FALSE(allows("not user_id:100%", {}, json(R"({"user_id": "x"})")));
}

TEST(PolicyParser, CollectsRuleReferencesInOrder) {
    auto tree = policy::parse_check_string("rule:a or (rule:b and not rule:a)");
    EXPECT_EQ(tree.rule_references, (std::vector<std::string>{"a", "b", "a"}));
    EXPECT_EQ(policy::to_string(*tree.root), "(rule:a or (rule:b and not rule:a))");
}

TEST(PolicyParser, WhitespaceKindsSeparateTokens) {
    EXPECT_EQ(policy::to_string(*policy::parse_check_string("role:a\tor\nrole:b").root),
              "(role:a or role:b)");
    EXPECT_EQ(policy::to_string(*policy::parse_check_string("\t\n").root), "!");
}
