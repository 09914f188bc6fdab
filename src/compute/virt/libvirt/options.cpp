#include "compute/virt/libvirt/options.hpp"

#include <filesystem>

namespace onestack::compute::virt::libvirt {

using config::OptionDef;
using config::Type;

void register_libvirt_options(config::Registry& r) {
    const LibvirtOptions d;
    r.add(std::vector<OptionDef>{
        {.section = "libvirt",
         .name = "connection_uri",
         .type = Type::String,
         .default_value = d.uri,
         .help = "libvirt connection URI of the compute agent (nova's connection_uri)."},
        {.section = "libvirt",
         .name = "virt_type",
         .type = Type::String,
         .default_value = d.virt_type,
         .help = "Domain type: kvm, qemu (TCG emulation), or auto (kvm when /dev/kvm exists).",
         .choices = {"auto", "kvm", "qemu"}},
        {.section = "libvirt",
         .name = "instances_path",
         .type = Type::String,
         .default_value = "",
         .help = "Where instance disks, console logs and the image cache (_base) live; "
                 "empty: <state_path>/instances."},
        {.section = "libvirt",
         .name = "images_type",
         .type = Type::String,
         .default_value = d.images_type,
         .help = "Instance root disks: qcow2 (an overlay on the host's cached image) or raw "
                 "(a full copy of it).",
         .choices = {"qcow2", "raw"}},
        {.section = "libvirt",
         .name = "orphan_policy",
         .type = Type::String,
         .default_value = d.orphan_policy,
         .help = "What init_host does with domains this host created whose instance is gone: "
                 "destroy (domain and disks) or log (leave them, warn each start).",
         .choices = {"destroy", "log"}},
        {.section = "libvirt",
         .name = "shutdown_timeout",
         .type = Type::Int,
         .default_value = std::to_string(d.shutdown_timeout),
         .help = "Upper bound, in seconds, on waiting for a guest's clean (ACPI) shutdown "
                 "before it is destroyed (stop, soft reboot, resize).",
         .min = 0},
        {.section = "libvirt",
         .name = "image_cache_max_age",
         .type = Type::Int,
         .default_value = std::to_string(d.image_cache_max_age),
         .help = "Seconds a cached image (_base) no instance uses is kept before removal "
                 "(nova's remove_unused_original_minimum_age_seconds).",
         .min = 0},
        {.section = "libvirt",
         .name = "image_cache_interval",
         .type = Type::Int,
         .default_value = std::to_string(d.image_cache_interval),
         .help = "Seconds between image cache cleanups (nova's "
                 "image_cache_manager_interval); 0 disables them.",
         .min = 0},
        {.section = "libvirt",
         .name = "config_drive_tool",
         .type = Type::String,
         .default_value = d.config_drive_tool,
         .help = "Program that writes config drive ISOs: genisoimage, xorriso, or auto (the "
                 "first found).",
         .choices = {"auto", "genisoimage", "xorriso"}},
    });
}

LibvirtOptions libvirt_options_from(const config::Config& c) {
    LibvirtOptions o;
    o.uri = c.get_string("libvirt", "connection_uri");
    o.virt_type = c.get_string("libvirt", "virt_type");
    o.instances_path = c.get_string("libvirt", "instances_path");
    if (o.instances_path.empty()) {
        o.instances_path =
            (std::filesystem::path(c.get_string("DEFAULT", "state_path")) / "instances").string();
    }
    o.instances_path = std::filesystem::absolute(o.instances_path).lexically_normal().string();
    o.images_type = c.get_string("libvirt", "images_type");
    o.orphan_policy = c.get_string("libvirt", "orphan_policy");
    o.shutdown_timeout = static_cast<int>(c.get_int("libvirt", "shutdown_timeout"));
    o.image_cache_max_age = static_cast<int>(c.get_int("libvirt", "image_cache_max_age"));
    o.image_cache_interval = static_cast<int>(c.get_int("libvirt", "image_cache_interval"));
    o.config_drive_tool = c.get_string("libvirt", "config_drive_tool");
    return o;
}

}  // namespace onestack::compute::virt::libvirt
