#pragma once
// Nova's instance states (nova/compute/vm_states.py, task_states.py,
// power_state.py) and the API status they map to (nova/api/openstack/common.py
// _STATE_MAP). Stored as these exact strings; power states as nova's ints.
#include <string>
#include <string_view>

namespace onestack::compute {

namespace vm_state {
inline constexpr const char* kActive = "active";
inline constexpr const char* kBuilding = "building";
inline constexpr const char* kPaused = "paused";
inline constexpr const char* kSuspended = "suspended";
inline constexpr const char* kStopped = "stopped";
inline constexpr const char* kRescued = "rescued";
inline constexpr const char* kResized = "resized";
inline constexpr const char* kSoftDeleted = "soft-delete";
inline constexpr const char* kDeleted = "deleted";
inline constexpr const char* kError = "error";
inline constexpr const char* kShelved = "shelved";
inline constexpr const char* kShelvedOffloaded = "shelved_offloaded";
}  // namespace vm_state

namespace task_state {
inline constexpr const char* kScheduling = "scheduling";
inline constexpr const char* kBlockDeviceMapping = "block_device_mapping";
inline constexpr const char* kNetworking = "networking";
inline constexpr const char* kSpawning = "spawning";
inline constexpr const char* kImageSnapshot = "image_snapshot";
inline constexpr const char* kImageSnapshotPending = "image_snapshot_pending";
inline constexpr const char* kImagePendingUpload = "image_pending_upload";
inline constexpr const char* kImageUploading = "image_uploading";
inline constexpr const char* kImageBackup = "image_backup";
inline constexpr const char* kResizePrep = "resize_prep";
inline constexpr const char* kResizeMigrating = "resize_migrating";
inline constexpr const char* kResizeMigrated = "resize_migrated";
inline constexpr const char* kResizeFinish = "resize_finish";
inline constexpr const char* kResizeReverting = "resize_reverting";
inline constexpr const char* kResizeConfirming = "resize_confirming";
inline constexpr const char* kRebooting = "rebooting";
inline constexpr const char* kRebootPending = "reboot_pending";
inline constexpr const char* kRebootStarted = "reboot_started";
inline constexpr const char* kRebootingHard = "rebooting_hard";
inline constexpr const char* kRebootPendingHard = "reboot_pending_hard";
inline constexpr const char* kRebootStartedHard = "reboot_started_hard";
inline constexpr const char* kPausing = "pausing";
inline constexpr const char* kUnpausing = "unpausing";
inline constexpr const char* kSuspending = "suspending";
inline constexpr const char* kResuming = "resuming";
inline constexpr const char* kPoweringOff = "powering-off";
inline constexpr const char* kPoweringOn = "powering-on";
inline constexpr const char* kRebuilding = "rebuilding";
inline constexpr const char* kRebuildSpawning = "rebuild_spawning";
inline constexpr const char* kMigrating = "migrating";
inline constexpr const char* kDeleting = "deleting";
inline constexpr const char* kRescuing = "rescuing";
inline constexpr const char* kUnrescuing = "unrescuing";
inline constexpr const char* kUpdatingPassword = "updating_password";
inline constexpr const char* kShelving = "shelving";
inline constexpr const char* kShelvingImagePendingUpload = "shelving_image_pending_upload";
inline constexpr const char* kShelvingImageUploading = "shelving_image_uploading";
inline constexpr const char* kShelvingOffloading = "shelving_offloading";
inline constexpr const char* kUnshelving = "unshelving";
}  // namespace task_state

// nova/compute/power_state.py
namespace power_state {
inline constexpr int kNoState = 0;
inline constexpr int kRunning = 1;
inline constexpr int kPaused = 3;
inline constexpr int kShutdown = 4;
inline constexpr int kCrashed = 6;
inline constexpr int kSuspended = 7;
}  // namespace power_state

// power_state.STATE_MAP: "pending", "running", "paused", "shutdown",
// "crashed", "suspended" (an unknown number: "pending").
std::string_view power_state_name(int state);

// "ACTIVE", "BUILD", "REBOOT", "VERIFY_RESIZE", ... for a vm_state/task_state
// pair ("" task state: none), as the API shows it.
std::string api_status(std::string_view vm_state, std::string_view task_state);

}  // namespace onestack::compute
