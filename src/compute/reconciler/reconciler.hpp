#pragma once
// Nothing stays in a transitional state forever: instances whose task is past
// its deadline (instances.task_deadline, written with the intent) are
// finished when that is safe, or put in ERROR with a fault, whatever process
// died on the way (ARCHITECTURE.md "intent is written before it is acted on").
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "common/db/database.hpp"
#include "placement/client/placement_client.hpp"

namespace onestack::compute::reconciler {

struct SweepResult {
    int errored = 0;   // moved to ERROR with a fault
    int finished = 0;  // task cleared or completed
};

class Reconciler {
  public:
    // default_deadline: seconds after its last update that a task without a
    // deadline of its own is treated as overdue.
    Reconciler(onestack::db::Database& db, placement::client::PlacementClient& placement,
               int interval_seconds, int default_deadline = 600);
    ~Reconciler();

    // One pass over the instances overdue at `now` (unix seconds).
    SweepResult sweep(std::int64_t now);

    void start();
    void stop();

  private:
    onestack::db::Database& db_;
    placement::client::PlacementClient& placement_;
    int interval_;
    int default_deadline_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace onestack::compute::reconciler
