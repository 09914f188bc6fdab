#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "identity/resource/hierarchy.hpp"

namespace {

namespace json = boost::json;
using namespace onestack::identity;

Project project(const std::string& id, const std::string& parent) {
    Project p;
    p.id = id;
    p.parent_id = parent;
    return p;
}

TEST(ProjectHierarchy, DepthCountsTheDomainAsALevel) {
    // domain -> p1 -> p2 -> p3 -> p4 -> p5: p5's ancestors are 5 entries
    // (the domain included); keystone allows it, and refuses a sixth level.
    EXPECT_TRUE(resource::depth_allowed(1));
    EXPECT_TRUE(resource::depth_allowed(5));
    EXPECT_FALSE(resource::depth_allowed(6));
    EXPECT_TRUE(resource::depth_allowed(2, 2));
    EXPECT_FALSE(resource::depth_allowed(3, 2));
}

TEST(ProjectHierarchy, ParentsAsIdsNestFromNearestToTop) {
    auto c = project("c", "b");
    std::vector<Project> parents{project("dom", ""), project("a", "dom"), project("b", "a")};
    auto expected = json::parse(R"({"b": {"a": {"dom": null}}})");
    EXPECT_EQ(resource::parents_as_ids(c, parents), expected);
    EXPECT_TRUE(resource::parents_as_ids(project("dom", ""), {}).is_null());
}

TEST(ProjectHierarchy, SubtreeAsIdsNestsChildren) {
    std::vector<Project> subtree{project("c", "b"), project("b", "a"), project("d", "b"),
                                 project("e", "a")};
    auto expected = json::parse(R"({"b": {"c": null, "d": null}, "e": null})");
    EXPECT_EQ(resource::subtree_as_ids("a", subtree), expected);
    EXPECT_TRUE(resource::subtree_as_ids("leaf", {}).is_null());
}

TEST(ProjectHierarchy, SubtreeAsIdsSurvivesACycle) {
    std::vector<Project> subtree{project("b", "a"), project("a", "b")};
    auto expected = json::parse(R"({"b": null})");
    EXPECT_EQ(resource::subtree_as_ids("a", subtree), expected);
}

}  // namespace
