// Allocation candidates read from placement in this process answer exactly
// what GET /allocation_candidates answers over HTTP: the same requests,
// summaries and traits for the same queries, and the same 400s.
#include <gtest/gtest.h>

#include "placement/client/local_candidates.hpp"
#include "placement/client/placement_client.hpp"
#include "placement_server_fixture.hpp"

namespace onestack::placement::testing {
namespace {

class LocalCandidatesTest : public PlacementServerTest {};

TEST_F(LocalCandidatesTest, SameAnswersAsOverHttp) {
    auto http = make_client(false);
    auto local = make_client(true);
    // Three compute nodes, one with a trait and in an aggregate, one nearly full.
    std::vector<std::string> nodes;
    for (int i = 0; i < 3; ++i) {
        nodes.push_back(provider("node-" + std::to_string(i),
                                 {{"VCPU", 8}, {"MEMORY_MB", 4096}, {"DISK_GB", 100}}));
    }
    http.set_traits(nodes[1], {"CUSTOM_GOLD", "HW_CPU_X86_AVX"});
    const auto agg = util::uuid_dashed();
    http.set_aggregates(nodes[2], {agg});
    claim(util::uuid_dashed(), nodes[0], {{"VCPU", 7}, {"MEMORY_MB", 1024}});

    std::vector<client::CandidateQuery> queries(5);
    for (auto& q : queries) {
        q.resources = {{"VCPU", 1}, {"MEMORY_MB", 512}, {"DISK_GB", 1}};
    }
    queries[1].required = {"CUSTOM_GOLD"};
    queries[2].required = {"!CUSTOM_GOLD"};
    queries[3].member_of = {agg};
    queries[4].resources["VCPU"] = 2;  // node-0 has one VCPU left
    queries[4].limit = 1;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        auto over_http = http.allocation_candidates(queries[i]);
        auto in_process = local.allocation_candidates(queries[i]);
        EXPECT_FALSE(over_http.allocation_requests.empty()) << "query " << i;
        EXPECT_EQ(in_process.allocation_requests, over_http.allocation_requests) << "query " << i;
        EXPECT_EQ(in_process.summaries, over_http.summaries) << "query " << i;
        EXPECT_EQ(in_process.traits, over_http.traits) << "query " << i;
    }
    auto gold = local.allocation_candidates(queries[1]);
    ASSERT_EQ(gold.allocation_requests.size(), 1u);
    EXPECT_EQ(gold.allocation_requests[0].begin()->first, nodes[1]);
    EXPECT_EQ(gold.summaries.at(nodes[1]).at("VCPU"),
              (std::pair<std::int64_t, std::int64_t>(8, 0)));
    const auto& traits = gold.traits.at(nodes[1]);
    EXPECT_NE(std::find(traits.begin(), traits.end(), "CUSTOM_GOLD"), traits.end());
}

TEST_F(LocalCandidatesTest, SameErrorsAsOverHttp) {
    auto http = make_client(false);
    auto local = make_client(true);
    provider("node", {{"VCPU", 8}});
    auto error_of = [](client::PlacementClient& c, const client::CandidateQuery& q) {
        try {
            c.allocation_candidates(q);
        } catch (const client::PlacementError& e) {
            return std::make_tuple(e.status, e.code, e.detail);
        }
        return std::make_tuple(0u, std::string(), std::string());
    };
    client::CandidateQuery unknown_class;
    unknown_class.resources = {{"CUSTOM_NOPE", 1}};
    client::CandidateQuery unknown_trait;
    unknown_trait.resources = {{"VCPU", 1}};
    unknown_trait.required = {"CUSTOM_NO_SUCH_TRAIT"};
    client::CandidateQuery bad_param;
    bad_param.resources = {{"VCPU", 1}};
    bad_param.extra = {{"no_such_param", "1"}};
    for (const auto& q : {unknown_class, unknown_trait, bad_param}) {
        auto expected = error_of(http, q);
        EXPECT_EQ(std::get<0>(expected), 400u);
        EXPECT_EQ(error_of(local, q), expected);
    }
}

}  // namespace
}  // namespace onestack::placement::testing
