#pragma once
// A server as compute stores it (Nova's Instance object, the fields the API,
// scheduler and agents use). Optional references are "" when unset.
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace onestack::compute {

// A flavor as copied into an instance (and as stored in the flavors table).
struct Flavor {
    std::int64_t id = 0;   // internal
    std::string flavorid;  // the API id
    std::string name;
    int memory_mb = 0;
    int vcpus = 0;
    int root_gb = 0;
    int ephemeral_gb = 0;
    int swap = 0;  // MiB
    double rxtx_factor = 1.0;
    std::optional<int> vcpu_weight;
    bool disabled = false;
    bool is_public = true;
    std::string description;
    boost::json::object extra_specs;  // string -> string

    boost::json::object to_json() const;
    static Flavor from_json(const boost::json::object& o);
};

struct Instance {
    std::int64_t id = 0;  // internal; the libvirt name is "instance-%08x" of it
    std::string uuid;
    std::string project_id;
    std::string user_id;
    std::string display_name;
    std::string display_description;
    std::string hostname;
    std::string host;  // owning compute host ("" before scheduling)
    std::string node;
    std::string availability_zone;
    std::string vm_state;
    std::string task_state;  // "" = None
    int power_state = 0;
    std::optional<std::int64_t> task_deadline;  // unix seconds
    std::string image_ref;
    Flavor flavor;
    std::optional<Flavor> old_flavor;  // during resize
    std::optional<Flavor> new_flavor;
    std::string key_name;
    std::string key_data;
    std::string user_data;     // base64 as the API received it
    std::string config_drive;  // "" or "True"
    std::string reservation_id;
    int launch_index = 0;
    std::string created_at;
    std::string updated_at;
    std::string launched_at;
    std::string terminated_at;
    std::string deleted_at;
    bool deleted = false;
    bool locked = false;
    std::string locked_by;  // "admin" or "owner"
    std::string locked_reason;
    std::string access_ip_v4;
    std::string access_ip_v6;
    int progress = 0;
    std::string description;
    std::string kernel_id;
    std::string ramdisk_id;
    std::string root_device_name;
    std::string os_type;
    std::string architecture;
    boost::json::object system_metadata;  // image_* properties and bookkeeping
    bool hidden = false;

    // "instance-0000002a": the hypervisor's name for it (OS-EXT-SRV-ATTR:instance_name).
    std::string instance_name() const;
};

}  // namespace onestack::compute
