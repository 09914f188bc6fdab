// The enforcer: registered defaults, overrides (set_rule and policy files), rule references
// (unknown and cyclic), scope enforcement, the sample file and concurrent checking.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "common/policy/enforcer.hpp"

namespace policy = onestack::policy;

namespace {

boost::json::object json(std::string_view text) {
    return boost::json::parse(text).as_object();
}

boost::json::object with_roles(std::string_view roles_json) {
    return json(std::string(R"({"user_id": "u1", "project_id": "p1", "roles": )") +
                std::string(roles_json) + "}");
}

// A policy file under the test's temporary directory, removed afterwards.
class PolicyFile {
  public:
    explicit PolicyFile(std::string_view contents)
        : path_(std::filesystem::temp_directory_path() /
                ("onestack_policy_" + std::to_string(::getpid()) + "_" +
                 std::to_string(counter_++) + ".yaml")) {
        std::ofstream(path_) << contents;
    }
    ~PolicyFile() { std::filesystem::remove(path_); }
    std::string path() const { return path_.string(); }

  private:
    static inline int counter_ = 0;
    std::filesystem::path path_;
};

policy::Enforcer base_enforcer() {
    policy::Enforcer enforcer;
    enforcer.register_defaults({
        {"admin_required", "role:admin or is_admin:1", "", {}, {}},
        {"owner", "user_id:%(user_id)s", "", {}, {}},
        {"admin_or_owner", "rule:admin_required or rule:owner", "", {}, {}},
        {"identity:get_thing",
         "rule:admin_or_owner",
         "Show a thing.",
         {{"GET", "/v3/things/{id}"}},
         {"system", "project"}},
    });
    return enforcer;
}

}  // namespace

TEST(PolicyEnforcer, EvaluatesRegisteredRulesThroughReferences) {
    auto enforcer = base_enforcer();
    auto target = json(R"({"user_id": "u1"})");
    EXPECT_TRUE(enforcer.check("identity:get_thing", target, with_roles(R"(["member"])")));
    EXPECT_TRUE(enforcer.check("identity:get_thing", json(R"({"user_id": "other"})"),
                               with_roles(R"(["admin"])")));
    EXPECT_FALSE(enforcer.check("identity:get_thing", json(R"({"user_id": "other"})"),
                                with_roles(R"(["member"])")));
    EXPECT_TRUE(enforcer.check("admin_required", {}, json(R"({"roles": [], "is_admin": 1})")));
}

TEST(PolicyEnforcer, UnknownRulesDeny) {
    auto enforcer = base_enforcer();
    EXPECT_FALSE(enforcer.has_rule("identity:nope"));
    EXPECT_FALSE(enforcer.check("identity:nope", {}, with_roles(R"(["admin"])")));
    enforcer.set_rule("refers_to_missing", "rule:missing or role:nobody");
    EXPECT_FALSE(enforcer.check("refers_to_missing", {}, with_roles(R"(["admin"])")));
    enforcer.set_rule("negates_missing", "not rule:missing");
    EXPECT_TRUE(enforcer.check("negates_missing", {}, with_roles(R"([])")));  // as oslo
    EXPECT_EQ(enforcer.check_rules(),
              (std::vector<std::string>{"negates_missing", "refers_to_missing"}));
}

TEST(PolicyEnforcer, ReferencesResolveOnceTheRuleAppears) {
    policy::Enforcer enforcer;
    enforcer.set_rule("outer", "rule:inner");
    EXPECT_FALSE(enforcer.check("outer", {}, with_roles(R"(["admin"])")));
    enforcer.set_rule("inner", "role:admin");
    EXPECT_TRUE(enforcer.check("outer", {}, with_roles(R"(["admin"])")));
}

TEST(PolicyEnforcer, CyclicReferencesTerminateAndAreReported) {
    policy::Enforcer enforcer;
    enforcer.set_rule("self", "rule:self or rule:self");
    enforcer.set_rule("a", "rule:b or role:x");
    enforcer.set_rule("b", "rule:c and rule:c");
    enforcer.set_rule("c", "rule:a or rule:a or role:y");
    enforcer.set_rule("uses_cycle", "rule:a");
    auto creds = with_roles(R"(["y"])");
    EXPECT_FALSE(enforcer.check("self", {}, creds));
    // The references closing the cycle fail; the rest of each rule still counts.
    EXPECT_FALSE(enforcer.check("a", {}, creds));
    EXPECT_TRUE(enforcer.check("c", {}, creds));
    EXPECT_TRUE(enforcer.check("a", {}, with_roles(R"(["x"])")));
    EXPECT_TRUE(enforcer.check("uses_cycle", {}, with_roles(R"(["x"])")));
    EXPECT_EQ(enforcer.check_rules(), (std::vector<std::string>{"a", "b", "c", "self"}));

    // Breaking the cycle restores normal evaluation.
    enforcer.set_rule("c", "role:y");
    EXPECT_TRUE(enforcer.check("a", {}, creds));
    EXPECT_EQ(enforcer.check_rules(), (std::vector<std::string>{"self"}));
}

TEST(PolicyEnforcer, MalformedCheckStringsDeny) {
    policy::Enforcer enforcer;
    for (const char* bad : {"(role:admin", "role:admin)", "role:admin and", "or role:admin",
                            "role:admin role:member", "'quoted'", "not", " "}) {
        enforcer.set_rule("bad", bad);
        EXPECT_FALSE(enforcer.check("bad", {}, with_roles(R"(["admin", "member"])"))) << bad;
    }
    enforcer.set_rule("empty", "");
    EXPECT_TRUE(enforcer.check("empty", {}, json("{}")));
}

TEST(PolicyEnforcer, SetRuleOverridesADefault) {
    auto enforcer = base_enforcer();
    auto member = with_roles(R"(["member"])");
    EXPECT_FALSE(enforcer.check("admin_required", {}, member));
    enforcer.set_rule("admin_required", "role:member");
    EXPECT_TRUE(enforcer.check("admin_required", {}, member));
    // Rules referring to it see the override too.
    EXPECT_TRUE(enforcer.check("identity:get_thing", json(R"({"user_id": "x"})"), member));
}

TEST(PolicyEnforcer, DuplicateRegistrationThrows) {
    auto enforcer = base_enforcer();
    EXPECT_THROW(enforcer.register_default({"owner", "@", "", {}, {}}), std::invalid_argument);
    EXPECT_THROW(enforcer.register_defaults({{"x", "@", "", {}, {}}, {"x", "!", "", {}, {}}}),
                 std::invalid_argument);
    EXPECT_FALSE(enforcer.has_rule("x"));  // nothing of a rejected batch is registered
}

TEST(PolicyEnforcer, LoadsYamlOverrides) {
    auto enforcer = base_enforcer();
    PolicyFile file(R"(# operator overrides
"admin_required": "role:admin or role:superuser"
"owner": "!"
new_rule: role:auditor
"allow_all":
)");
    EXPECT_TRUE(enforcer.load_overrides_file(file.path()));
    EXPECT_TRUE(enforcer.check("admin_required", {}, with_roles(R"(["SuperUser"])")));
    EXPECT_FALSE(enforcer.check("identity:get_thing", json(R"({"user_id": "u1"})"),
                                with_roles(R"(["member"])")));
    EXPECT_TRUE(enforcer.check("new_rule", {}, with_roles(R"(["auditor"])")));
    EXPECT_TRUE(enforcer.check("allow_all", {}, json("{}")));  // null is "" in oslo: allowed
}

TEST(PolicyEnforcer, LoadsJsonOverrides) {
    auto enforcer = base_enforcer();
    PolicyFile file(R"({"admin_required": "role:root", "owner": ""})");
    EXPECT_TRUE(enforcer.load_overrides_file(file.path()));
    EXPECT_TRUE(enforcer.check("admin_required", {}, with_roles(R"(["root"])")));
    EXPECT_TRUE(enforcer.check("owner", json(R"({"user_id": "nobody"})"), json("{}")));
}

TEST(PolicyEnforcer, EmptyOverrideFileChangesNothing) {
    auto enforcer = base_enforcer();
    PolicyFile file("");
    EXPECT_TRUE(enforcer.load_overrides_file(file.path()));
    EXPECT_TRUE(enforcer.check("admin_required", {}, with_roles(R"(["admin"])")));
}

TEST(PolicyEnforcer, MissingOverrideFileIsFine) {
    auto enforcer = base_enforcer();
    EXPECT_FALSE(enforcer.load_overrides_file("/nonexistent/onestack/policy.yaml"));
    EXPECT_TRUE(enforcer.check("admin_required", {}, with_roles(R"(["admin"])")));
}

TEST(PolicyEnforcer, MalformedOverrideFilesThrow) {
    auto enforcer = base_enforcer();
    for (const char* contents :
         {"a: [role:x\n", "a: b: c\n", "- role:admin\n- role:member\n",
          "\"a\": [[\"role:admin\"]]\n", "{\"a\": \"role:x\"", "just text"}) {
        PolicyFile file(contents);
        EXPECT_THROW(enforcer.load_overrides_file(file.path()), std::runtime_error) << contents;
    }
    // A failed load leaves the rules as they were.
    EXPECT_TRUE(enforcer.check("admin_required", {}, with_roles(R"(["admin"])")));
}

TEST(PolicyEnforcer, ScopeTypesAreEnforcedWhenAsked) {
    auto enforcer = base_enforcer();  // identity:get_thing: system and project scopes
    auto domain_admin = json(R"({"domain_id": "d1", "roles": ["admin"]})");
    auto system_admin = json(R"({"system_scope": "all", "roles": ["admin"]})");
    auto project_admin = json(R"({"project_id": "p1", "roles": ["admin"]})");
    EXPECT_TRUE(enforcer.check("identity:get_thing", {}, domain_admin));  // oslo 4.0 default
    enforcer.set_enforce_scope(true);
    EXPECT_FALSE(enforcer.check("identity:get_thing", {}, domain_admin));
    EXPECT_TRUE(enforcer.check("identity:get_thing", {}, system_admin));
    EXPECT_TRUE(enforcer.check("identity:get_thing", {}, project_admin));
    // Rules without scope_types are usable from any scope.
    EXPECT_TRUE(enforcer.check("admin_required", {}, domain_admin));
    // An override keeps the registered scope_types.
    enforcer.set_rule("identity:get_thing", "@");
    EXPECT_FALSE(enforcer.check("identity:get_thing", {}, domain_admin));
}

TEST(PolicyEnforcer, SampleYamlLooksLikeOslosGenerator) {
    policy::Enforcer enforcer;
    enforcer.register_defaults({
        {"admin_required", "role:admin or is_admin:1", "", {}, {}},
        {"identity:get_user",
         "(rule:admin_required) or (role:reader and system_scope:all)",
         "Show user details.",
         {{"GET", "/v3/users/{user_id}"}, {"HEAD", "/v3/users/{user_id}"}},
         {"system", "domain", "project"}},
        {"quoted", "field:\"x\"", "", {}, {}},
    });
    EXPECT_EQ(enforcer.sample_yaml(),
              "#\"admin_required\": \"role:admin or is_admin:1\"\n"
              "\n"
              "# Show user details.\n"
              "# GET  /v3/users/{user_id}\n"
              "# HEAD  /v3/users/{user_id}\n"
              "# Intended scope(s): system, domain, project\n"
              "#\"identity:get_user\": \"(rule:admin_required) or (role:reader and "
              "system_scope:all)\"\n"
              "\n"
              "#\"quoted\": \"field:\\\"x\\\"\"\n"
              "\n");
}

TEST(PolicyEnforcer, SampleYamlWrapsLongDescriptions) {
    policy::Enforcer enforcer;
    enforcer.register_default(
        {"identity:long",
         "@",
         "List all projects a user has access to via role assignments, including "
         "system-scoped and domain-scoped ones, for a very long sentence indeed.\n"
         "\n"
         "Second paragraph.\n"
         "    literal block kept as is\n",
         {},
         {}});
    enforcer.register_default({"x",
                               "@",
                               "A description with a verylongwordthatgoesonandonandonwithoutany"
                               "breaksatallwhatsoeverreallylong-hyphenated-word end.",
                               {},
                               {}});
    // Wrapped as Python's textwrap does at 70 columns (including the hyphen break).
    EXPECT_EQ(enforcer.sample_yaml(),
              "# List all projects a user has access to via role assignments,\n"
              "# including system-scoped and domain-scoped ones, for a very long\n"
              "# sentence indeed.\n"
              "#\n"
              "# Second paragraph.\n"
              "#\n"
              "#     literal block kept as is\n"
              "#\"identity:long\": \"@\"\n"
              "\n"
              "# A description with a verylongwordthatgoesonandonandonwithoutanybreak\n"
              "# satallwhatsoeverreallylong-hyphenated-word end.\n"
              "#\"x\": \"@\"\n"
              "\n");
}

TEST(PolicyEnforcer, ChecksConcurrentlyWhileRulesChange) {
    auto enforcer = base_enforcer();
    auto target = json(R"({"user_id": "u1"})");
    auto owner = with_roles(R"(["member"])");
    std::atomic<bool> stop{false};
    std::atomic<int> wrong{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; ++t) {
        readers.emplace_back([&] {
            while (!stop.load()) {
                // admin_required flips between two overrides; owner access never changes.
                if (!enforcer.check("identity:get_thing", target, owner)) {
                    ++wrong;
                }
            }
        });
    }
    for (int i = 0; i < 200; ++i) {
        enforcer.set_rule("admin_required", i % 2 ? "role:admin" : "role:root");
    }
    stop = true;
    for (auto& reader : readers) {
        reader.join();
    }
    EXPECT_EQ(wrong.load(), 0);
}

TEST(PolicyEnforcer, IsMovable) {
    auto enforcer = base_enforcer();
    policy::Enforcer moved = std::move(enforcer);
    EXPECT_TRUE(moved.check("admin_required", {}, with_roles(R"(["admin"])")));
}
