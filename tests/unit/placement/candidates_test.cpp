// Allocation candidate search over the model: capacity, traits,
// aggregates, trees with granular groups, sharing providers, limits.
#include <gtest/gtest.h>

#include "common/api/fault.hpp"
#include "placement/candidates/search.hpp"
#include "placement/ops/aggregates.hpp"
#include "placement/ops/traits.hpp"
#include "placement_fixture.hpp"

namespace onestack::placement::testing {
namespace {

using candidates::RequestGroup;
using candidates::RequestWide;

class CandidatesTest : public PlacementTest {
  protected:
    candidates::Result find(const std::vector<RequestGroup>& groups, RequestWide wide = {}) {
        return store().read(
            [&](const Model& m) { return candidates::find_candidates(m, groups, wide); });
    }
    RequestGroup unnumbered(std::vector<std::pair<std::string, std::int64_t>> resources) {
        RequestGroup g;
        g.use_same_provider = false;
        g.resources = std::move(resources);
        return g;
    }
    RequestGroup granular(std::string suffix,
                          std::vector<std::pair<std::string, std::int64_t>> resources) {
        RequestGroup g;
        g.suffix = std::move(suffix);
        g.resources = std::move(resources);
        return g;
    }
    std::string uuid_of(Id id) {
        return store().read([&](const Model& m) { return m.provider(id)->uuid; });
    }
    // The providers of each candidate, as sorted uuid lists.
    std::vector<std::vector<std::string>> providers_of(const candidates::Result& r) {
        std::vector<std::vector<std::string>> out;
        for (const auto& a : r.requests) {
            std::set<std::string> uuids;
            for (const auto& rr : a.resources) {
                uuids.insert(uuid_of(rr.provider));
            }
            out.emplace_back(uuids.begin(), uuids.end());
        }
        return out;
    }
    void add_traits(const std::string& rp, std::vector<std::string> traits) {
        for (const auto& t : traits) {
            Timestamp created;
            if (t.rfind("CUSTOM_", 0) == 0) {
                ops::ensure_trait(store(), t, &created);
            }
        }
        auto gen = store().read([&](const Model& m) { return m.provider(rp)->generation; });
        ops::set_provider_traits(store(), rp, gen, traits);
    }
};

TEST_F(CandidatesTest, OnlyHostsWithRoomForEveryClassAreCandidates) {
    auto big = provider("big", {{"VCPU", 8}, {"MEMORY_MB", 8192}});
    auto small = provider("small", {{"VCPU", 1}, {"MEMORY_MB", 8192}});
    auto full = provider("full", {{"VCPU", 8}, {"MEMORY_MB", 8192}});
    claim(util::uuid_dashed(), full, {{"VCPU", 7}});
    auto r = find({unnumbered({{"VCPU", 2}, {"MEMORY_MB", 1024}})});
    ASSERT_EQ(r.requests.size(), 1u);
    EXPECT_EQ(providers_of(r)[0], std::vector<std::string>{big});
    EXPECT_EQ(r.summaries.size(), 1u);
    (void)small;
}

TEST_F(CandidatesTest, AllocationRatioReservedAndUnitLimitsApply) {
    auto rp = provider("rp", {{"VCPU", 4}});
    store().read([](const Model&) {});
    auto gen = store().read([&](const Model& m) { return m.provider(rp)->generation; });
    Inventory inv;
    inv.total = 4;
    inv.reserved = 1;
    inv.allocation_ratio = 2.0;  // capacity (4 - 1) * 2 = 6
    inv.max_unit = 4;
    inv.step_size = 2;
    ops::set_inventories(store(), rp, gen, {{"VCPU", inv}}, true);
    EXPECT_EQ(find({unnumbered({{"VCPU", 4}})}).requests.size(), 1u);
    EXPECT_EQ(find({unnumbered({{"VCPU", 3}})}).requests.size(), 0u);  // step_size 2
    EXPECT_EQ(find({unnumbered({{"VCPU", 6}})}).requests.size(), 0u);  // max_unit 4
    claim(util::uuid_dashed(), rp, {{"VCPU", 4}});
    EXPECT_EQ(find({unnumbered({{"VCPU", 2}})}).requests.size(), 1u);  // 4 + 2 <= 6
    EXPECT_EQ(find({unnumbered({{"VCPU", 4}})}).requests.size(), 0u);
}

TEST_F(CandidatesTest, RequiredAndForbiddenTraits) {
    auto ssd = provider("ssd", {{"DISK_GB", 100}});
    auto hdd = provider("hdd", {{"DISK_GB", 100}});
    auto off = provider("off", {{"DISK_GB", 100}});
    add_traits(ssd, {"STORAGE_DISK_SSD"});
    add_traits(hdd, {"STORAGE_DISK_HDD"});
    add_traits(off, {"STORAGE_DISK_SSD", "COMPUTE_STATUS_DISABLED"});
    auto g = unnumbered({{"DISK_GB", 10}});
    g.required_traits = {{"STORAGE_DISK_SSD"}};
    g.forbidden_traits = {"COMPUTE_STATUS_DISABLED"};
    auto r = find({g});
    ASSERT_EQ(r.requests.size(), 1u);
    EXPECT_EQ(providers_of(r)[0], std::vector<std::string>{ssd});
    // An any-of set (mv 1.39 "in:").
    g.required_traits = {{"STORAGE_DISK_SSD", "STORAGE_DISK_HDD"}};
    EXPECT_EQ(find({g}).requests.size(), 2u);
    // An unknown trait is the client's mistake: 400.
    g.required_traits = {{"CUSTOM_NOPE"}};
    try {
        find({g});
        FAIL();
    } catch (const onestack::api::Fault& f) {
        EXPECT_EQ(f.status(), 400u);
        EXPECT_EQ(f.message(), "No such trait(s): CUSTOM_NOPE.");
    }
}

TEST_F(CandidatesTest, MemberOfAndForbiddenAggregates) {
    auto a = provider("a", {{"VCPU", 4}});
    auto b = provider("b", {{"VCPU", 4}});
    const std::string agg1 = util::uuid_dashed();
    const std::string agg2 = util::uuid_dashed();
    ops::set_provider_aggregates(store(), a, std::nullopt, {agg1});
    ops::set_provider_aggregates(store(), b, std::nullopt, {agg2});
    auto g = unnumbered({{"VCPU", 1}});
    g.member_of = {{agg1}};
    EXPECT_EQ(providers_of(find({g})), (std::vector<std::vector<std::string>>{{a}}));
    g.member_of = {{agg1, agg2}};
    EXPECT_EQ(find({g}).requests.size(), 2u);
    g.member_of.clear();
    g.forbidden_aggregates = {agg1};
    EXPECT_EQ(providers_of(find({g})), (std::vector<std::vector<std::string>>{{b}}));
    g.member_of = {{util::uuid_dashed()}};  // an aggregate nobody is in
    EXPECT_TRUE(find({g}).requests.empty());
}

TEST_F(CandidatesTest, NestedTreeWithGranularGroupsAndIsolate) {
    // A compute node with two NUMA children, each with VCPU; PFs with VFs.
    auto cn = provider("cn", {{"DISK_GB", 100}});
    auto numa0 = provider("numa0", {{"VCPU", 4}, {"MEMORY_MB", 2048}}, cn);
    auto numa1 = provider("numa1", {{"VCPU", 4}, {"MEMORY_MB", 2048}}, cn);
    // Unnumbered group spanning the tree: disk from cn, VCPU from a NUMA node.
    auto r = find({unnumbered({{"DISK_GB", 10}, {"VCPU", 2}})});
    EXPECT_EQ(r.requests.size(), 2u);  // cn+numa0, cn+numa1
    EXPECT_EQ(r.summaries.size(), 3u);
    // Two granular groups of 3 VCPU each: only possible on different nodes.
    RequestWide isolate;
    isolate.group_policy = "isolate";
    auto both = find({granular("1", {{"VCPU", 3}}), granular("2", {{"VCPU", 3}})}, isolate);
    EXPECT_EQ(both.requests.size(), 2u);  // (numa0, numa1) and (numa1, numa0)
    for (const auto& a : both.requests) {
        EXPECT_NE(*a.mappings.at("1").begin(), *a.mappings.at("2").begin());
    }
    // group_policy none lets two 2-VCPU groups share one node (4 VCPU).
    RequestWide none;
    none.group_policy = "none";
    auto shared = find({granular("1", {{"VCPU", 2}}), granular("2", {{"VCPU", 2}})}, none);
    EXPECT_EQ(shared.requests.size(), 4u);
    // ... but not two 3-VCPU groups on one node: the merged claim exceeds it.
    auto too_big = find({granular("1", {{"VCPU", 3}}), granular("2", {{"VCPU", 3}})}, none);
    EXPECT_EQ(too_big.requests.size(), 2u);
    // Before mv 1.29 a candidate may not use two providers of one tree.
    RequestWide old;
    old.nested_aware = false;
    EXPECT_TRUE(find({unnumbered({{"DISK_GB", 10}, {"VCPU", 2}})}, old).requests.empty());
    (void)numa0;
    (void)numa1;
}

TEST_F(CandidatesTest, SharingProviderServesEveryHostInItsAggregate) {
    auto cn1 = provider("cn1", {{"VCPU", 4}});
    auto cn2 = provider("cn2", {{"VCPU", 4}});
    auto nfs = provider("nfs", {{"DISK_GB", 1000}});
    add_traits(nfs, {"MISC_SHARES_VIA_AGGREGATE"});
    const std::string agg = util::uuid_dashed();
    for (const auto& rp : {cn1, cn2, nfs}) {
        auto gen = store().read([&](const Model& m) { return m.provider(rp)->generation; });
        ops::set_provider_aggregates(store(), rp, gen, {agg});
    }
    auto r = find({unnumbered({{"VCPU", 1}, {"DISK_GB", 100}})});
    ASSERT_EQ(r.requests.size(), 2u);
    EXPECT_EQ(providers_of(r)[0],
              (std::vector<std::string>{std::min(cn1, nfs), std::max(cn1, nfs)}));
    EXPECT_EQ(r.summaries.size(), 3u);
}

TEST_F(CandidatesTest, LimitKeepsTheFirstCandidatesAndTheirSummaries) {
    std::vector<std::string> hosts;
    for (int i = 0; i < 10; ++i) {
        hosts.push_back(provider("h" + std::to_string(i), {{"VCPU", 4}}));
    }
    RequestWide wide;
    wide.limit = 3;
    auto r = find({unnumbered({{"VCPU", 1}})}, wide);
    ASSERT_EQ(r.requests.size(), 3u);
    EXPECT_EQ(r.summaries.size(), 3u);
    EXPECT_EQ(providers_of(r)[0], std::vector<std::string>{hosts[0]});
}

TEST_F(CandidatesTest, RootRequiredFiltersOnTheAnchor) {
    auto cn1 = provider("cn1", {{"VCPU", 4}});
    auto cn2 = provider("cn2", {{"VCPU", 4}});
    add_traits(cn1, {"HW_CPU_X86_AVX2"});
    RequestWide wide;
    wide.anchor_required_traits = {"HW_CPU_X86_AVX2"};
    EXPECT_EQ(providers_of(find({unnumbered({{"VCPU", 1}})}, wide)),
              (std::vector<std::vector<std::string>>{{cn1}}));
    wide.anchor_required_traits.clear();
    wide.anchor_forbidden_traits = {"HW_CPU_X86_AVX2"};
    EXPECT_EQ(providers_of(find({unnumbered({{"VCPU", 1}})}, wide)),
              (std::vector<std::vector<std::string>>{{cn2}}));
}

TEST_F(CandidatesTest, SameSubtreeKeepsGroupsUnderOneAncestor) {
    auto cn = provider("cn", {{"VCPU", 8}});
    auto numa0 = provider("numa0", {}, cn);
    auto numa1 = provider("numa1", {}, cn);
    auto pf0 = provider("pf0", {{"SRIOV_NET_VF", 4}}, numa0);
    (void)numa1;
    auto acc1 = provider("acc1", {{"FPGA", 1}}, numa1);
    auto acc0 = provider("acc0", {{"FPGA", 1}}, numa0);
    RequestWide wide;
    wide.group_policy = "none";
    wide.same_subtrees = {{"_NIC", "_ACC"}};
    auto r = find({granular("_NIC", {{"SRIOV_NET_VF", 1}}), granular("_ACC", {{"FPGA", 1}})}, wide);
    // pf0 and acc0 share numa0's subtree? Only if one of them is the root of
    // the other: neither is, so same_subtree needs an ancestor among them.
    EXPECT_TRUE(r.requests.empty());
    // With a resourceless group for the NUMA node, pf0+acc0 under numa0 fit.
    RequestGroup numa;
    numa.suffix = "_NUMA";
    wide.same_subtrees = {{"_NIC", "_ACC", "_NUMA"}};
    auto r2 = find({granular("_NIC", {{"SRIOV_NET_VF", 1}}), granular("_ACC", {{"FPGA", 1}}), numa},
                   wide);
    // The subtree root may be numa0 (pf0+acc0) or cn (pf0 with either
    // accelerator); never a NUMA node that is not above both.
    std::multiset<std::string> roots;
    for (const auto& a : r2.requests) {
        roots.insert(uuid_of(*a.mappings.at("_NUMA").begin()));
    }
    EXPECT_EQ(roots, (std::multiset<std::string>{numa0, cn, cn}));
    (void)pf0;
    (void)acc1;
    (void)acc0;
}

}  // namespace
}  // namespace onestack::placement::testing
