// While the scheduler service runs, the node, service and aggregate rows are
// re-read in the background (Scheduler::start_host_refresh): a host whose
// service is disabled stops being chosen without any decision having to
// re-read the rows itself; the refresher stops and starts cleanly.
#include <chrono>

#include "control_plane_fixture.hpp"

namespace onestack::compute::testing {
namespace {

class SchedulerHostRefreshTest : public ControlPlaneTest {
  protected:
    void configure() override { sched_opts_.host_state_ttl_ms = 50; }

    // The host a one-instance decision picks; its claim is given back.
    std::string decide() {
        auto uuid = util::uuid_dashed();
        auto spec = new_instance(uuid, flavor("1", 1, 512, 1));
        auto s = scheduler_->select_destinations(ctx(), spec, {uuid}, false);
        pclient_->delete_allocations(uuid);
        return s.at(0).at(0).host;
    }
    // Decides until `host` is chosen (the rows have been re-read) or a
    // bound that only ends a broken run passes; returns the last host chosen.
    std::string decide_until(const std::string& host) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        std::string chosen;
        while ((chosen = decide()) != host && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::yield();
        }
        return chosen;
    }
    void disable_all_but(const std::string& host) {
        db_->write([&](onestack::db::Conn& c) {
            c.exec(
                "UPDATE services SET disabled = 1 WHERE host <> :h AND service_binary = "
                "'nova-compute'",
                {host});
        });
    }
};

TEST_F(SchedulerHostRefreshTest, DisabledHostsStopBeingChosenOnceTheRowsAreReRead) {
    decide();  // the rows are read (all three hosts up)
    disable_all_but("fake-3");
    // Poll: the refresher re-reads every 50 ms.
    EXPECT_EQ(decide_until("fake-3"), "fake-3");
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(decide(), "fake-3");
    }
}

TEST_F(SchedulerHostRefreshTest, TheRefresherStopsAndStartsAgain) {
    scheduler_->start_host_refresh();  // already running: nothing more
    scheduler_->stop_host_refresh();
    scheduler_->stop_host_refresh();  // idempotent
    // Without it, the decision that finds the rows stale re-reads them.
    decide();
    disable_all_but("fake-2");
    EXPECT_EQ(decide_until("fake-2"), "fake-2");
    scheduler_->start_host_refresh();
    EXPECT_EQ(decide(), "fake-2");
}

}  // namespace
}  // namespace onestack::compute::testing
