#pragma once
// The `fake` hypervisor (nova/virt/fake.py's FakeDriver): guests are entries
// in memory, for scale tests of the control plane only; nothing boots. One
// instance serves one host (its single node has the host's name); a process
// can run many ([fake] hosts = N gives fake-1 .. fake-N).
//
// Failure injection, for reschedule tests: spawn throws DriverError when the
// driver was built with fail_spawn, or when the image has the property
// `onestack_fake_fail_spawn` naming this host (or "*", every host).
//
// With a journal path the guest list survives a restart of the process (a
// real hypervisor outlives its agent): each change is one appended line, and
// the file is compacted when the driver starts.
//
// A spawn's config drive files are written beside the journal, under
// config-drives/<uuid>/ (the drive's tree, as a guest would mount it), so
// tests can read what a guest would; destroy removes them.
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "compute/virt/driver.hpp"

namespace onestack::compute::virt::fake {

inline constexpr const char* kFailSpawnProperty = "onestack_fake_fail_spawn";

struct FakeDriverOptions {
    int vcpus = 1000;  // nova's fake driver reports these
    int memory_mb = 800000;
    int local_gb = 600000;
    bool fail_spawn = false;
    int spawn_delay_ms = 0;    // a spawn takes this long (crash-safety tests kill mid-build)
    std::string journal_path;  // "" = in memory only
    std::string snapshot_dir;  // where snapshot payloads are written ("" = temp dir)
};

class FakeDriver : public ComputeDriver {
  public:
    explicit FakeDriver(FakeDriverOptions options = {});

    std::string name() const override { return "fake"; }
    void init_host(const std::string& host) override;
    std::vector<std::string> nodes() override;
    HostResources host_resources(const std::string& node) override;
    std::vector<std::string> list_instance_uuids() override;

    void spawn(const Instance& instance, const SpawnRequest& request) override;
    void destroy(const Instance& instance, bool destroy_disks) override;
    void reboot(const Instance& instance, bool hard) override;
    void power_off(const Instance& instance, std::chrono::seconds clean_shutdown_timeout) override;
    void power_on(const Instance& instance) override;
    void pause(const Instance& instance) override;
    void unpause(const Instance& instance) override;
    void suspend(const Instance& instance) override;
    void resume(const Instance& instance) override;
    InstanceInfo instance_info(const Instance& instance) override;
    std::string console_output(const Instance& instance) override;
    Diagnostics diagnostics(const Instance& instance) override;
    void rescue(const Instance& instance, const ImageMeta& image,
                const std::string& admin_password) override;
    void unrescue(const Instance& instance) override;
    void set_admin_password(const Instance& instance, const std::string& password) override;

    SnapshotFile snapshot(const Instance& instance, const std::string& image_id) override;
    void migrate_disk_and_power_off(const Instance& instance, const Flavor& new_flavor,
                                    const std::string& dest_host) override;
    void finish_migration(const Instance& instance, const Flavor& flavor, const ImageMeta& image,
                          bool power_on) override;
    void confirm_migration(const Instance& instance) override;
    void finish_revert_migration(const Instance& instance, bool power_on) override;

    void attach_volume(const Instance& instance, const boost::json::object& connection_info,
                       const std::string& mountpoint) override;
    void detach_volume(const Instance& instance, const boost::json::object& connection_info,
                       const std::string& mountpoint) override;
    void attach_interface(const Instance& instance, const boost::json::object& vif) override;
    void detach_interface(const Instance& instance, const boost::json::object& vif) override;

    // For tests: make the next spawns fail (or not).
    void set_fail_spawn(bool fail);
    // For tests: the personality files the guest was last spawned with.
    std::vector<std::pair<std::string, std::string>> injected_files(const std::string& uuid);

  private:
    struct Guest {
        int power_state = 0;
        int vcpus = 0;
        int memory_mb = 0;
        int disk_gb = 0;
        std::vector<std::pair<std::string, std::string>> injected_files;  // kept, not journaled
    };
    Guest& guest(const Instance& instance);                   // throws InstanceNotFound; mu_ held
    void set_power(const Instance& instance, int state);      // takes mu_
    void set_state(const std::string& uuid, const Guest& g);  // mu_ held; journals
    void forget(const std::string& uuid);                     // mu_ held; journals
    void journal(const std::string& line);                    // mu_ held
    std::string config_drive_dir(const std::string& uuid) const;  // "" without a journal

    FakeDriverOptions options_;
    std::string host_;
    std::mutex mu_;
    std::unordered_map<std::string, Guest> guests_;
    // Guests whose disk was handed to another host by a resize, until confirmed.
    std::unordered_set<std::string> resize_sources_;
};

}  // namespace onestack::compute::virt::fake
