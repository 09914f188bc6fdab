#pragma once
// The config drive: the files the agent prepared (openstack/latest/meta_data.json,
// user_data, ...) written into an ISO9660 volume labelled config-2, as
// nova/virt/configdrive.py does (Rock Ridge + Joliet, genisoimage or xorriso).
#include <map>
#include <string>

namespace onestack::compute::virt::libvirt {

inline constexpr const char* kConfigDriveLabel = "config-2";

// tool: "genisoimage", "xorriso" or "auto" (the first installed). Throws
// DriverError on a bad path (absolute, "..") or when the tool fails.
void write_config_drive(const std::map<std::string, std::string>& files,
                        const std::string& iso_path, const std::string& tool = "auto");

}  // namespace onestack::compute::virt::libvirt
