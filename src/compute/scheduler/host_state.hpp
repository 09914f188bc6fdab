#pragma once
// What the scheduler knows about one compute node while it decides (Nova's
// HostState): the node row, its service, its aggregates, and its free
// resources as placement summarized them.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "compute/objects/instance.hpp"
#include "placement/client/placement_client.hpp"

namespace onestack::compute::scheduler {

// The slow-changing part of a host: its node, service and aggregate rows as
// last read. Shared (immutable) between concurrent decisions and re-read
// every [scheduler] host_state_ttl_ms, so a decision over 1,000 hosts copies
// no strings or JSON.
struct HostNode {
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
    int num_instances = 0;
    int failed_builds = 0;
};

// One host within one decision: the shared node plus the fresh numbers.
struct HostState {
    std::shared_ptr<const HostNode> node;
    // From placement: capacity (total - reserved) * ratio, and used.
    double vcpus_total = 0;
    double vcpus_used = 0;
    double total_usable_ram_mb = 0;
    double free_ram_mb = 0;
    double free_disk_mb = 0;
    int num_instances = 0;
    // Placement's candidate for this node, owned by the decision's
    // Candidates (its JSON is built only for the chosen host and alternates).
    const placement::client::AllocationMap* allocation = nullptr;

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
