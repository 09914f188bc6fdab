#pragma once
// The files of an instance directory (<instances_path>/<uuid>/) and small
// file helpers shared by the libvirt driver's translation units.
#include <cstdint>
#include <filesystem>
#include <string>

#include "compute/virt/driver.hpp"

namespace onestack::compute::virt::libvirt {

inline constexpr std::uint64_t kGiB = 1024ULL * 1024 * 1024;
inline constexpr const char* kRootDisk = "disk";
inline constexpr const char* kEphemeralDisk = "disk.eph0";
inline constexpr const char* kSwapDisk = "disk.swap";
inline constexpr const char* kConfigDrive = "disk.config";
inline constexpr const char* kConsoleLog = "console.log";
inline constexpr const char* kDomainXml = "libvirt.xml";
inline constexpr const char* kImagesFile = "images";  // cached image ids the instance uses
// While rescued: the rescue image's disk, and the definition unrescue restores.
inline constexpr const char* kRescueDisk = "disk.rescue";
inline constexpr const char* kUnrescueXml = "unrescue.xml";

// A string image property ("" when absent or not a string).
std::string image_property(const ImageMeta& image, const char* name);
std::string read_file(const std::filesystem::path& p);
// Written aside, then renamed into place.
void write_file(const std::filesystem::path& p, const std::string& text);

}  // namespace onestack::compute::virt::libvirt
