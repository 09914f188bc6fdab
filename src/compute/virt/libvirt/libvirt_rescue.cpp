#include <spdlog/spdlog.h>

#include "compute/virt/libvirt/disk.hpp"
#include "compute/virt/libvirt/instance_files.hpp"
#include "compute/virt/libvirt/libvirt_driver.hpp"

// The libvirt driver's rescue and unrescue (nova's LibvirtDriver.rescue /
// unrescue, legacy layout): the guest boots from a fresh disk of the rescue
// image with its own root disk attached second; unrescue restores the
// definition kept aside and drops the rescue disk.
namespace onestack::compute::virt::libvirt {
namespace fs = std::filesystem;

void LibvirtDriver::rescue(const Instance& instance, const ImageMeta& image,
                           const std::string& admin_password) {
    if (image.local_path.empty()) {
        throw DriverError("rescue image " + image.id + " is not in the host's image cache");
    }
    auto d = domain_of(instance.uuid);
    auto dir = instance_dir(instance.uuid);
    // Kept once: a second rescue of a rescued guest must not lose the original.
    if (!fs::exists(dir / kUnrescueXml)) {
        write_file(dir / kUnrescueXml, read_file(dir / kDomainXml));
    }
    hard_stop(d);
    if (d.has_managed_save()) {
        virDomainManagedSaveRemove(d.get(), 0);
    }
    auto disk = (dir / kRescueDisk).string();
    fs::remove(disk);
    if (options_.images_type == "raw") {
        copy_image(image.local_path, disk, "raw");
    } else {
        create_overlay(image.local_path, disk);
    }
    write_images_file(instance.uuid, image, true);
    auto xml = domain_xml(domain_spec(instance, instance.flavor, image, true));
    write_file(dir / kDomainXml, xml);
    auto rescued = conn_.define(xml);
    start(rescued);
    // nova puts the rescue password into the rescue config drive / injected
    // files; the tiny guest has no use for it, so it is not written anywhere.
    spdlog::info("libvirt: {} rescued from image {}{}", rescued.name(), image.id,
                 admin_password.empty() ? "" : " (rescue password not injected)");
}

void LibvirtDriver::unrescue(const Instance& instance) {
    auto dir = instance_dir(instance.uuid);
    if (!fs::exists(dir / kUnrescueXml)) {
        throw DriverError("instance " + instance.uuid + " is not rescued (no " +
                          (dir / kUnrescueXml).string() + ")");
    }
    auto d = domain_of(instance.uuid);
    hard_stop(d);
    write_file(dir / kDomainXml, read_file(dir / kUnrescueXml));
    auto restored = define_stored(instance.uuid);
    start(restored);
    std::error_code ec;
    fs::remove(dir / kRescueDisk, ec);
    fs::remove(dir / kUnrescueXml, ec);
    spdlog::info("libvirt: {} unrescued", restored.name());
}

}  // namespace onestack::compute::virt::libvirt
