// keystone's list_role_assignments against a real (temporary SQLite)
// identity database: direct listing, and the effective expansion through
// groups, project trees, domains and implied-role chains and cycles.
#include "identity/assignment/role_assignments.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <tuple>

#include "common/db/migrations.hpp"
#include "common/util/ids.hpp"
#include "identity/assignment/effective_roles.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/schema.hpp"
#include "identity/db/user_store.hpp"

namespace {

using namespace onestack::identity;
using assignment::AssignmentQuery;
using assignment::AssignmentRef;
using onestack::db::Conn;
namespace at = assignment_type;

// One assignment, reduced to what the tests compare:
// (user, group, project, domain, role, inherited, via group, via project, via domain, via role).
using Row = std::tuple<std::string, std::string, std::string, std::string, std::string, bool,
                       std::string, std::string, std::string, std::string>;

Row row(const AssignmentRef& r) {
    return {r.user_id,
            r.group_id,
            r.project_id,
            r.domain_id,
            r.role_id,
            r.inherited_to_projects,
            r.indirect.group_id,
            r.indirect.project_id,
            r.indirect.domain_id,
            r.indirect.role_id};
}

std::multiset<Row> rows(const std::vector<AssignmentRef>& refs) {
    std::multiset<Row> out;
    for (const auto& r : refs) {
        out.insert(row(r));
    }
    return out;
}

// The tree every test starts from:
//   domain "dom": projects a -> b -> c (a at the top), plus project "lone"
//   domain "other": project x
//   users alice and bob, both in group "staff"; carol in no group
//   global roles r1, r2, r3; role "drole" specific to domain dom
class RoleAssignmentsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("onestack-assign-" + onestack::util::uuid_hex());
        std::filesystem::create_directories(dir_);
        db_ = onestack::db::Database::open("sqlite:///" + (dir_ / "identity.db").string());
        onestack::db::migrate(*db_, "identity", db::migrations());
        write([](Conn& c) {
            domain(c, "dom");
            domain(c, "other");
            project(c, "a", "dom", "dom");
            project(c, "b", "dom", "a");
            project(c, "c", "dom", "b");
            project(c, "lone", "dom", "dom");
            project(c, "x", "other", "other");
            for (const char* u : {"alice", "bob", "carol"}) {
                User user;
                user.id = u;
                user.name = u;
                user.domain_id = "dom";
                db::insert_user(c, user);
            }
            Group g;
            g.id = "staff";
            g.name = "staff";
            g.domain_id = "dom";
            db::insert_group(c, g);
            db::add_member(c, "alice", "staff");
            db::add_member(c, "bob", "staff");
            for (const char* r : {"r1", "r2", "r3"}) {
                role(c, r, "");
            }
            role(c, "drole", "dom");
        });
    }
    void TearDown() override {
        db_.reset();
        std::filesystem::remove_all(dir_);
    }

    static void domain(Conn& c, const std::string& id) {
        Project d;
        d.id = id;
        d.name = id;
        d.is_domain = true;
        db::insert_project(c, d);
    }
    static void project(Conn& c, const std::string& id, const std::string& domain,
                        const std::string& parent) {
        Project p;
        p.id = id;
        p.name = id;
        p.domain_id = domain;
        p.parent_id = parent;
        db::insert_project(c, p);
    }
    static void role(Conn& c, const std::string& id, const std::string& domain) {
        Role r;
        r.id = id;
        r.name = id;
        r.domain_id = domain;
        db::insert_role(c, r);
    }

    template <typename F>
    void write(F&& f) {
        db_->write(std::forward<F>(f));
    }
    void grant(const char* type, const std::string& actor, const std::string& target,
               const std::string& role_id, bool inherited = false) {
        write([&](Conn& c) { db::add_assignment(c, {type, actor, target, role_id, inherited}); });
    }
    void imply(const std::string& prior, const std::string& implied) {
        write([&](Conn& c) { db::add_implied_role(c, prior, implied); });
    }
    std::vector<AssignmentRef> list(const AssignmentQuery& q) {
        return db_->read([&](Conn& c) { return assignment::list_role_assignments(c, q); });
    }
    static AssignmentQuery effective() {
        AssignmentQuery q;
        q.effective = true;
        return q;
    }

    std::filesystem::path dir_;
    std::unique_ptr<onestack::db::Database> db_;
};

TEST_F(RoleAssignmentsTest, DirectListingShowsGrantsAsStored) {
    grant(at::kGroupProject, "staff", "a", "r1");
    grant(at::kUserDomain, "carol", "dom", "r2", true);
    grant(at::kUserSystem, "carol", "system", "r3");

    auto all = list({});
    ASSERT_EQ(all.size(), 3u);
    auto system = std::find_if(all.begin(), all.end(), [](auto& r) { return r.system; });
    ASSERT_NE(system, all.end());
    EXPECT_EQ(system->user_id, "carol");
    EXPECT_EQ(system->role_id, "r3");
    all.erase(system);
    EXPECT_EQ(rows(all), (std::multiset<Row>{
                             {"", "staff", "a", "", "r1", false, "", "", "", ""},
                             {"carol", "", "", "dom", "r2", true, "", "", "", ""},
                         }));

    AssignmentQuery on_project;
    on_project.project_id = "a";
    EXPECT_EQ(rows(list(on_project)),
              (std::multiset<Row>{{"", "staff", "a", "", "r1", false, "", "", "", ""}}));

    AssignmentQuery inherited_only;
    inherited_only.inherited = true;
    inherited_only.user_id = "carol";
    // keystone adds the actor's system grants whenever no project or domain is filtered.
    auto carol = list(inherited_only);
    ASSERT_EQ(carol.size(), 2u);
    EXPECT_EQ(row(carol[0]), (Row{"carol", "", "", "dom", "r2", true, "", "", "", ""}));
    EXPECT_TRUE(carol[1].system);

    AssignmentQuery system_only;
    system_only.system = true;
    auto sys = list(system_only);
    ASSERT_EQ(sys.size(), 1u);
    EXPECT_TRUE(sys[0].system);
}

TEST_F(RoleAssignmentsTest, EffectiveExpandsGroupsIntoMembers) {
    grant(at::kGroupProject, "staff", "a", "r1");
    EXPECT_EQ(rows(list(effective())), (std::multiset<Row>{
                                           {"alice", "", "a", "", "r1", false, "staff", "", "", ""},
                                           {"bob", "", "a", "", "r1", false, "staff", "", "", ""},
                                       }));
    auto q = effective();
    q.user_id = "alice";
    EXPECT_EQ(rows(list(q)),
              (std::multiset<Row>{{"alice", "", "a", "", "r1", false, "staff", "", "", ""}}));
    q.user_id = "carol";
    EXPECT_TRUE(list(q).empty());
}

TEST_F(RoleAssignmentsTest, EffectivePushesDomainInheritanceOntoEveryProjectOfTheDomain) {
    grant(at::kUserDomain, "carol", "dom", "r1", true);
    EXPECT_EQ(rows(list(effective())),
              (std::multiset<Row>{
                  {"carol", "", "a", "", "r1", false, "", "", "dom", ""},
                  {"carol", "", "b", "", "r1", false, "", "", "dom", ""},
                  {"carol", "", "c", "", "r1", false, "", "", "dom", ""},
                  {"carol", "", "lone", "", "r1", false, "", "", "dom", ""},
              }));
    auto q = effective();
    q.project_id = "c";
    q.user_id = "carol";
    EXPECT_EQ(rows(list(q)),
              (std::multiset<Row>{{"carol", "", "c", "", "r1", false, "", "", "dom", ""}}));
    q.project_id = "x";  // another domain's project inherits nothing
    EXPECT_TRUE(list(q).empty());
    // The domain itself does not get what it hands down.
    auto on_domain = effective();
    on_domain.domain_id = "dom";
    EXPECT_TRUE(list(on_domain).empty());
}

TEST_F(RoleAssignmentsTest, EffectivePushesProjectInheritanceDownTheTreeOnly) {
    grant(at::kGroupProject, "staff", "a", "r2", true);
    auto q = effective();
    q.user_id = "alice";
    EXPECT_EQ(rows(list(q)), (std::multiset<Row>{
                                 {"alice", "", "b", "", "r2", false, "staff", "a", "", ""},
                                 {"alice", "", "c", "", "r2", false, "staff", "a", "", ""},
                             }));
    q.project_id = "a";  // not on the project the grant was made on
    EXPECT_TRUE(list(q).empty());
    q.project_id = "c";
    EXPECT_EQ(rows(list(q)),
              (std::multiset<Row>{{"alice", "", "c", "", "r2", false, "staff", "a", "", ""}}));
}

TEST_F(RoleAssignmentsTest, IncludeSubtreeCoversTheProjectAndEverythingBelow) {
    grant(at::kUserProject, "carol", "a", "r1");
    grant(at::kUserProject, "carol", "c", "r2");
    grant(at::kUserProject, "carol", "lone", "r3");
    grant(at::kUserProject, "bob", "b", "r1", true);  // reaches c only

    AssignmentQuery direct;
    direct.project_id = "a";
    direct.include_subtree = true;
    EXPECT_EQ(rows(list(direct)), (std::multiset<Row>{
                                      {"carol", "", "a", "", "r1", false, "", "", "", ""},
                                      {"carol", "", "c", "", "r2", false, "", "", "", ""},
                                      {"bob", "", "b", "", "r1", true, "", "", "", ""},
                                  }));
    auto q = effective();
    q.project_id = "a";
    q.include_subtree = true;
    EXPECT_EQ(rows(list(q)), (std::multiset<Row>{
                                 {"carol", "", "a", "", "r1", false, "", "", "", ""},
                                 {"carol", "", "c", "", "r2", false, "", "", "", ""},
                                 {"bob", "", "c", "", "r1", false, "", "b", "", ""},
                             }));
}

TEST_F(RoleAssignmentsTest, ImpliedRoleChainsRecordTheirPriorRole) {
    grant(at::kUserProject, "carol", "a", "r1");
    imply("r1", "r2");
    imply("r2", "r3");
    EXPECT_EQ(rows(list(effective())), (std::multiset<Row>{
                                           {"carol", "", "a", "", "r1", false, "", "", "", ""},
                                           {"carol", "", "a", "", "r2", false, "", "", "", "r1"},
                                           {"carol", "", "a", "", "r3", false, "", "", "", "r2"},
                                       }));
    // The role filter applies after implication.
    auto q = effective();
    q.role_id = "r3";
    EXPECT_EQ(rows(list(q)),
              (std::multiset<Row>{{"carol", "", "a", "", "r3", false, "", "", "", "r2"}}));
    // Direct listing never expands.
    EXPECT_EQ(list({}).size(), 1u);
}

TEST_F(RoleAssignmentsTest, ImpliedRoleCycleTerminatesAsKeystonesDoes) {
    grant(at::kUserProject, "carol", "a", "r1");
    imply("r1", "r2");
    imply("r2", "r1");
    // keystone stops at a copy it has already examined, so the prior role
    // shows up once more, implied by the other.
    EXPECT_EQ(rows(list(effective())), (std::multiset<Row>{
                                           {"carol", "", "a", "", "r1", false, "", "", "", ""},
                                           {"carol", "", "a", "", "r2", false, "", "", "", "r1"},
                                           {"carol", "", "a", "", "r1", false, "", "", "", "r2"},
                                       }));
}

TEST_F(RoleAssignmentsTest, DomainRolesOnlyLendTheRolesTheyImply) {
    grant(at::kUserProject, "carol", "a", "drole");
    EXPECT_TRUE(list(effective()).empty());
    imply("drole", "r1");
    EXPECT_EQ(rows(list(effective())),
              (std::multiset<Row>{{"carol", "", "a", "", "r1", false, "", "", "", "drole"}}));
    auto full = effective();
    full.strip_domain_roles = false;
    EXPECT_EQ(list(full).size(), 2u);
}

TEST_F(RoleAssignmentsTest, EffectiveIgnoresGroupFiltersAndSystemGrants) {
    grant(at::kGroupProject, "staff", "a", "r1");
    grant(at::kUserSystem, "carol", "system", "r2");
    auto q = effective();
    q.group_id = "staff";
    EXPECT_TRUE(list(q).empty());
    auto all = list(effective());
    EXPECT_TRUE(std::none_of(all.begin(), all.end(), [](auto& r) { return r.system; }));
    auto inherited_on_domain = effective();
    inherited_on_domain.domain_id = "dom";
    inherited_on_domain.inherited = true;
    EXPECT_TRUE(list(inherited_on_domain).empty());
}

TEST_F(RoleAssignmentsTest, NeedsProjectOnlyWhenEffectiveReadsTheProjectsDomain) {
    auto q = effective();
    EXPECT_FALSE(assignment::needs_project(q));
    q.project_id = "missing";
    EXPECT_TRUE(assignment::needs_project(q));
    q.inherited = false;
    EXPECT_FALSE(assignment::needs_project(q));
    q.inherited.reset();
    q.group_id = "staff";
    EXPECT_FALSE(assignment::needs_project(q));
    AssignmentQuery direct;
    direct.project_id = "missing";
    EXPECT_FALSE(assignment::needs_project(direct));
}

// The token path (effective_roles) and the effective listing must agree on
// what a user holds on each project, whatever mix of grants led there.
TEST_F(RoleAssignmentsTest, EffectiveListingAgreesWithTokenRoles) {
    grant(at::kGroupProject, "staff", "b", "r1");
    grant(at::kUserDomain, "alice", "dom", "r2", true);
    grant(at::kGroupProject, "staff", "a", "r3", true);
    grant(at::kUserProject, "bob", "lone", "drole");
    grant(at::kUserDomain, "carol", "dom", "r1");  // a domain grant reaches no project
    imply("drole", "r2");
    imply("r3", "r1");
    for (const char* user : {"alice", "bob", "carol"}) {
        for (const char* project_id : {"a", "b", "c", "lone", "x"}) {
            auto q = effective();
            q.user_id = user;
            q.project_id = project_id;
            std::set<std::string> listed;
            for (const auto& r : list(q)) {
                listed.insert(r.role_id);
            }
            auto token = db_->read([&](Conn& c) {
                auto p = db::get_project(c, project_id);
                std::set<std::string> ids;
                for (const auto& r :
                     assignment::token_roles(c, assignment::project_role_ids(c, user, *p))) {
                    ids.insert(r.id);
                }
                return ids;
            });
            EXPECT_EQ(listed, token) << user << " on " << project_id;
        }
    }
}

}  // namespace
