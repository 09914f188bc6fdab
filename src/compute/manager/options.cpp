#include "compute/manager/options.hpp"

#include "common/runtime/common_options.hpp"
#include "compute/virt/libvirt/options.hpp"

namespace onestack::compute {

using config::OptionDef;
using config::Type;

namespace {

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) {
        out += (out.empty() ? "" : ",") + s;
    }
    return out;
}

}  // namespace

void register_control_plane_options(config::Registry& r) {
    const SchedulerOptions s;
    const AgentOptions a;
    const FakeOptions f;
    runtime::register_service_auth_options(r, "compute", "nova",
                                           "It needs the admin role (placement and image calls).");
    r.add(std::vector<OptionDef>{
        {.section = "compute",
         .name = "driver",
         .type = Type::String,
         .default_value = a.driver,
         .help = "Hypervisor driver of the compute agents. 'libvirt' boots real QEMU/KVM "
                 "guests ([libvirt] options); 'fake' keeps guests in memory and boots nothing: "
                 "for scale tests of the control plane only; 'auto' is libvirt when libvirtd "
                 "answers at [libvirt] connection_uri when the process starts, else fake.",
         .choices = {"auto", "fake", "libvirt"}},
        {.section = "compute",
         .name = "force_config_drive",
         .type = Type::Bool,
         .default_value = "false",
         .help = "Give every new server a config drive (an ISO9660 volume labelled config-2 "
                 "with its metadata), as if it had been created with config_drive true "
                 "(nova's option; servers already launched are not affected)."},
        {.section = "compute",
         .name = "allow_resize_to_same_host",
         .type = Type::Bool,
         .default_value = "false",
         .help = "Let a resize pick the host the server is on (nova's option of that name; "
                 "a one-host cloud needs it to resize)."},
        {.section = "compute",
         .name = "report_interval",
         .type = Type::Int,
         .default_value = std::to_string(a.report_interval),
         .help = "Seconds between service heartbeats of an agent (nova's report_interval)."},
        {.section = "compute",
         .name = "service_down_time",
         .type = Type::Int,
         .default_value = std::to_string(s.service_down_time),
         .help = "Seconds without a heartbeat after which the scheduler treats a host as down."},
        {.section = "compute",
         .name = "update_resources_interval",
         .type = Type::Int,
         .default_value = std::to_string(a.update_resources_interval),
         .help = "Seconds between resource tracker reports to the database and placement."},
        {.section = "compute",
         .name = "sync_power_state_interval",
         .type = Type::Int,
         .default_value = std::to_string(a.sync_power_state_interval),
         .help = "Seconds between power state syncs of the hypervisor into the database; "
                 "0 disables."},
        {.section = "compute",
         .name = "shelved_offload_time",
         .type = Type::Int,
         .default_value = std::to_string(a.shelved_offload_time),
         .help = "Seconds a shelved server keeps its guest and resources on its host before "
                 "it is offloaded (nova's shelved_offload_time): 0 offloads at once, -1 never "
                 "(shelveOffload still does)."},
        {.section = "compute",
         .name = "shelved_poll_interval",
         .type = Type::Int,
         .default_value = std::to_string(a.shelved_poll_interval),
         .help = "Seconds between checks for shelved servers due for offload; 0 disables."},
        {.section = "compute",
         .name = "cpu_allocation_ratio",
         .type = Type::Float,
         .default_value = "16.0",
         .help = "VCPU inventory allocation ratio reported to placement."},
        {.section = "compute",
         .name = "ram_allocation_ratio",
         .type = Type::Float,
         .default_value = "1.5",
         .help = "MEMORY_MB inventory allocation ratio reported to placement."},
        {.section = "compute",
         .name = "disk_allocation_ratio",
         .type = Type::Float,
         .default_value = "1.0",
         .help = "DISK_GB inventory allocation ratio reported to placement."},
        {.section = "compute",
         .name = "reserved_host_memory_mb",
         .type = Type::Int,
         .default_value = std::to_string(a.reserved_host_memory_mb),
         .help = "MEMORY_MB reserved for the host."},
        {.section = "compute",
         .name = "reserved_host_disk_mb",
         .type = Type::Int,
         .default_value = std::to_string(a.reserved_host_disk_mb),
         .help = "Disk reserved for the host, in MiB (reported as whole DISK_GB)."},
        {.section = "compute",
         .name = "reserved_host_cpus",
         .type = Type::Int,
         .default_value = std::to_string(a.reserved_host_cpus),
         .help = "VCPUs reserved for the host."},
        {.section = "compute",
         .name = "task_deadline",
         .type = Type::Int,
         .default_value = std::to_string(a.task_deadline),
         .help = "Seconds a server task (build, reboot, resize step...) may take; past it the "
                 "reconciler finishes the task or puts the server in ERROR with a fault."},
        {.section = "compute",
         .name = "image_url",
         .type = Type::String,
         .default_value = a.image_url,
         .help = "Image service endpoint the agents upload snapshots to."},
        {.section = "compute",
         .name = "placement_url",
         .type = Type::String,
         .default_value = a.placement_url,
         .help = "Placement endpoint of the scheduler and the agents."},
        {.section = "compute",
         .name = "workers",
         .type = Type::Int,
         .default_value = std::to_string(a.workers),
         .help = "Threads handling messages in each agent, conductor and scheduler."},
        {.section = "scheduler",
         .name = "max_attempts",
         .type = Type::Int,
         .default_value = std::to_string(s.max_attempts),
         .help = "Hosts tried for one build (the chosen one plus alternates)."},
        {.section = "scheduler",
         .name = "max_placement_results",
         .type = Type::Int,
         .default_value = std::to_string(s.max_placement_results),
         .help = "Allocation candidates asked of placement per request."},
        {.section = "scheduler",
         .name = "host_state_ttl_ms",
         .type = Type::Int,
         .default_value = std::to_string(s.host_state_ttl_ms),
         .help = "Milliseconds the scheduler reuses compute node, service and aggregate rows "
                 "before reading them again (free resources always come from placement)."},
        {.section = "scheduler",
         .name = "workers",
         .type = Type::Int,
         .default_value = std::to_string(s.workers),
         .help = "Scheduling decisions made at once; further requests wait their turn in "
                 "arrival order (0: as many as the scheduler has threads). On few cores, "
                 "concurrent decisions only slow each other down."},
        {.section = "filter_scheduler",
         .name = "host_subset_size",
         .type = Type::Int,
         .default_value = std::to_string(s.host_subset_size),
         .help = "Pick at random among this many best weighed hosts."},
        {.section = "filter_scheduler",
         .name = "enabled_filters",
         .type = Type::List,
         .default_value = join(s.enabled_filters),
         .help = "Filters, in order, by name: ComputeFilter, AvailabilityZoneFilter, "
                 "ImagePropertiesFilter, ServerGroupAffinityFilter, "
                 "ServerGroupAntiAffinityFilter, AggregateInstanceExtraSpecsFilter, "
                 "ComputeCapabilitiesFilter."},
        {.section = "filter_scheduler",
         .name = "weight_classes",
         .type = Type::List,
         .default_value = join(s.weighers),
         .help = "Weighers by name: RAMWeigher, CPUWeigher, DiskWeigher, BuildFailureWeigher, "
                 "ServerGroupSoftAffinityWeigher, ServerGroupSoftAntiAffinityWeigher."},
        {.section = "filter_scheduler",
         .name = "ram_weight_multiplier",
         .type = Type::Float,
         .default_value = "1.0",
         .help = "Positive spreads by free RAM, negative stacks."},
        {.section = "filter_scheduler",
         .name = "cpu_weight_multiplier",
         .type = Type::Float,
         .default_value = "1.0",
         .help = "Positive spreads by free VCPUs, negative stacks."},
        {.section = "filter_scheduler",
         .name = "disk_weight_multiplier",
         .type = Type::Float,
         .default_value = "1.0",
         .help = "Positive spreads by free disk, negative stacks."},
        {.section = "filter_scheduler",
         .name = "build_failure_weight_multiplier",
         .type = Type::Float,
         .default_value = "1000000.0",
         .help = "Weight against hosts with recent build failures."},
        {.section = "filter_scheduler",
         .name = "soft_affinity_weight_multiplier",
         .type = Type::Float,
         .default_value = "1.0",
         .help = "Weight for hosts already running members of a soft-affinity group."},
        {.section = "filter_scheduler",
         .name = "soft_anti_affinity_weight_multiplier",
         .type = Type::Float,
         .default_value = "1.0",
         .help = "Weight against hosts running members of a soft-anti-affinity group."},
        {.section = "fake",
         .name = "hosts",
         .type = Type::Int,
         .default_value = std::to_string(f.hosts),
         .help = "With [compute] driver = fake, the all-in-one runs this many fake hosts "
                 "(fake-1 .. fake-N) in one process."},
        {.section = "fake",
         .name = "vcpus",
         .type = Type::Int,
         .default_value = std::to_string(f.vcpus),
         .help = "VCPUs each fake host reports."},
        {.section = "fake",
         .name = "memory_mb",
         .type = Type::Int,
         .default_value = std::to_string(f.memory_mb),
         .help = "Memory each fake host reports, MiB."},
        {.section = "fake",
         .name = "local_gb",
         .type = Type::Int,
         .default_value = std::to_string(f.local_gb),
         .help = "Disk each fake host reports, GiB."},
        {.section = "fake",
         .name = "fail_spawn_hosts",
         .type = Type::List,
         .default_value = "",
         .help = "Failure injection: fake hosts whose spawns fail (the build reschedules). "
                 "An image property onestack_fake_fail_spawn=<host,...|*> does the same per "
                 "image."},
        {.section = "fake",
         .name = "spawn_delay_ms",
         .type = Type::Int,
         .default_value = std::to_string(f.spawn_delay_ms),
         .help = "Milliseconds each fake spawn takes (for crash-safety tests that kill the "
                 "process while servers build)."},
        {.section = "reconciler",
         .name = "interval",
         .type = Type::Int,
         .default_value = "30",
         .help = "Seconds between sweeps for server tasks past their deadline."},
    });
    virt::libvirt::register_libvirt_options(r);
}

SchedulerOptions scheduler_options_from(const config::Config& c) {
    SchedulerOptions s;
    s.max_attempts = static_cast<int>(c.get_int("scheduler", "max_attempts"));
    s.max_placement_results = static_cast<int>(c.get_int("scheduler", "max_placement_results"));
    s.host_state_ttl_ms = static_cast<int>(c.get_int("scheduler", "host_state_ttl_ms"));
    s.workers = static_cast<int>(c.get_int("scheduler", "workers"));
    s.host_subset_size = static_cast<int>(c.get_int("filter_scheduler", "host_subset_size"));
    s.enabled_filters = c.get_list("filter_scheduler", "enabled_filters");
    s.weighers = c.get_list("filter_scheduler", "weight_classes");
    s.ram_weight_multiplier = c.get_float("filter_scheduler", "ram_weight_multiplier");
    s.cpu_weight_multiplier = c.get_float("filter_scheduler", "cpu_weight_multiplier");
    s.disk_weight_multiplier = c.get_float("filter_scheduler", "disk_weight_multiplier");
    s.build_failure_weight_multiplier =
        c.get_float("filter_scheduler", "build_failure_weight_multiplier");
    s.soft_affinity_weight_multiplier =
        c.get_float("filter_scheduler", "soft_affinity_weight_multiplier");
    s.soft_anti_affinity_weight_multiplier =
        c.get_float("filter_scheduler", "soft_anti_affinity_weight_multiplier");
    s.service_down_time = static_cast<int>(c.get_int("compute", "service_down_time"));
    return s;
}

AgentOptions agent_options_from(const config::Config& c) {
    AgentOptions a;
    a.driver = c.get_string("compute", "driver");
    a.report_interval = static_cast<int>(c.get_int("compute", "report_interval"));
    a.update_resources_interval =
        static_cast<int>(c.get_int("compute", "update_resources_interval"));
    a.sync_power_state_interval =
        static_cast<int>(c.get_int("compute", "sync_power_state_interval"));
    a.cpu_allocation_ratio = c.get_float("compute", "cpu_allocation_ratio");
    a.ram_allocation_ratio = c.get_float("compute", "ram_allocation_ratio");
    a.disk_allocation_ratio = c.get_float("compute", "disk_allocation_ratio");
    a.reserved_host_memory_mb = static_cast<int>(c.get_int("compute", "reserved_host_memory_mb"));
    a.reserved_host_disk_mb = static_cast<int>(c.get_int("compute", "reserved_host_disk_mb"));
    a.reserved_host_cpus = static_cast<int>(c.get_int("compute", "reserved_host_cpus"));
    a.task_deadline = static_cast<int>(c.get_int("compute", "task_deadline"));
    a.image_url = c.get_string("compute", "image_url");
    a.placement_url = c.get_string("compute", "placement_url");
    a.workers = static_cast<int>(c.get_int("compute", "workers"));
    a.force_config_drive = c.get_bool("compute", "force_config_drive");
    a.shelved_offload_time = static_cast<int>(c.get_int("compute", "shelved_offload_time"));
    a.shelved_poll_interval = static_cast<int>(c.get_int("compute", "shelved_poll_interval"));
    a.metadata = metadata::document_options_from(c);
    return a;
}

FakeOptions fake_options_from(const config::Config& c) {
    FakeOptions f;
    f.hosts = static_cast<int>(c.get_int("fake", "hosts"));
    f.vcpus = static_cast<int>(c.get_int("fake", "vcpus"));
    f.memory_mb = static_cast<int>(c.get_int("fake", "memory_mb"));
    f.local_gb = static_cast<int>(c.get_int("fake", "local_gb"));
    f.fail_spawn_hosts = c.get_list("fake", "fail_spawn_hosts");
    f.spawn_delay_ms = static_cast<int>(c.get_int("fake", "spawn_delay_ms"));
    return f;
}

ReconcilerOptions reconciler_options_from(const config::Config& c) {
    ReconcilerOptions r;
    r.interval = static_cast<int>(c.get_int("reconciler", "interval"));
    return r;
}

std::vector<std::string> fake_host_names(int n) {
    std::vector<std::string> out;
    for (int i = 1; i <= n; ++i) {
        out.push_back("fake-" + std::to_string(i));
    }
    return out;
}

}  // namespace onestack::compute
