#pragma once
// Instance disk files through qemu-img: overlays on cached images, full
// copies, blank disks, growth to the flavor's size, snapshot conversion.
#include <cstdint>
#include <string>

namespace onestack::compute::virt::libvirt {

struct DiskInfo {
    std::string format;  // what qemu-img detects: qcow2, raw, ...
    std::uint64_t virtual_size = 0;
};

DiskInfo disk_info(const std::string& path);
// A qcow2 file whose backing file is `base` (read-only, shared).
void create_overlay(const std::string& base, const std::string& path);
// A standalone copy of `base` in `format` (raw or qcow2).
void copy_image(const std::string& base, const std::string& path, const std::string& format);
void create_blank(const std::string& path, const std::string& format, std::uint64_t bytes);
// Grows the disk to `bytes` when it is smaller; never shrinks.
void grow(const std::string& path, std::uint64_t bytes);
// A standalone qcow2 of `disk` (backing chain flattened). force_share reads a
// disk a running guest holds open.
void convert_to_qcow2(const std::string& disk, const std::string& out, bool force_share);

}  // namespace onestack::compute::virt::libvirt
