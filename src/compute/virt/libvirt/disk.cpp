#include "compute/virt/libvirt/disk.hpp"

#include <boost/json.hpp>

#include "compute/virt/driver.hpp"
#include "compute/virt/libvirt/process.hpp"

namespace onestack::compute::virt::libvirt {

DiskInfo disk_info(const std::string& path) {
    auto out = run_checked({"qemu-img", "info", "-U", "--output=json", path});
    DiskInfo info;
    try {
        auto doc = boost::json::parse(out).as_object();
        info.format = std::string(doc.at("format").as_string());
        info.virtual_size = doc.at("virtual-size").to_number<std::uint64_t>();
    } catch (const std::exception& e) {
        throw DriverError("qemu-img info " + path + ": unexpected output: " + e.what());
    }
    return info;
}

void create_overlay(const std::string& base, const std::string& path) {
    auto base_format = disk_info(base).format;
    run_checked({"qemu-img", "create", "-q", "-f", "qcow2", "-F", base_format, "-b", base, path});
}

void copy_image(const std::string& base, const std::string& path, const std::string& format) {
    run_checked({"qemu-img", "convert", "-q", "-O", format, base, path});
}

void create_blank(const std::string& path, const std::string& format, std::uint64_t bytes) {
    run_checked({"qemu-img", "create", "-q", "-f", format, path, std::to_string(bytes)});
}

void grow(const std::string& path, std::uint64_t bytes) {
    auto info = disk_info(path);
    if (bytes > info.virtual_size) {
        run_checked({"qemu-img", "resize", "-q", "-f", info.format, path, std::to_string(bytes)});
    }
}

void convert_to_qcow2(const std::string& disk, const std::string& out, bool force_share) {
    std::vector<std::string> argv{"qemu-img", "convert", "-q"};
    if (force_share) {
        argv.push_back("-U");
    }
    argv.insert(argv.end(), {"-O", "qcow2", disk, out});
    run_checked(argv);
}

}  // namespace onestack::compute::virt::libvirt
