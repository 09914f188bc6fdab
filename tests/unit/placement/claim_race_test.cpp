// Two schedulers racing for the last slot of a host never over-commit
// (issue 4 acceptance): threads claim against the service object over
// SQLite, round after round, and exactly one wins each last slot.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "placement/errors.hpp"
#include "placement_fixture.hpp"

namespace onestack::placement::testing {
namespace {

class ClaimRaceTest : public PlacementTest {};

// Tries one claim; true when placement accepted it, false on its 409.
bool try_claim(Store& store, const std::string& consumer, const std::string& rp,
               std::int64_t vcpus) {
    ops::ConsumerAllocations c;
    c.consumer_uuid = consumer;
    c.allocations.push_back({rp, {{"VCPU", vcpus}, {"MEMORY_MB", 512}}});
    c.project_id = "p";
    c.user_id = "u";
    ops::AllocationOptions o;
    o.check_consumer_generation = true;
    try {
        ops::set_allocations(store, {c}, o);
        return true;
    } catch (const api::Fault& f) {
        EXPECT_EQ(f.status(), 409u) << f.message();
        EXPECT_NE(f.message().find("would exceed the capacity"), std::string::npos) << f.message();
        return false;
    }
}

TEST_F(ClaimRaceTest, TwoSchedulersRacingForTheLastSlotNeverOvercommit) {
    constexpr int kRounds = 200;
    // A host with room for exactly one more 2-VCPU server each round: every
    // round frees the slot again, then two threads race for it.
    auto host = provider("host", {{"VCPU", 2}, {"MEMORY_MB", 4096}});
    int wins = 0;
    for (int round = 0; round < kRounds; ++round) {
        std::vector<std::string> consumers{util::uuid_dashed(), util::uuid_dashed()};
        const int won = race_two([&](int s) { return try_claim(store(), consumers[s], host, 2); });
        ASSERT_EQ(won, 1) << "round " << round;
        ASSERT_EQ(used(host, "VCPU"), 2) << "round " << round;
        wins += won;
        // Free the slot: whichever consumer won gives it back.
        for (const auto& c : consumers) {
            try {
                ops::delete_allocations(store(), c);
            } catch (const api::Fault& f) {
                ASSERT_EQ(f.status(), 404u);
            }
        }
        ASSERT_EQ(used(host, "VCPU"), 0);
    }
    EXPECT_EQ(wins, kRounds);
    expect_model_matches_database();
}

TEST_F(ClaimRaceTest, ManyThreadsFillAHostExactlyToCapacity) {
    // 8 schedulers, 64 one-VCPU claims each, against 40 VCPUs: 40 succeed.
    auto host = provider("host", {{"VCPU", 40}, {"MEMORY_MB", 1 << 20}});
    std::atomic<int> won{0};
    std::vector<std::thread> schedulers;
    for (int s = 0; s < 8; ++s) {
        schedulers.emplace_back([&] {
            for (int i = 0; i < 64; ++i) {
                if (try_claim(store(), util::uuid_dashed(), host, 1)) {
                    ++won;
                }
            }
        });
    }
    for (auto& t : schedulers) {
        t.join();
    }
    EXPECT_EQ(won.load(), 40);
    EXPECT_EQ(used(host, "VCPU"), 40);
    EXPECT_EQ(used(host, "MEMORY_MB"), 40 * 512);
    expect_model_matches_database();
    // And what was written survives a restart.
    reopen();
    EXPECT_EQ(used(host, "VCPU"), 40);
}

TEST_F(ClaimRaceTest, AClaimSpanningTwoHostsIsAllOrNothing) {
    auto a = provider("a", {{"VCPU", 4}});
    auto b = provider("b", {{"VCPU", 1}});
    claim(util::uuid_dashed(), b, {{"VCPU", 1}});
    ops::ConsumerAllocations c;
    c.consumer_uuid = util::uuid_dashed();
    c.allocations.push_back({a, {{"VCPU", 2}}});
    c.allocations.push_back({b, {{"VCPU", 1}}});
    c.project_id = "p";
    c.user_id = "u";
    EXPECT_THROW(ops::set_allocations(store(), {c}, {}), api::Fault);
    EXPECT_EQ(used(a, "VCPU"), 0);  // nothing of the failed claim landed on a
    expect_model_matches_database();
}

TEST_F(ClaimRaceTest, StaleConsumerGenerationIsAConcurrentUpdate) {
    auto host = provider("host", {{"VCPU", 8}});
    auto consumer = util::uuid_dashed();
    claim(consumer, host, {{"VCPU", 1}});                   // generation 1 now
    claim(consumer, host, {{"VCPU", 2}}, std::int64_t{1});  // 2
    try {
        claim(consumer, host, {{"VCPU", 3}}, std::int64_t{1});
        FAIL() << "a stale consumer generation was accepted";
    } catch (const api::Fault& f) {
        EXPECT_EQ(f.status(), 409u);
        EXPECT_EQ(f.code(), errors::kConcurrentUpdate);
        EXPECT_EQ(f.message(), "consumer generation conflict - expected 2 but got 1");
    }
    EXPECT_EQ(used(host, "VCPU"), 2);
}

}  // namespace
}  // namespace onestack::placement::testing
