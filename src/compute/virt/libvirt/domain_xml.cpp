#include "compute/virt/libvirt/domain_xml.hpp"

#include <sstream>

#include "compute/virt/libvirt/instance_files.hpp"

namespace onestack::compute::virt::libvirt {

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '\'':
                out += "&apos;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string disk_target(const std::string& bus, int index) {
    std::string prefix = bus == "virtio" ? "vd" : bus == "ide" ? "hd" : "sd";
    // ide: hda..hdd (two channels, two units); a cdrom usually takes hdd.
    return prefix + static_cast<char>('a' + index);
}

std::string disk_bus_of(const ImageMeta& image) {
    auto bus = image_property(image, "hw_disk_bus");
    if (bus == "scsi" || bus == "ide" || bus == "sata" || bus == "virtio") {
        return bus;
    }
    return "virtio";
}

std::string cdrom_bus_of(const ImageMeta& image, const std::string& machine) {
    auto bus = image_property(image, "hw_cdrom_bus");
    if (bus == "scsi" || bus == "ide" || bus == "sata") {
        return bus;
    }
    return machine.find("q35") != std::string::npos ? "sata" : "ide";
}

std::string domain_xml(const DomainSpec& s) {
    std::ostringstream x;
    x << "<domain type='" << xml_escape(s.type) << "'>\n"
      << "  <name>" << xml_escape(s.name) << "</name>\n"
      << "  <uuid>" << xml_escape(s.uuid) << "</uuid>\n"
      << "  <metadata>\n"
      << "    <" << kMetadataPrefix << ":instance xmlns:" << kMetadataPrefix << "='"
      << kMetadataNamespace << "'>\n"
      << "      <" << kMetadataPrefix << ":owner>" << xml_escape(s.owner) << "</" << kMetadataPrefix
      << ":owner>\n"
      << "      <" << kMetadataPrefix << ":name>" << xml_escape(s.display_name) << "</"
      << kMetadataPrefix << ":name>\n"
      << "      <" << kMetadataPrefix << ":flavor>" << xml_escape(s.flavor_name) << "</"
      << kMetadataPrefix << ":flavor>\n"
      << "    </" << kMetadataPrefix << ":instance>\n"
      << "  </metadata>\n"
      << "  <memory unit='MiB'>" << s.memory_mb << "</memory>\n"
      << "  <currentMemory unit='MiB'>" << s.memory_mb << "</currentMemory>\n"
      << "  <vcpu>" << s.vcpus
      << "</vcpu>\n"
      // SMBIOS as nova writes it: guests may read their uuid from here.
      << "  <sysinfo type='smbios'><system>"
      << "<entry name='manufacturer'>OpenStack Foundation</entry>"
      << "<entry name='product'>OpenStack Nova</entry>"
      << "<entry name='serial'>" << xml_escape(s.uuid) << "</entry>"
      << "<entry name='uuid'>" << xml_escape(s.uuid) << "</entry>"
      << "<entry name='family'>Virtual Machine</entry></system></sysinfo>\n"
      << "  <os" << (s.uefi ? " firmware='efi'" : "") << ">\n"
      << "    <type arch='" << xml_escape(s.arch) << "' machine='" << xml_escape(s.machine)
      << "'>hvm</type>\n";
    if (!s.kernel.empty()) {
        x << "    <kernel>" << xml_escape(s.kernel) << "</kernel>\n";
        if (!s.initrd.empty()) {
            x << "    <initrd>" << xml_escape(s.initrd) << "</initrd>\n";
        }
        x << "    <cmdline>" << xml_escape(s.cmdline) << "</cmdline>\n";
    } else {
        x << "    <boot dev='hd'/>\n";
    }
    x << "    <smbios mode='sysinfo'/>\n"
      << "  </os>\n"
      // ACPI: clean shutdown and soft reboot press the guest's power button.
      << "  <features><acpi/><apic/></features>\n";
    if (s.type == "kvm") {
        x << "  <cpu mode='host-model'/>\n";
    } else {
        x << "  <cpu mode='custom' match='exact'><model fallback='allow'>qemu64</model></cpu>\n";
    }
    x << "  <clock offset='utc'/>\n"
      << "  <on_poweroff>destroy</on_poweroff>\n"
      << "  <on_reboot>restart</on_reboot>\n"
      << "  <on_crash>destroy</on_crash>\n"
      << "  <devices>\n";
    bool scsi = false;
    for (const auto& d : s.disks) {
        scsi = scsi || d.bus == "scsi";
        x << "    <disk type='file' device='" << xml_escape(d.device) << "'>\n"
          << "      <driver name='qemu' type='" << xml_escape(d.format) << "' cache='none'/>\n"
          << "      <source file='" << xml_escape(d.path) << "'/>\n"
          << "      <target dev='" << xml_escape(d.target) << "' bus='" << xml_escape(d.bus)
          << "'/>\n";
        if (d.readonly) {
            x << "      <readonly/>\n";
        }
        x << "    </disk>\n";
    }
    if (scsi) {
        x << "    <controller type='scsi' model='virtio-scsi'/>\n";
    }
    x << "    <serial type='pty'>\n";
    if (!s.console_log.empty()) {
        // Written by virtlogd; append: the log survives reboots and restarts.
        x << "      <log file='" << xml_escape(s.console_log) << "' append='on'/>\n";
    }
    x << "      <target port='0'/>\n"
      << "    </serial>\n"
      << "    <console type='pty'><target type='serial' port='0'/></console>\n"
      << "    <memballoon model='virtio'/>\n"
      << "    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>\n"
      << "  </devices>\n"
      << "</domain>\n";
    return x.str();
}

}  // namespace onestack::compute::virt::libvirt
