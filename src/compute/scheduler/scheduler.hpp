#pragma once
// The scheduler (Nova's SchedulerManager + FilterScheduler): placement
// allocation candidates, then filters, then weighers, then a claim in
// placement for the chosen host; alternates kept for reschedules.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/db/database.hpp"
#include "common/rpc/server.hpp"
#include "compute/manager/options.hpp"
#include "compute/rpc/scheduler_client.hpp"
#include "compute/scheduler/decision_gate.hpp"
#include "compute/scheduler/filters.hpp"
#include "placement/client/placement_client.hpp"

namespace onestack::compute::scheduler {

inline constexpr const char* kNoValidHostMessage =
    "No valid host was found. There are not enough hosts available.";

// Where one decision's time went (wall clock, ms), for the scheduler's log.
struct DecisionTimes {
    double candidates = 0;   // placement's allocation candidates
    double host_states = 0;  // joined with the node rows
    double claims = 0;       // PUT /allocations, refused ones included
};

class Scheduler {
  public:
    Scheduler(onestack::db::Database& db, placement::client::PlacementClient& placement,
              SchedulerOptions options, const Registry& registry);
    ~Scheduler();  // stop_host_refresh()

    // Re-reads the node, service and aggregate rows every host_state_ttl_ms
    // on a thread of its own, so that decisions no longer do (only for a
    // host they have not seen yet). Without it (tests), the decision that
    // finds the rows older than the ttl re-reads them.
    void start_host_refresh();
    void stop_host_refresh();

    // One list per instance: the chosen host (claimed) first, then alternates.
    // Throws rpc::NoValidHost when some instance has no host; allocations
    // claimed for the others of the request are given back first.
    std::vector<std::vector<rpc::Selection>> select_destinations(
        const RequestContext& ctx, const boost::json::object& request_spec,
        const std::vector<std::string>& instance_uuids, bool return_alternates,
        DecisionTimes* times = nullptr);

    const SchedulerOptions& options() const { return options_; }

  private:
    // Node uuid -> its node, service and aggregate rows as last read.
    using HostNodes = std::unordered_map<std::string, std::shared_ptr<const HostNode>>;

    // One per candidate compute node, in placement's order; each points into
    // `candidates` for its allocation request.
    std::vector<HostState> host_states(const placement::client::Candidates& candidates);
    std::shared_ptr<const HostNodes> read_hosts(std::int64_t now);
    // Re-reads the rows unless someone did since `seen` (when they were read
    // before); returns the current ones. Caller holds refresh_mu_.
    std::shared_ptr<const HostNodes> reread_hosts(std::chrono::steady_clock::time_point seen);

    onestack::db::Database& db_;
    placement::client::PlacementClient& placement_;
    SchedulerOptions options_;
    std::vector<std::unique_ptr<Filter>> filters_;
    std::vector<std::unique_ptr<Weigher>> weighers_;
    std::mutex hosts_mu_;    // hosts_ and hosts_read_at_
    std::mutex refresh_mu_;  // held by the one decision re-reading the rows
    std::shared_ptr<const HostNodes> hosts_ = std::make_shared<HostNodes>();
    std::chrono::steady_clock::time_point hosts_read_at_{};
    std::uint64_t hosts_epoch_ = 0;  // host_rows_epoch when hosts_ was read
    std::thread refresher_;
    std::mutex refresher_mu_;  // refresher_stop_
    std::condition_variable refresher_cv_;
    bool refresher_stop_ = false;
    std::atomic<bool> background_refresh_{false};
    std::mutex random_mu_;
    std::mt19937 random_;
    // Requests with a server group are decided one at a time, and remember
    // where they put members until the conductor has written the host.
    std::mutex group_mu_;
    std::unordered_map<std::string, std::unordered_map<std::string, std::string>> placed_;
};

// The scheduler on the bus: topic "scheduler", method select_destinations.
// `workers` threads take the calls; [scheduler] workers of them decide at
// once, the others queue (DecisionGate). While it runs, the scheduler's
// host rows are refreshed in the background.
class SchedulerService {
  public:
    SchedulerService(std::shared_ptr<onestack::rpc::Transport> bus, Scheduler& scheduler,
                     const std::string& host, unsigned workers);
    void start();
    void stop();

  private:
    Scheduler& scheduler_;
    DecisionGate gate_;  // before server_: its handlers use it until it stops
    onestack::rpc::RpcServer server_;
};

}  // namespace onestack::compute::scheduler
