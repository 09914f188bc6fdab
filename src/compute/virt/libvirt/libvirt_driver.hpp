#pragma once
// The libvirt driver (nova/virt/libvirt/driver.py's role): real QEMU guests
// through libvirt's C API. One driver serves one host whose single node has
// the host's name.
//
// Per instance, <instances_path>/<uuid>/ holds: disk (root, qcow2 overlay on
// the cached image or a raw copy), disk.eph0, disk.swap, disk.config (the
// config drive ISO), console.log (the serial console, written by virtlogd),
// libvirt.xml (the domain as defined) and images (the cached image ids it
// uses, for the cache cleanup). A resize moves the directory to
// <uuid>_resize until it is confirmed or reverted.
//
// Domains are named instance-<uuid>, carry the instance uuid, and are marked
// in <metadata> with the instances path that owns them: several clouds may
// share one libvirtd, and each sees, lists and cleans up only its own.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>

#include "compute/virt/driver.hpp"
#include "compute/virt/libvirt/connection.hpp"
#include "compute/virt/libvirt/domain_xml.hpp"
#include "compute/virt/libvirt/image_cache.hpp"
#include "compute/virt/libvirt/options.hpp"

namespace onestack::compute::virt::libvirt {

class LibvirtDriver : public ComputeDriver {
  public:
    explicit LibvirtDriver(LibvirtOptions options);

    std::string name() const override { return "libvirt"; }
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

    std::string cache_image(const ImageMeta& image, const ImageFetch& fetch) override;
    void handle_orphan(const std::string& uuid) override;

    // Removes cached images no instance directory names, unused for
    // image_cache_max_age (run from host_resources every image_cache_interval).
    std::vector<std::string> clean_image_cache();

    static std::string domain_name(const std::string& uuid) { return "instance-" + uuid; }
    std::filesystem::path instance_dir(const std::string& uuid) const;
    std::filesystem::path resize_dir(const std::string& uuid) const;
    ImageCache& image_cache() { return cache_; }
    Connection& connection() { return conn_; }

  private:
    // Our domain of the instance; InstanceNotFound when there is none.
    Domain domain_of(const std::string& uuid);
    bool ours(const Domain& d) const;
    std::string domain_type() const;
    // The domain description for the disks present in the instance dir;
    // `rescue`: disk.rescue first, the instance's root disk second (nova's
    // rescue layout), no ephemeral or swap disk.
    DomainSpec domain_spec(const Instance& instance, const Flavor& flavor, const ImageMeta& image,
                           bool rescue = false) const;
    // Defines the domain from its stored libvirt.xml (redefining over an
    // existing definition) and returns it.
    Domain define_stored(const std::string& uuid);
    // Starts a defined domain that is not running (restores a managed save).
    void start(Domain& d);
    // ACPI shutdown, waiting up to `timeout`; false when it did not stop.
    bool clean_shutdown(Domain& d, std::chrono::seconds timeout);
    void hard_stop(Domain& d);
    void undefine(Domain& d);
    // The cached image ids the instance uses (`append`: added to the list).
    void write_images_file(const std::string& uuid, const ImageMeta& image,
                           bool append = false) const;
    void maybe_clean_cache();

    LibvirtOptions options_;
    std::string host_;
    Connection conn_;
    ImageCache cache_;
    std::mutex cache_clean_mu_;
    std::chrono::steady_clock::time_point last_cache_clean_{};
};

}  // namespace onestack::compute::virt::libvirt
