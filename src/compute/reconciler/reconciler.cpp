#include "compute/reconciler/reconciler.hpp"

#include <spdlog/spdlog.h>

#include <set>

#include "common/util/time.hpp"
#include "compute/db/host_store.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/objects/states.hpp"

namespace onestack::compute::reconciler {
namespace {

using onestack::db::Conn;
using onestack::db::null;

// Tasks that leave the guest as it was when they stop half-way: clearing
// the task finishes them (the power sync corrects the power state).
const std::set<std::string>& clearable() {
    static const std::set<std::string> s = {task_state::kRebooting,
                                            task_state::kRebootPending,
                                            task_state::kRebootStarted,
                                            task_state::kRebootingHard,
                                            task_state::kRebootPendingHard,
                                            task_state::kRebootStartedHard,
                                            task_state::kPausing,
                                            task_state::kUnpausing,
                                            task_state::kSuspending,
                                            task_state::kResuming,
                                            task_state::kPoweringOff,
                                            task_state::kPoweringOn,
                                            task_state::kImageSnapshot,
                                            task_state::kImageSnapshotPending,
                                            task_state::kImagePendingUpload,
                                            task_state::kImageUploading,
                                            task_state::kResizePrep,
                                            task_state::kResizeConfirming};
    return s;
}

}  // namespace

Reconciler::Reconciler(onestack::db::Database& db, placement::client::PlacementClient& placement,
                       int interval_seconds, int default_deadline)
    : db_(db),
      placement_(placement),
      interval_(interval_seconds),
      default_deadline_(default_deadline) {}

Reconciler::~Reconciler() {
    stop();
}

SweepResult Reconciler::sweep(std::int64_t now) {
    SweepResult result;
    auto overdue = db_.read([&](Conn& c) {
        auto due = db::overdue_instances(c, now);
        auto cutoff = util::iso8601_micros((now - default_deadline_) * 1000000);
        auto stale = db::instances_by_uuid(c, db::stale_tasks_without_deadline(c, cutoff));
        due.insert(due.end(), stale.begin(), stale.end());
        return due;
    });
    for (const auto& inst : overdue) {
        const auto& ts = inst.task_state;
        std::string message = "Task " + ts + " did not finish before its deadline";
        try {
            if (ts == task_state::kDeleting) {
                // Finish the delete; a guest left behind is destroyed by its
                // agent's init_host as an orphan. The claim goes first: if
                // placement fails, the row stays `deleting` for the next sweep
                // rather than leaving an allocation nobody owns.
                placement_.delete_allocations(inst.uuid);
                bool done = db_.write([&](Conn& c) {
                    try {
                        db::update_instance(c, inst.uuid, {{"task_deadline", null()}},
                                            std::vector<std::string>{ts});
                    } catch (const db::UnexpectedTaskState&) {
                        return false;
                    }
                    db::soft_delete_instance(c, inst.uuid);
                    return true;
                });
                if (done) {
                    ++result.finished;
                }
                continue;
            }
            bool clear = clearable().count(ts) > 0 && inst.vm_state != vm_state::kBuilding;
            bool changed = db_.write([&](Conn& c) {
                db::InstanceUpdate u{{"task_state", null()}, {"task_deadline", null()}};
                if (!clear) {
                    u["vm_state"] = std::string(vm_state::kError);
                }
                try {
                    db::update_instance(c, inst.uuid, u, std::vector<std::string>{ts});
                } catch (const db::UnexpectedTaskState&) {
                    return false;  // its owner moved it on meanwhile
                }
                db::add_fault(c, inst.uuid, {500, message, "", inst.host, ""});
                return true;
            });
            if (!changed) {
                continue;
            }
            if (!clear && (inst.host.empty() || inst.vm_state == vm_state::kBuilding)) {
                // A build that never finished holds nothing, as a failed build
                // in Nova: whatever the scheduler claimed is given back (an
                // agent still spawning loses its compare-and-set and undoes).
                placement_.delete_allocations(inst.uuid);
            }
            spdlog::warn("reconciler: {} {} ({})", inst.uuid, clear ? "task cleared" : "-> ERROR",
                         message);
            clear ? ++result.finished : ++result.errored;
        } catch (const std::exception& e) {
            spdlog::error("reconciler: {}: {}", inst.uuid, e.what());
        }
    }
    return result;
}

void Reconciler::start() {
    thread_ = std::thread([this] {
        std::unique_lock lock(mu_);
        while (!stopping_) {
            cv_.wait_for(lock, std::chrono::seconds(std::max(1, interval_)),
                         [&] { return stopping_; });
            if (stopping_) {
                break;
            }
            lock.unlock();
            try {
                sweep(util::now_unix());
            } catch (const std::exception& e) {
                spdlog::error("reconciler: sweep failed: {}", e.what());
            }
            lock.lock();
        }
    });
}

void Reconciler::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

}  // namespace onestack::compute::reconciler
