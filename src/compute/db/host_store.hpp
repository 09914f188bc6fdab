#pragma once
// SQL for what the scheduler and the agents share about hosts: service rows
// (heartbeats), compute nodes (what the resource tracker reports), aggregate
// metadata per host, server groups and migrations.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "common/db/database.hpp"

namespace onestack::compute::db {

using onestack::db::Conn;

struct ServiceRow {
    std::int64_t id = 0;
    std::string uuid;
    std::string host;
    std::string binary;  // "nova-compute", "nova-conductor", "nova-scheduler"
    std::string topic;
    std::int64_t report_count = 0;
    bool disabled = false;
    std::string disabled_reason;
    bool forced_down = false;
    std::string last_seen_up;  // iso8601 micros ("" never)
    std::string created_at;
    std::string updated_at;
};

// A `services` row as read by SELECT * (for other readers of the table).
ServiceRow service_row(const onestack::db::Row& r);

// The service row of (host, binary), created when missing.
ServiceRow ensure_service(Conn& c, const std::string& host, const std::string& binary,
                          const std::string& topic);
// A heartbeat: report_count + 1, last_seen_up = now.
void service_heartbeat(Conn& c, const std::string& host, const std::string& binary);
std::vector<ServiceRow> list_services(Conn& c, const std::string& binary);
// Up as os-services shows it: not forced down and seen within down_time seconds.
bool service_is_up(const ServiceRow& s, std::int64_t now_unix, int down_time_seconds);

struct ComputeNodeRow {
    std::int64_t id = 0;
    std::string uuid;  // also the placement resource provider's uuid
    std::int64_t service_id = 0;
    std::string host;
    std::string hypervisor_hostname;
    std::string hypervisor_type;
    int hypervisor_version = 0;
    int vcpus = 0;
    int memory_mb = 0;
    int local_gb = 0;
    int vcpus_used = 0;
    int memory_mb_used = 0;
    int local_gb_used = 0;
    int running_vms = 0;
    std::string cpu_info;  // JSON text
    std::string host_ip;
    double cpu_allocation_ratio = 16.0;
    double ram_allocation_ratio = 1.5;
    double disk_allocation_ratio = 1.0;
    boost::json::object stats;
    std::string updated_at;
};

// A `compute_nodes` row as read by SELECT *.
ComputeNodeRow compute_node_row(const onestack::db::Row& r);

// Inserts or updates the node of (host, hypervisor_hostname); an existing
// node keeps its uuid. Returns the stored row.
ComputeNodeRow upsert_compute_node(Conn& c, const ComputeNodeRow& node);
std::vector<ComputeNodeRow> list_compute_nodes(Conn& c);
std::vector<ComputeNodeRow> compute_nodes_on_host(Conn& c, const std::string& host);
void set_compute_node_stats(Conn& c, const std::string& uuid, const boost::json::object& stats);

// host -> metadata of each aggregate it belongs to.
std::map<std::string, std::vector<std::map<std::string, std::string>>> aggregate_metadata_by_host(
    Conn& c);

struct InstanceGroupRow {
    std::string uuid;
    std::string name;
    std::string policy;
    boost::json::object rules;
    std::vector<std::string> members;
};
std::optional<InstanceGroupRow> get_instance_group(Conn& c, const std::string& uuid);
std::optional<InstanceGroupRow> group_of_instance(Conn& c, const std::string& instance_uuid);
// host -> number of the group's live instances placed there, leaving out `except`.
std::map<std::string, int> group_hosts(Conn& c, const std::string& group_uuid,
                                       const std::vector<std::string>& except = {});
// For tests and the API: a group and its members.
void insert_instance_group(Conn& c, const InstanceGroupRow& group, const std::string& project_id,
                           const std::string& user_id);
void add_group_member(Conn& c, const std::string& group_uuid, const std::string& instance_uuid);

// Instances with a task but no deadline, untouched since before `cutoff`
// (an ISO-8601 updated_at): intents written by a writer that set no
// deadline are reconciled too.
std::vector<std::string> stale_tasks_without_deadline(Conn& c, const std::string& cutoff);

struct MigrationRow {
    std::int64_t id = 0;
    std::string uuid;
    std::string instance_uuid;
    std::string migration_type;  // "resize", "migration"
    std::string status;          // pre-migrating, migrating, post-migrating, finished,
                                 // confirming, confirmed, reverting, reverted, error
    std::string source_compute;
    std::string dest_compute;
    std::string source_node;
    std::string dest_node;
    std::string dest_host;
    std::optional<std::int64_t> old_flavor_id;
    std::optional<std::int64_t> new_flavor_id;
    std::string user_id;
    std::string project_id;
    std::string created_at;
    std::string updated_at;
};
void insert_migration(Conn& c, const MigrationRow& m);
std::optional<MigrationRow> get_migration(Conn& c, const std::string& uuid);
// Column -> value, as update_instance.
void update_migration(Conn& c, const std::string& uuid,
                      std::map<std::string, onestack::db::Value> fields);

}  // namespace onestack::compute::db
