#pragma once
// Options of compute's control plane: the agent ([compute]), the scheduler
// ([scheduler], [filter_scheduler]), the fake driver ([fake]) and the
// reconciler ([reconciler]). Names follow nova.conf where Nova has one.
#include <string>
#include <vector>

#include "common/config/config.hpp"
#include "compute/metadata/options.hpp"

namespace onestack::compute {

struct SchedulerOptions {
    int max_attempts = 3;  // [scheduler] max_attempts
    int max_placement_results = 1000;
    int host_subset_size = 1;  // [filter_scheduler]
    std::vector<std::string> enabled_filters{
        "ComputeFilter",         "AvailabilityZoneFilter",        "ComputeCapabilitiesFilter",
        "ImagePropertiesFilter", "ServerGroupAntiAffinityFilter", "ServerGroupAffinityFilter"};
    std::vector<std::string> weighers{"RAMWeigher",
                                      "CPUWeigher",
                                      "DiskWeigher",
                                      "BuildFailureWeigher",
                                      "ServerGroupSoftAffinityWeigher",
                                      "ServerGroupSoftAntiAffinityWeigher"};
    double ram_weight_multiplier = 1.0;
    double cpu_weight_multiplier = 1.0;
    double disk_weight_multiplier = 1.0;
    double build_failure_weight_multiplier = 1000000.0;
    double soft_affinity_weight_multiplier = 1.0;
    double soft_anti_affinity_weight_multiplier = 1.0;
    int service_down_time = 60;    // seconds without a heartbeat: the host is down
    int host_state_ttl_ms = 1000;  // how long node/service/aggregate rows are reused
    int workers = 1;  // [scheduler] workers: decisions at once, the others queue (0: no limit)
    std::string default_availability_zone = "nova";
};

struct AgentOptions {
    std::string driver = "auto";  // auto: libvirt where libvirtd answers, else fake
    int report_interval = 10;     // heartbeat seconds
    int update_resources_interval = 60;
    int sync_power_state_interval = 600;
    int shelved_offload_time = 0;      // seconds; 0: offload at once, -1: never
    int shelved_poll_interval = 3600;  // seconds between offload checks; 0: never
    double cpu_allocation_ratio = 16.0;
    double ram_allocation_ratio = 1.5;
    double disk_allocation_ratio = 1.0;
    int reserved_host_memory_mb = 512;
    int reserved_host_disk_mb = 0;
    int reserved_host_cpus = 0;
    int task_deadline = 600;  // seconds a task may take before the reconciler acts
    std::string image_url = "http://127.0.0.1:9292";
    std::string placement_url = "http://127.0.0.1:8778";
    int workers = 8;
    // Config drives for every new server (nova's force_config_drive), built
    // with the metadata service's document options.
    bool force_config_drive = false;
    metadata::DocumentOptions metadata;
};

struct FakeOptions {
    int hosts = 1;
    int vcpus = 1000;
    int memory_mb = 800000;
    int local_gb = 600000;
    std::vector<std::string> fail_spawn_hosts;
    int spawn_delay_ms = 0;
};

struct ReconcilerOptions {
    int interval = 30;  // seconds between sweeps
};

void register_control_plane_options(config::Registry& registry);
SchedulerOptions scheduler_options_from(const config::Config& conf);
AgentOptions agent_options_from(const config::Config& conf);
FakeOptions fake_options_from(const config::Config& conf);
ReconcilerOptions reconciler_options_from(const config::Config& conf);
// The names `[fake] hosts = N` presents: fake-1 .. fake-N.
std::vector<std::string> fake_host_names(int n);

}  // namespace onestack::compute
