#pragma once
// Runs a helper program (qemu-img, genisoimage) without a shell: argv as
// given, stdout and stderr captured together.
#include <string>
#include <vector>

namespace onestack::compute::virt::libvirt {

struct ProcessResult {
    int exit_code = -1;  // -1: killed by a signal or not started
    std::string output;  // stdout and stderr
};

ProcessResult run_process(const std::vector<std::string>& argv);
// run_process, throwing DriverError("<argv[0]> failed: <output>") unless it exits 0.
std::string run_checked(const std::vector<std::string>& argv);
// The first of `names` found on PATH ("" if none).
std::string find_program(const std::vector<std::string>& names);

}  // namespace onestack::compute::virt::libvirt
