#pragma once
// The hypervisor driver interface (Nova's nova/virt/driver.py ComputeDriver):
// what the compute agent asks of a host. Implementations: virt/fake (in
// memory, for control-plane scale tests only) and virt/libvirt (real QEMU
// guests). Methods block until the hypervisor has done the work and throw
// DriverError (or a subclass) when it could not.
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "compute/objects/instance.hpp"

namespace onestack::compute::virt {

struct DriverError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct InstanceNotFound : DriverError {
    using DriverError::DriverError;
};
// The driver does not do this at all (Nova's NotImplementedError: the API
// answers 501 where Nova does).
struct NotSupported : DriverError {
    using DriverError::DriverError;
};
// set_admin_password needs a guest agent the guest lacks (nova's
// QemuGuestAgentNotEnabled: the API's 409 with this message).
struct GuestAgentNotEnabled : DriverError {
    using DriverError::DriverError;
};

// What a node offers (reported to placement as inventory and shown by
// os-hypervisors).
struct HostResources {
    std::string hypervisor_hostname;  // the node name
    std::string hypervisor_type;      // "fake", "QEMU", "KVM"
    int hypervisor_version = 0;
    int vcpus = 0;
    int memory_mb = 0;
    int local_gb = 0;
    int vcpus_used = 0;
    int memory_mb_used = 0;
    int local_gb_used = 0;
    std::string host_ip;
    boost::json::object cpu_info;
    std::vector<std::string> traits;  // os-traits names the node has (COMPUTE_*, HW_CPU_*)
};

struct InstanceInfo {
    int power_state = 0;  // compute/objects/states.hpp power_state
    int num_cpu = 0;
    std::int64_t max_mem_kb = 0;
    std::int64_t mem_kb = 0;
    std::uint64_t cpu_time_ns = 0;
};

// The image an instance boots from, already fetched into the host's image cache.
struct ImageMeta {
    std::string id;
    std::string name;
    std::string disk_format;
    std::string container_format;
    std::uint64_t size = 0;
    std::string checksum;
    std::string local_path;          // cached file on this host ("" for the fake driver)
    boost::json::object properties;  // hw_*, kernel_id, ramdisk_id, os_*
};

struct SpawnRequest {
    ImageMeta image;
    std::string admin_password;
    // Files for a config drive (path inside the drive -> content); empty: none.
    std::map<std::string, std::string> config_drive_files;
    // Personality files (path, decoded bytes) asked for at create/rebuild.
    std::vector<std::pair<std::string, std::string>> injected_files;
    boost::json::array network_info;  // VIFs, once networking exists
    boost::json::array block_device_info;
};

// Nova's standardized diagnostics (virt/diagnostics.py, shown from API 2.48).
struct CpuDiagnostics {
    int id = 0;
    std::optional<std::uint64_t> time_ns;
    std::optional<int> utilisation;  // percent
};
struct DiskDiagnostics {
    std::uint64_t read_bytes = 0;
    std::uint64_t read_requests = 0;
    std::uint64_t write_bytes = 0;
    std::uint64_t write_requests = 0;
    std::int64_t errors_count = 0;
};
struct Diagnostics {
    int power_state = 0;     // shown as nova's power_state.STATE_MAP name
    std::string driver;      // the API's enum: "libvirt", "xenapi", ...
    std::string hypervisor;  // "kvm", "qemu"
    std::string hypervisor_os;
    std::optional<std::int64_t> uptime_s;
    bool config_drive = false;
    std::vector<CpuDiagnostics> cpus;
    std::vector<DiskDiagnostics> disks;
    std::optional<std::int64_t> memory_max_mb;
    std::optional<std::int64_t> memory_used_mb;
};

// Where a snapshot's disk image was written, for the agent to upload.
struct SnapshotFile {
    std::string path;
    std::string disk_format;  // "qcow2"
};

class ComputeDriver {
  public:
    virtual ~ComputeDriver() = default;
    virtual std::string name() const = 0;  // "fake", "libvirt"

    // Called once when the agent starts: connect, reconcile what exists.
    virtual void init_host(const std::string& host) = 0;
    // Node names this driver serves for the host (one per hypervisor; the
    // fake driver can present several hosts from one process).
    virtual std::vector<std::string> nodes() = 0;
    virtual HostResources host_resources(const std::string& node) = 0;
    // Uuids of the guests the hypervisor has, running or not.
    virtual std::vector<std::string> list_instance_uuids() = 0;

    virtual void spawn(const Instance& instance, const SpawnRequest& request) = 0;
    virtual void destroy(const Instance& instance, bool destroy_disks) = 0;
    virtual void reboot(const Instance& instance, bool hard) = 0;
    virtual void power_off(const Instance& instance,
                           std::chrono::seconds clean_shutdown_timeout) = 0;
    virtual void power_on(const Instance& instance) = 0;
    virtual void pause(const Instance& instance) = 0;
    virtual void unpause(const Instance& instance) = 0;
    virtual void suspend(const Instance& instance) = 0;
    virtual void resume(const Instance& instance) = 0;
    virtual InstanceInfo instance_info(const Instance& instance) = 0;
    virtual std::string console_output(const Instance& instance) = 0;
    virtual Diagnostics diagnostics(const Instance& instance) = 0;

    // Rescue: the guest boots from `image` with its own disk attached as a
    // second one; unrescue boots it from its own disk again.
    virtual void rescue(const Instance& instance, const ImageMeta& image,
                        const std::string& admin_password) = 0;
    virtual void unrescue(const Instance& instance) = 0;
    // Sets the guest's administrator password (through a guest agent).
    virtual void set_admin_password(const Instance& instance, const std::string& password) = 0;

    // Writes the instance's root disk as an image file the agent uploads.
    virtual SnapshotFile snapshot(const Instance& instance, const std::string& image_id) = 0;
    // Cold resize/migrate: the source powers off and hands over its disk ...
    virtual void migrate_disk_and_power_off(const Instance& instance, const Flavor& new_flavor,
                                            const std::string& dest_host) = 0;
    // ... the destination builds the guest with the new flavor ...
    virtual void finish_migration(const Instance& instance, const Flavor& flavor,
                                  const ImageMeta& image, bool power_on) = 0;
    // ... then confirm drops the source's copy, or revert restores it.
    virtual void confirm_migration(const Instance& instance) = 0;
    virtual void finish_revert_migration(const Instance& instance, bool power_on) = 0;

    virtual void attach_volume(const Instance& instance, const boost::json::object& connection_info,
                               const std::string& mountpoint) = 0;
    virtual void detach_volume(const Instance& instance, const boost::json::object& connection_info,
                               const std::string& mountpoint) = 0;
    virtual void attach_interface(const Instance& instance, const boost::json::object& vif) = 0;
    virtual void detach_interface(const Instance& instance, const boost::json::object& vif) = 0;

    // Streams an image's data from the image service into a file (the
    // agent's client, with the caller's token); throws on failure.
    using ImageFetch = std::function<void(const std::string& image_id, const std::string& dest)>;
    // Drivers that boot from local files put the image (and its kernel_id /
    // ramdisk_id images) into the host's image cache and return the cached
    // file's path for ImageMeta::local_path; others need nothing ("").
    virtual std::string cache_image(const ImageMeta& image, const ImageFetch& fetch) { return ""; }
    // A guest found at init_host whose instance is gone (not this host's or
    // deleted): destroyed with its disks unless the driver's policy says
    // otherwise.
    virtual void handle_orphan(const std::string& uuid) {
        Instance orphan;
        orphan.uuid = uuid;
        destroy(orphan, true);
    }
};

}  // namespace onestack::compute::virt
