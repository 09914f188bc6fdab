// Scheduler decision time with many hosts: run by hand
// (--gtest_also_run_disabled_tests --gtest_filter='*SchedulerScale*'); it
// prints p50/p99 and asserts only on correctness, never on time.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <tuple>

#include "control_plane_fixture.hpp"

namespace onestack::compute::testing {
namespace {

TEST_F(ControlPlaneTest, DISABLED_SchedulerScaleThousandHosts) {
    std::vector<std::unique_ptr<manager::ComputeManager>> extra;
    for (int i = kHosts + 1; i <= 1000; ++i) {
        virt::fake::FakeDriverOptions fo;
        auto m = std::make_unique<manager::ComputeManager>(
            "fake-" + std::to_string(i), std::make_unique<virt::fake::FakeDriver>(fo),
            manager::ManagerDeps{*db_, *pclient_, *conductor_client_, *compute_client_, nullptr},
            agent_opts_);
        m->init_host();  // node row, service row, placement provider and inventory
        extra.push_back(std::move(m));
    }
    auto spec = new_instance(util::uuid_dashed(), flavor("1", 1, 512, 1));
    // Over HTTP (a separate control plane) and in-process (the all-in-one).
    placement::client::ClientOptions co;
    co.endpoint = "http://127.0.0.1:" + std::to_string(server_->port());  // claims
    co.token = [] { return std::string("admin"); };
    co.local = placement_.get();
    placement::client::PlacementClient local(co);
    scheduler::Scheduler local_scheduler(*db_, local, sched_opts_, registry_);
    for (auto [name, sched, client] : {std::tuple{"over HTTP", scheduler_.get(), pclient_.get()},
                                       std::tuple{"in-process", &local_scheduler, &local}}) {
        std::vector<double> ms;
        for (int i = 0; i < 200; ++i) {
            auto uuid = util::uuid_dashed();
            auto t0 = std::chrono::steady_clock::now();
            auto s = sched->select_destinations(ctx(), spec, {uuid}, true);
            ms.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count());
            ASSERT_EQ(s.size(), 1u);
            EXPECT_EQ(s[0].size(), 3u);  // chosen + max_attempts - 1 alternates
            pclient_->delete_allocations(uuid);
        }
        std::vector<double> pms;
        for (int i = 0; i < 50; ++i) {
            placement::client::CandidateQuery q;
            q.resources = {{"VCPU", 1}, {"MEMORY_MB", 512}, {"DISK_GB", 1}};
            q.limit = 1000;
            auto t0 = std::chrono::steady_clock::now();
            auto c = client->allocation_candidates(q);
            pms.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count());
            EXPECT_EQ(c.allocation_requests.size(), 1000u);
        }
        std::sort(pms.begin(), pms.end());
        std::sort(ms.begin(), ms.end());
        std::cout << name << ": select_destinations over 1000 hosts: p50 " << ms[ms.size() / 2]
                  << " ms, p99 " << ms[ms.size() * 99 / 100] << " ms; of which candidates: p50 "
                  << pms[pms.size() / 2] << " ms\n";
    }
}

}  // namespace
}  // namespace onestack::compute::testing
