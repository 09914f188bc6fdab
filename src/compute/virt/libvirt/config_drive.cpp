#include "compute/virt/libvirt/config_drive.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "compute/virt/driver.hpp"
#include "compute/virt/libvirt/process.hpp"

namespace onestack::compute::virt::libvirt {
namespace fs = std::filesystem;

namespace {

// Paths come from the agent, but a bad one must never escape the tree.
void check_relative(const std::string& name) {
    fs::path p(name);
    if (name.empty() || p.is_absolute()) {
        throw DriverError("config drive: bad file name '" + name + "'");
    }
    for (const auto& part : p) {
        if (part == ".." || part == ".") {
            throw DriverError("config drive: bad file name '" + name + "'");
        }
    }
}

std::string pick_tool(const std::string& tool) {
    if (tool != "auto") {
        auto path = find_program({tool});
        if (path.empty()) {
            throw DriverError("config drive: " + tool + " is not installed");
        }
        return tool;
    }
    if (!find_program({"genisoimage"}).empty()) {
        return "genisoimage";
    }
    if (!find_program({"xorriso"}).empty()) {
        return "xorriso";
    }
    throw DriverError("config drive: neither genisoimage nor xorriso is installed");
}

}  // namespace

void write_config_drive(const std::map<std::string, std::string>& files,
                        const std::string& iso_path, const std::string& tool) {
    auto program = pick_tool(tool);
    for (const auto& [name, content] : files) {
        check_relative(name);
    }
    // The tree is staged beside the ISO (same filesystem, removed after).
    fs::path tree = iso_path + ".tree";
    fs::remove_all(tree);
    fs::create_directories(tree);
    struct Cleanup {
        fs::path p;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(p, ec);
        }
    } cleanup{tree};
    for (const auto& [name, content] : files) {
        auto path = tree / name;
        fs::create_directories(path.parent_path());
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!out) {
            throw DriverError("config drive: cannot write " + path.string());
        }
    }
    auto tmp = iso_path + ".part";
    // nova/virt/configdrive.py's flags.
    std::vector<std::string> argv;
    if (program == "xorriso") {
        argv = {"xorriso", "-as", "mkisofs"};
    } else {
        argv = {"genisoimage"};
    }
    argv.insert(argv.end(), {"-o", tmp, "-ldots", "-allow-lowercase", "-allow-multidot", "-l",
                             "-publisher", "OpenStack Compute (onestack)", "-quiet", "-J", "-r",
                             "-V", kConfigDriveLabel, tree.string()});
    run_checked(argv);
    fs::rename(tmp, iso_path);
}

}  // namespace onestack::compute::virt::libvirt
