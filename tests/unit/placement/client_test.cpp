// The typed client against a real placement HTTP server in this process:
// provider set-up as a compute agent does it, candidates as the scheduler
// reads them, and two schedulers racing for the last slot over HTTP.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "placement/client/placement_client.hpp"
#include "placement_server_fixture.hpp"

namespace onestack::placement::testing {
namespace {

class ClientTest : public PlacementServerTest {};

TEST_F(ClientTest, AgentSetsUpItsProviderAndTheSchedulerFindsIt) {
    auto c = make_client();
    const auto host = util::uuid_dashed();
    auto p = c.ensure_provider(host, "compute-1");
    EXPECT_EQ(p.generation, 0);
    EXPECT_EQ(c.ensure_provider(host, "compute-1").uuid, host);  // idempotent
    client::InventoryRecord vcpu;
    vcpu.total = 16;
    vcpu.allocation_ratio = 4.0;
    client::InventoryRecord ram;
    ram.total = 32768;
    ram.reserved = 512;
    EXPECT_EQ(c.set_inventories(host, {{"VCPU", vcpu}, {"MEMORY_MB", ram}}), 1);
    EXPECT_EQ(c.set_traits(host, {"COMPUTE_NODE", "CUSTOM_GOLD"}), 2);
    const auto agg = util::uuid_dashed();
    EXPECT_EQ(c.set_aggregates(host, {agg}), 3);
    EXPECT_EQ(c.get_inventories(host).at("VCPU").allocation_ratio, 4.0);

    client::CandidateQuery q;
    q.resources = {{"VCPU", 2}, {"MEMORY_MB", 1024}};
    q.required = {"CUSTOM_GOLD", "!COMPUTE_STATUS_DISABLED"};
    q.member_of = {agg};
    q.limit = 10;
    auto cands = c.allocation_candidates(q);
    ASSERT_EQ(cands.allocation_requests.size(), 1u);
    EXPECT_EQ(cands.allocation_requests[0].at(host).at("VCPU"), 2);
    EXPECT_EQ(cands.summaries.at(host).at("VCPU").first, 64);  // capacity 16 * 4

    const auto server = util::uuid_dashed();
    ASSERT_TRUE(c.claim(server, cands.allocation_requests[0], "project", "user"));
    auto held = c.get_allocations(server);
    EXPECT_EQ(held.allocations, cands.allocation_requests[0]);
    EXPECT_EQ(held.consumer_generation, 1);
    EXPECT_EQ(held.consumer_type, "INSTANCE");
    EXPECT_EQ(c.provider_usages(host).at("VCPU"), 2);
    // A resize: the same consumer claims again with more.
    ASSERT_TRUE(c.claim(server, {{host, {{"VCPU", 4}, {"MEMORY_MB", 2048}}}}, "project", "user"));
    EXPECT_EQ(c.provider_usages(host).at("VCPU"), 4);
    EXPECT_TRUE(c.delete_allocations(server));
    EXPECT_FALSE(c.delete_allocations(server));
}

TEST_F(ClientTest, InventoryWriteRetriesOnAStaleGeneration) {
    auto c = make_client();
    const auto host = util::uuid_dashed();
    c.ensure_provider(host, "compute-1");
    // Another writer bumps the generation between our read and write: the
    // client re-reads and succeeds.
    std::atomic<bool> stop{false};
    std::thread meddler([&] {
        auto other = make_client();
        int i = 0;
        while (!stop) {
            try {
                other.set_traits(host, {i++ % 2 ? "HW_CPU_X86_AVX" : "HW_CPU_X86_AVX2"});
            } catch (const client::PlacementError&) {
                // it lost to us more often than it retries: fine for a meddler
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    client::InventoryRecord vcpu;
    vcpu.total = 8;
    for (int i = 0; i < 20; ++i) {
        vcpu.total = 8 + i;
        c.set_inventories(host, {{"VCPU", vcpu}});
    }
    stop = true;
    meddler.join();
    EXPECT_EQ(c.get_inventories(host).at("VCPU").total, 27);
}

TEST_F(ClientTest, TwoSchedulersRacingOverHttpForTheLastSlot) {
    auto setup = make_client();
    const auto host = util::uuid_dashed();
    setup.ensure_provider(host, "compute-1");
    client::InventoryRecord vcpu;
    vcpu.total = 1;
    setup.set_inventories(host, {{"VCPU", vcpu}});
    auto a = make_client();
    auto b = make_client();
    for (int round = 0; round < 100; ++round) {
        std::vector<std::string> servers{util::uuid_dashed(), util::uuid_dashed()};
        ASSERT_EQ(race_two([&](int s) {
                      return (s == 0 ? a : b).claim(servers[s], {{host, {{"VCPU", 1}}}}, "p", "u");
                  }),
                  1)
            << "round " << round;
        ASSERT_EQ(setup.provider_usages(host).at("VCPU"), 1);
        setup.delete_allocations(servers[0]);
        setup.delete_allocations(servers[1]);
    }
    expect_model_matches_database();
}

}  // namespace
}  // namespace onestack::placement::testing
