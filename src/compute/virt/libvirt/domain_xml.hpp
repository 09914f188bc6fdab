#pragma once
// The libvirt domain XML of an instance (nova/virt/libvirt/config.py's role),
// built from a plain description so that it can be checked without libvirt.
#include <string>
#include <vector>

#include "compute/virt/driver.hpp"

namespace onestack::compute::virt::libvirt {

// XML namespace of the <metadata> element that marks a domain as ours.
inline constexpr const char* kMetadataNamespace = "https://onestack.dev/xmlns/libvirt/instance/1";
inline constexpr const char* kMetadataPrefix = "onestack";

struct DiskSpec {
    std::string path;
    std::string format = "qcow2";  // driver type: qcow2 | raw
    std::string device = "disk";   // disk | cdrom
    std::string bus = "virtio";    // virtio | scsi | ide | sata
    std::string target;            // vda, sdb, hdd, ...
    bool readonly = false;
};

struct DomainSpec {
    std::string name;  // instance-<uuid>
    std::string uuid;
    std::string type = "qemu";  // qemu | kvm
    std::string arch = "x86_64";
    std::string machine = "pc";
    bool uefi = false;
    int vcpus = 1;
    int memory_mb = 512;
    std::string kernel;  // direct kernel boot (AKI/ARI images)
    std::string initrd;
    std::string cmdline;
    std::vector<DiskSpec> disks;
    std::string console_log;  // the serial console's log file
    // <metadata>: who created the domain (the instances path) and what for.
    std::string owner;
    std::string display_name;
    std::string flavor_name;
};

std::string xml_escape(std::string_view text);
std::string domain_xml(const DomainSpec& spec);

// Guest device names for a bus, in order: vda vdb ... / sda sdb ... / hda hdb ...
std::string disk_target(const std::string& bus, int index);

// The disk bus from image properties (hw_disk_bus), "virtio" by default.
std::string disk_bus_of(const ImageMeta& image);
// The cdrom bus: hw_cdrom_bus, else ide on i440fx ("pc*") and sata on q35.
std::string cdrom_bus_of(const ImageMeta& image, const std::string& machine);

}  // namespace onestack::compute::virt::libvirt
