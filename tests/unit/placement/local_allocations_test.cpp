// Claims made by a placement in this process (the all-in-one's scheduler)
// answer exactly what PUT/GET/DELETE /allocations answer over HTTP, and two
// schedulers racing in-process for the last slot of a host never both win.
#include <gtest/gtest.h>

#include <tuple>

#include "placement/client/placement_client.hpp"
#include "placement_server_fixture.hpp"

namespace onestack::placement::testing {
namespace {

class LocalAllocationsTest : public PlacementServerTest {};

// The claim's outcome: 1 claimed, 0 no room, or the error's status, code and detail.
std::tuple<int, unsigned, std::string, std::string> outcome(client::PlacementClient& c,
                                                            const std::string& consumer,
                                                            const client::AllocationMap& a) {
    try {
        return {c.claim(consumer, a, "project", "user") ? 1 : 0, 0u, "", ""};
    } catch (const client::PlacementError& e) {
        return {-1, e.status, e.code, e.detail};
    }
}

TEST_F(LocalAllocationsTest, SameAnswersAsOverHttp) {
    auto http = make_client(false);
    auto local = make_client(true);
    // Each case runs on its own host through both clients, in the same order.
    struct Case {
        std::string name;
        std::function<client::AllocationMap(const std::string& host)> allocations;
        bool fresh_consumer = true;
    };
    auto fits = [](const std::string& h) {
        return client::AllocationMap{{h, {{"VCPU", 2}, {"MEMORY_MB", 512}}}};
    };
    std::vector<Case> cases{
        {"fits", fits},
        {"too big",
         [](const std::string& h) {
             return client::AllocationMap{{h, {{"VCPU", 9}}}};
         }},
        {"unknown class",
         [](const std::string& h) {
             return client::AllocationMap{{h, {{"CUSTOM_NOPE", 1}}}};
         }},
        {"unknown provider",
         [](const std::string&) {
             return client::AllocationMap{{"00000000-0000-0000-0000-00000000dead", {{"VCPU", 1}}}};
         }},
        {"no such inventory",
         [](const std::string& h) {
             return client::AllocationMap{{h, {{"DISK_GB", 1}}}};
         }},
    };
    for (const auto& c : cases) {
        std::vector<std::tuple<int, unsigned, std::string, std::string>> answers;
        std::vector<client::ConsumerAllocations> after;
        for (auto* cl : {&http, &local}) {
            auto host = provider(c.name + (cl == &http ? "-http" : "-local"),
                                 {{"VCPU", 8}, {"MEMORY_MB", 4096}});
            auto consumer = util::uuid_dashed();
            auto a = c.allocations(host);
            auto answer = outcome(*cl, consumer, a);
            // Hosts and consumers differ between the two runs; the words may not.
            for (const auto& [id, word] :
                 {std::pair{host, "HOST"}, std::pair{consumer, "CONSUMER"}}) {
                auto& detail = std::get<3>(answer);
                for (auto at = detail.find(id); at != std::string::npos; at = detail.find(id)) {
                    detail.replace(at, id.size(), word);
                }
            }
            answers.push_back(answer);
            auto got = cl->get_allocations(consumer);
            if (!got.allocations.empty()) {
                EXPECT_EQ(got.allocations, a) << c.name;
                got.allocations.clear();  // hosts differ between the two runs
            }
            after.push_back(got);
        }
        EXPECT_EQ(answers[0], answers[1])
            << c.name << ": " << std::get<3>(answers[0]) << " | " << std::get<3>(answers[1]);
        EXPECT_EQ(after[0].consumer_generation, after[1].consumer_generation) << c.name;
        EXPECT_EQ(after[0].project_id, after[1].project_id) << c.name;
        EXPECT_EQ(after[0].user_id, after[1].user_id) << c.name;
        EXPECT_EQ(after[0].consumer_type, after[1].consumer_type) << c.name;
    }
    EXPECT_EQ(std::get<0>(outcome(local, util::uuid_dashed(),
                                  {{provider("full", {{"VCPU", 1}}), {{"VCPU", 2}}}})),
              0);
    // A malformed consumer uuid is refused as the handler refuses it.
    auto host = provider("malformed", {{"VCPU", 8}});
    EXPECT_EQ(outcome(local, "not-a-uuid", {{host, {{"VCPU", 1}}}}),
              outcome(http, "not-a-uuid", {{host, {{"VCPU", 1}}}}));
    expect_model_matches_database();
}

TEST_F(LocalAllocationsTest, ReclaimingReplacesThroughTheConsumerGenerationAndDeleteGivesBack) {
    auto local = make_client(true);
    auto http = make_client(false);
    auto host = provider("host", {{"VCPU", 8}, {"MEMORY_MB", 4096}});
    auto consumer = util::uuid_dashed();
    client::AllocationMap one{{host, {{"VCPU", 1}, {"MEMORY_MB", 256}}}};
    client::AllocationMap two{{host, {{"VCPU", 2}, {"MEMORY_MB", 512}}}};
    ASSERT_TRUE(local.claim(consumer, one, "project", "user"));
    // The same claim again (a retried request that had landed): accepted as is.
    ASSERT_TRUE(local.claim(consumer, one, "project", "user"));
    EXPECT_EQ(http.get_allocations(consumer).consumer_generation, 1);
    // A different one: the stale null generation is a concurrent update,
    // re-read and retried with generation 1.
    ASSERT_TRUE(local.claim(consumer, two, "project", "user"));
    auto over_http = http.get_allocations(consumer);
    auto in_process = local.get_allocations(consumer);
    EXPECT_EQ(over_http.allocations, two);
    EXPECT_EQ(in_process.allocations, two);
    EXPECT_EQ(in_process.consumer_generation, 2);
    EXPECT_EQ(over_http.consumer_generation, in_process.consumer_generation);
    EXPECT_EQ(over_http.consumer_type, in_process.consumer_type);
    EXPECT_EQ(in_process.consumer_type, "INSTANCE");
    EXPECT_EQ(used(host, "VCPU"), 2);
    EXPECT_TRUE(local.delete_allocations(consumer));
    EXPECT_FALSE(local.delete_allocations(consumer));
    EXPECT_FALSE(http.delete_allocations(consumer));
    EXPECT_TRUE(local.get_allocations(consumer).allocations.empty());
    EXPECT_FALSE(local.get_allocations(consumer).consumer_generation.has_value());
    EXPECT_EQ(used(host, "VCPU"), 0);
    expect_model_matches_database();
}

TEST_F(LocalAllocationsTest, TwoSchedulersRacingInProcessForTheLastSlotNeverOvercommit) {
    constexpr int kRounds = 100;
    auto host = provider("host", {{"VCPU", 2}, {"MEMORY_MB", 4096}});
    auto first = make_client(true);
    auto second = make_client(true);
    std::vector<client::PlacementClient*> schedulers{&first, &second};
    const client::AllocationMap slot{{host, {{"VCPU", 2}, {"MEMORY_MB", 512}}}};
    for (int round = 0; round < kRounds; ++round) {
        std::vector<std::string> consumers{util::uuid_dashed(), util::uuid_dashed()};
        ASSERT_EQ(race_two([&](int s) {
                      return schedulers[s]->claim(consumers[s], slot, "project", "user");
                  }),
                  1)
            << "round " << round;
        ASSERT_EQ(used(host, "VCPU"), 2) << "round " << round;
        int given_back = 0;
        for (const auto& c : consumers) {
            given_back += first.delete_allocations(c) ? 1 : 0;
        }
        ASSERT_EQ(given_back, 1) << "round " << round;
    }
    EXPECT_EQ(used(host, "VCPU"), 0);
    expect_model_matches_database();
}

}  // namespace
}  // namespace onestack::placement::testing
