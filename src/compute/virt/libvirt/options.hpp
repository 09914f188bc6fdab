#pragma once
// [libvirt] options of the libvirt compute driver (names follow nova.conf's
// [libvirt] section where Nova has one).
#include <string>

#include "common/config/config.hpp"

namespace onestack::compute::virt::libvirt {

struct LibvirtOptions {
    std::string uri = "qemu:///system";
    std::string instances_path;              // "" = <state_path>/instances
    std::string images_type = "qcow2";       // qcow2: overlay on the cached image; raw: a full copy
    std::string virt_type = "auto";          // auto: kvm when /dev/kvm exists, else qemu
    std::string orphan_policy = "destroy";   // domains of ours with no instance: destroy | log
    int shutdown_timeout = 60;               // upper bound on a clean shutdown before destroy
    int image_cache_max_age = 86400;         // seconds an unused cached image is kept
    int image_cache_interval = 2400;         // seconds between cache cleanups
    std::string config_drive_tool = "auto";  // genisoimage | xorriso | auto
    int console_max_bytes = 100 * 1024;      // nova's MAX_CONSOLE_BYTES
};

void register_libvirt_options(config::Registry& registry);
// instances_path made absolute: "" becomes <state_path>/instances.
LibvirtOptions libvirt_options_from(const config::Config& conf);

}  // namespace onestack::compute::virt::libvirt
