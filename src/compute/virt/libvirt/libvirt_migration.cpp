#include <spdlog/spdlog.h>

#include "compute/virt/libvirt/disk.hpp"
#include "compute/virt/libvirt/instance_files.hpp"
#include "compute/virt/libvirt/libvirt_driver.hpp"

// The libvirt driver's snapshot, resize and cold migration steps (the rest
// of LibvirtDriver is in libvirt_driver.cpp).
namespace onestack::compute::virt::libvirt {
namespace fs = std::filesystem;

// --- snapshot ---------------------------------------------------------------------

SnapshotFile LibvirtDriver::snapshot(const Instance& instance, const std::string& image_id) {
    auto d = domain_of(instance.uuid);
    auto dir = fs::path(options_.instances_path) / "snapshots";
    fs::create_directories(dir);
    auto out = (dir / (image_id + ".qcow2")).string();
    auto disk = (instance_dir(instance.uuid) / kRootDisk).string();
    // A running guest is paused for the copy so the disk does not change under
    // it (nova's cold snapshot path, without the shutdown).
    bool paused = false;
    if (d.active() && d.state() == VIR_DOMAIN_RUNNING) {
        if (virDomainSuspend(d.get()) != 0) {
            throw_last_error("pausing " + d.name() + " for a snapshot");
        }
        paused = true;
    }
    try {
        convert_to_qcow2(disk, out, d.active());
    } catch (...) {
        if (paused) {
            virDomainResume(d.get());
        }
        std::error_code ec;
        fs::remove(out, ec);
        throw;
    }
    if (paused && virDomainResume(d.get()) != 0) {
        throw_last_error("resuming " + d.name() + " after a snapshot");
    }
    return {out, "qcow2"};
}

// --- resize and cold migration --------------------------------------------------

void LibvirtDriver::migrate_disk_and_power_off(const Instance& instance, const Flavor& new_flavor,
                                               const std::string& dest_host) {
    if (new_flavor.root_gb != 0 && new_flavor.root_gb < instance.flavor.root_gb) {
        throw DriverError("Resize error: unable to shrink the root disk of " + instance.uuid);
    }
    auto d = domain_of(instance.uuid);
    if (!clean_shutdown(d, std::chrono::seconds(options_.shutdown_timeout))) {
        hard_stop(d);
    }
    undefine(d);
    auto from = instance_dir(instance.uuid);
    auto to = resize_dir(instance.uuid);
    fs::remove_all(to);
    fs::rename(from, to);
    if (!dest_host.empty() && dest_host != host_) {
        spdlog::info("libvirt: {} handed to {} through the shared instances path {}", d.name(),
                     dest_host, options_.instances_path);
    }
}

void LibvirtDriver::finish_migration(const Instance& instance, const Flavor& flavor,
                                     const ImageMeta& image, bool power_on) {
    auto src = resize_dir(instance.uuid);
    if (!fs::exists(src)) {
        throw DriverError("no disks to migrate from: " + src.string() +
                          " is missing ([libvirt] instances_path must be shared between the "
                          "hosts of a cold migration)");
    }
    auto dir = instance_dir(instance.uuid);
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const char* name :
         {kRootDisk, kEphemeralDisk, kSwapDisk, kConfigDrive, kConsoleLog, kImagesFile}) {
        if (fs::exists(src / name)) {
            fs::copy_file(src / name, dir / name);
        }
    }
    if (flavor.root_gb > 0) {
        grow((dir / kRootDisk).string(), static_cast<std::uint64_t>(flavor.root_gb) * kGiB);
    }
    auto disk_format = options_.images_type == "raw" ? "raw" : "qcow2";
    auto eph = (dir / kEphemeralDisk).string();
    if (flavor.ephemeral_gb > 0) {
        auto bytes = static_cast<std::uint64_t>(flavor.ephemeral_gb) * kGiB;
        if (fs::exists(eph)) {
            grow(eph, bytes);
        } else {
            create_blank(eph, disk_format, bytes);
        }
    }
    auto swap = (dir / kSwapDisk).string();
    fs::remove(swap);  // swap holds nothing worth keeping: made at the new size
    if (flavor.swap > 0) {
        create_blank(swap, disk_format, static_cast<std::uint64_t>(flavor.swap) * 1024 * 1024);
    }
    auto xml = domain_xml(domain_spec(instance, flavor, image));
    write_file(dir / kDomainXml, xml);
    auto d = conn_.define(xml);
    if (power_on) {
        start(d);
    }
    spdlog::info("libvirt: {} rebuilt with flavor {} ({} vCPU, {} MiB){}", d.name(), flavor.name,
                 flavor.vcpus, flavor.memory_mb, power_on ? ", running" : "");
}

void LibvirtDriver::confirm_migration(const Instance& instance) {
    std::error_code ec;
    fs::remove_all(resize_dir(instance.uuid), ec);
}

void LibvirtDriver::finish_revert_migration(const Instance& instance, bool power_on) {
    auto src = resize_dir(instance.uuid);
    if (fs::exists(src)) {
        if (auto d = conn_.lookup(instance.uuid); d && ours(*d)) {
            hard_stop(*d);
            undefine(*d);
        }
        fs::remove_all(instance_dir(instance.uuid));
        fs::rename(src, instance_dir(instance.uuid));
    }
    auto d = define_stored(instance.uuid);
    if (power_on) {
        start(d);
    }
}

// --- not yet ----------------------------------------------------------------------

void LibvirtDriver::attach_volume(const Instance&, const boost::json::object&, const std::string&) {
    throw DriverError(
        "libvirt driver: volume attach is not supported yet (block storage arrives "
        "later)");
}

void LibvirtDriver::detach_volume(const Instance&, const boost::json::object&, const std::string&) {
    throw DriverError(
        "libvirt driver: volume detach is not supported yet (block storage arrives "
        "later)");
}

void LibvirtDriver::attach_interface(const Instance&, const boost::json::object&) {
    throw DriverError(
        "libvirt driver: interface attach is not supported yet (networking arrives "
        "later)");
}

void LibvirtDriver::detach_interface(const Instance&, const boost::json::object&) {
    throw DriverError(
        "libvirt driver: interface detach is not supported yet (networking arrives "
        "later)");
}

}  // namespace onestack::compute::virt::libvirt
