#pragma once
// What the scheduler knows about one compute node while it decides (Nova's
// HostState): the node row, its service, its aggregates, and its free
// resources as placement summarized them.
#include <map>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "compute/objects/instance.hpp"

namespace onestack::compute::scheduler {

struct HostState {
    std::string host;
    std::string nodename;
    std::string uuid;  // compute node = resource provider
    std::string hypervisor_type;
    int hypervisor_version = 0;
    boost::json::object cpu_info;
    boost::json::object stats;
    // [[arch, hv_type, vm_mode], ...] the node can run.
    std::vector<std::vector<std::string>> supported_instances;
    bool service_up = false;
    bool service_disabled = false;
    std::vector<std::map<std::string, std::string>> aggregates;  // metadata of each
    // From placement: capacity (total - reserved) * ratio, and used.
    double vcpus_total = 0;
    double vcpus_used = 0;
    double total_usable_ram_mb = 0;
    double free_ram_mb = 0;
    double free_disk_mb = 0;
    int num_instances = 0;
    int failed_builds = 0;
    boost::json::object allocation_request;  // placement's candidate for this node

    // Takes the instance's resources (for the next instance of the same request).
    void consume(const Flavor& flavor);
};

// What the filters and weighers read from the request (Nova's RequestSpec).
struct FilterRequest {
    Flavor flavor;
    boost::json::object image_properties;
    std::string availability_zone;
    std::string default_availability_zone = "nova";
    std::string group_policy;  // "" without a group
    int max_server_per_host = 1;
    std::map<std::string, int> group_hosts;  // host -> members already there
};

}  // namespace onestack::compute::scheduler
