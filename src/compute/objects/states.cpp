#include "compute/objects/states.hpp"

namespace onestack::compute {

std::string_view power_state_name(int state) {
    switch (state) {
        case power_state::kRunning:
            return "running";
        case power_state::kPaused:
            return "paused";
        case power_state::kShutdown:
            return "shutdown";
        case power_state::kCrashed:
            return "crashed";
        case power_state::kSuspended:
            return "suspended";
        default:
            return "pending";
    }
}

std::string api_status(std::string_view vm, std::string_view task) {
    using namespace task_state;
    auto is = [&](std::initializer_list<const char*> states) {
        for (const char* s : states) {
            if (task == s) {
                return true;
            }
        }
        return false;
    };
    const auto rebuild = {kRebuilding, kRebuildSpawning, "rebuild_block_device_mapping"};
    const auto resize = {kResizePrep, kResizeMigrating, kResizeMigrated, kResizeFinish};
    if (vm == vm_state::kActive) {
        if (is({kRebooting, kRebootPending, kRebootStarted})) {
            return "REBOOT";
        }
        if (is({kRebootingHard, kRebootPendingHard, kRebootStartedHard})) {
            return "HARD_REBOOT";
        }
        if (task == "updating_password") {
            return "PASSWORD";
        }
        if (is(rebuild)) {
            return "REBUILD";
        }
        if (task == kMigrating) {
            return "MIGRATING";
        }
        if (is(resize)) {
            return "RESIZE";
        }
        return "ACTIVE";
    }
    if (vm == vm_state::kBuilding) {
        return "BUILD";
    }
    if (vm == vm_state::kStopped) {
        if (is(resize)) {
            return "RESIZE";
        }
        if (is(rebuild)) {
            return "REBUILD";
        }
        return "SHUTOFF";
    }
    if (vm == vm_state::kResized) {
        return task == kResizeReverting ? "REVERT_RESIZE" : "VERIFY_RESIZE";
    }
    if (vm == vm_state::kPaused) {
        return task == kMigrating ? "MIGRATING" : "PAUSED";
    }
    if (vm == vm_state::kSuspended) {
        return "SUSPENDED";
    }
    if (vm == vm_state::kRescued) {
        return "RESCUE";
    }
    if (vm == vm_state::kError) {
        return is(rebuild) ? "REBUILD" : "ERROR";
    }
    if (vm == vm_state::kDeleted) {
        return "DELETED";
    }
    if (vm == vm_state::kSoftDeleted) {
        return "SOFT_DELETED";
    }
    if (vm == vm_state::kShelved) {
        return "SHELVED";
    }
    if (vm == vm_state::kShelvedOffloaded) {
        return "SHELVED_OFFLOADED";
    }
    return "UNKNOWN";
}

}  // namespace onestack::compute
