#include "compute/db/schema.hpp"

namespace onestack::compute::db {

// Shapes follow Nova's models (nova/db/main/models.py, nova/db/api/models.py)
// where the API shows them. Times are ISO-8601 text (microseconds, UTC);
// booleans are 0/1; flavors are copied into the instance as JSON, as Nova's
// instance_extra does, so a flavor change never rewrites running servers.
const std::vector<onestack::db::Migration>& migrations() {
    static const std::vector<onestack::db::Migration> all = {
        {1,
         "initial compute schema",
         {
             "CREATE TABLE instances ("
             " id %SERIAL_PK%, uuid VARCHAR(36) NOT NULL UNIQUE,"
             " project_id VARCHAR(255) NOT NULL, user_id VARCHAR(255) NOT NULL,"
             " display_name VARCHAR(255), display_description TEXT, hostname VARCHAR(255),"
             " host VARCHAR(255), node VARCHAR(255), availability_zone VARCHAR(255),"
             " vm_state VARCHAR(255) NOT NULL, task_state VARCHAR(255),"
             " power_state INTEGER NOT NULL DEFAULT 0,"
             // The reconciler finishes or fails any task past its deadline (unix seconds).
             " task_deadline BIGINT,"
             " image_ref VARCHAR(255), flavor TEXT NOT NULL, old_flavor TEXT, new_flavor TEXT,"
             " vcpus INTEGER NOT NULL, memory_mb INTEGER NOT NULL, root_gb INTEGER NOT NULL,"
             " ephemeral_gb INTEGER NOT NULL DEFAULT 0, swap_mb INTEGER NOT NULL DEFAULT 0,"
             " key_name VARCHAR(255), key_data TEXT, user_data TEXT,"
             " config_drive VARCHAR(255), reservation_id VARCHAR(255),"
             " launch_index INTEGER NOT NULL DEFAULT 0,"
             " created_at VARCHAR(32) NOT NULL, updated_at VARCHAR(32),"
             " launched_at VARCHAR(32), terminated_at VARCHAR(32), deleted_at VARCHAR(32),"
             " deleted INTEGER NOT NULL DEFAULT 0,"
             " locked INTEGER NOT NULL DEFAULT 0, locked_by VARCHAR(16), locked_reason TEXT,"
             " access_ip_v4 VARCHAR(64), access_ip_v6 VARCHAR(64),"
             " progress INTEGER NOT NULL DEFAULT 0, description TEXT,"
             " kernel_id VARCHAR(255), ramdisk_id VARCHAR(255), root_device_name VARCHAR(255),"
             " os_type VARCHAR(255), architecture VARCHAR(255),"
             " system_metadata TEXT NOT NULL DEFAULT '{}',"
             " hidden INTEGER NOT NULL DEFAULT 0)",
             "CREATE INDEX instances_project ON instances (project_id, deleted)",
             "CREATE INDEX instances_host ON instances (host, deleted)",
             "CREATE INDEX instances_task ON instances (task_state, task_deadline)",
             "CREATE INDEX instances_reservation ON instances (reservation_id)",
             "CREATE TABLE instance_metadata ("
             " instance_uuid VARCHAR(36) NOT NULL, meta_key VARCHAR(255) NOT NULL,"
             " meta_value VARCHAR(255), PRIMARY KEY (instance_uuid, meta_key))",
             "CREATE TABLE instance_tags ("
             " instance_uuid VARCHAR(36) NOT NULL, tag VARCHAR(80) NOT NULL,"
             " PRIMARY KEY (instance_uuid, tag))",
             "CREATE TABLE instance_faults ("
             " id %SERIAL_PK%, instance_uuid VARCHAR(36) NOT NULL, code INTEGER NOT NULL,"
             " message VARCHAR(255), details TEXT, host VARCHAR(255), created_at VARCHAR(32) NOT "
             "NULL)",
             "CREATE INDEX instance_faults_uuid ON instance_faults (instance_uuid)",
             "CREATE TABLE instance_actions ("
             " id %SERIAL_PK%, action VARCHAR(255) NOT NULL, instance_uuid VARCHAR(36) NOT NULL,"
             " request_id VARCHAR(255) NOT NULL, user_id VARCHAR(255), project_id VARCHAR(255),"
             " start_time VARCHAR(32), finish_time VARCHAR(32), message VARCHAR(255),"
             " updated_at VARCHAR(32))",
             "CREATE INDEX instance_actions_uuid ON instance_actions (instance_uuid, request_id)",
             "CREATE TABLE instance_actions_events ("
             " id %SERIAL_PK%, action_id BIGINT NOT NULL, event VARCHAR(255) NOT NULL,"
             " start_time VARCHAR(32), finish_time VARCHAR(32), result VARCHAR(255),"
             " traceback TEXT, host VARCHAR(255), details TEXT)",
             "CREATE INDEX instance_actions_events_action ON instance_actions_events (action_id)",
             // The RequestSpec the scheduler saw, kept for reschedule, resize and migrate.
             "CREATE TABLE request_specs ("
             " instance_uuid VARCHAR(36) PRIMARY KEY, spec TEXT NOT NULL)",

             "CREATE TABLE flavors ("
             " id %SERIAL_PK%, flavorid VARCHAR(255) NOT NULL UNIQUE, name VARCHAR(255) NOT NULL "
             "UNIQUE,"
             " memory_mb INTEGER NOT NULL, vcpus INTEGER NOT NULL, root_gb INTEGER NOT NULL,"
             " ephemeral_gb INTEGER NOT NULL DEFAULT 0, swap INTEGER NOT NULL DEFAULT 0,"
             " rxtx_factor REAL NOT NULL DEFAULT 1.0, vcpu_weight INTEGER,"
             " disabled INTEGER NOT NULL DEFAULT 0, is_public INTEGER NOT NULL DEFAULT 1,"
             " description TEXT, created_at VARCHAR(32), updated_at VARCHAR(32))",
             "CREATE TABLE flavor_extra_specs ("
             " flavor_id BIGINT NOT NULL REFERENCES flavors(id) ON DELETE CASCADE,"
             " spec_key VARCHAR(255) NOT NULL, spec_value VARCHAR(255),"
             " PRIMARY KEY (flavor_id, spec_key))",
             "CREATE TABLE flavor_projects ("
             " flavor_id BIGINT NOT NULL REFERENCES flavors(id) ON DELETE CASCADE,"
             " project_id VARCHAR(255) NOT NULL, PRIMARY KEY (flavor_id, project_id))",

             "CREATE TABLE key_pairs ("
             " id %SERIAL_PK%, name VARCHAR(255) NOT NULL, user_id VARCHAR(255) NOT NULL,"
             " fingerprint VARCHAR(255), public_key TEXT NOT NULL,"
             " type VARCHAR(16) NOT NULL DEFAULT 'ssh', created_at VARCHAR(32),"
             " UNIQUE (user_id, name))",

             "CREATE TABLE services ("
             " id %SERIAL_PK%, uuid VARCHAR(36) NOT NULL UNIQUE, host VARCHAR(255) NOT NULL,"
             " service_binary VARCHAR(255) NOT NULL, topic VARCHAR(255),"
             " report_count INTEGER NOT NULL DEFAULT 0, disabled INTEGER NOT NULL DEFAULT 0,"
             " disabled_reason VARCHAR(255), forced_down INTEGER NOT NULL DEFAULT 0,"
             " last_seen_up VARCHAR(32), version INTEGER NOT NULL DEFAULT 0,"
             " created_at VARCHAR(32), updated_at VARCHAR(32), UNIQUE (host, service_binary))",
             "CREATE TABLE compute_nodes ("
             " id %SERIAL_PK%, uuid VARCHAR(36) NOT NULL UNIQUE, service_id BIGINT,"
             " host VARCHAR(255) NOT NULL, hypervisor_hostname VARCHAR(255) NOT NULL,"
             " hypervisor_type VARCHAR(255) NOT NULL, hypervisor_version INTEGER NOT NULL DEFAULT "
             "0,"
             " vcpus INTEGER NOT NULL, memory_mb INTEGER NOT NULL, local_gb INTEGER NOT NULL,"
             " vcpus_used INTEGER NOT NULL DEFAULT 0, memory_mb_used INTEGER NOT NULL DEFAULT 0,"
             " local_gb_used INTEGER NOT NULL DEFAULT 0, running_vms INTEGER NOT NULL DEFAULT 0,"
             " cpu_info TEXT, host_ip VARCHAR(64),"
             " cpu_allocation_ratio REAL, ram_allocation_ratio REAL, disk_allocation_ratio REAL,"
             " created_at VARCHAR(32), updated_at VARCHAR(32),"
             " UNIQUE (host, hypervisor_hostname))",

             "CREATE TABLE aggregates ("
             " id %SERIAL_PK%, uuid VARCHAR(36) NOT NULL UNIQUE, name VARCHAR(255) NOT NULL UNIQUE,"
             " created_at VARCHAR(32), updated_at VARCHAR(32))",
             "CREATE TABLE aggregate_hosts ("
             " aggregate_id BIGINT NOT NULL REFERENCES aggregates(id) ON DELETE CASCADE,"
             " host VARCHAR(255) NOT NULL, PRIMARY KEY (aggregate_id, host))",
             "CREATE TABLE aggregate_metadata ("
             " aggregate_id BIGINT NOT NULL REFERENCES aggregates(id) ON DELETE CASCADE,"
             " meta_key VARCHAR(255) NOT NULL, meta_value VARCHAR(255),"
             " PRIMARY KEY (aggregate_id, meta_key))",

             "CREATE TABLE instance_groups ("
             " id %SERIAL_PK%, uuid VARCHAR(36) NOT NULL UNIQUE, name VARCHAR(255),"
             " user_id VARCHAR(255), project_id VARCHAR(255), policy VARCHAR(255) NOT NULL,"
             " rules TEXT NOT NULL DEFAULT '{}', created_at VARCHAR(32))",
             "CREATE TABLE instance_group_members ("
             " group_id BIGINT NOT NULL REFERENCES instance_groups(id) ON DELETE CASCADE,"
             " instance_uuid VARCHAR(36) NOT NULL, PRIMARY KEY (group_id, instance_uuid))",

             "CREATE TABLE quotas ("
             " project_id VARCHAR(255) NOT NULL, user_id VARCHAR(255) NOT NULL DEFAULT '',"
             " resource VARCHAR(255) NOT NULL, hard_limit INTEGER NOT NULL,"
             " PRIMARY KEY (project_id, user_id, resource))",
             "CREATE TABLE quota_classes ("
             " class_name VARCHAR(255) NOT NULL, resource VARCHAR(255) NOT NULL,"
             " hard_limit INTEGER NOT NULL, PRIMARY KEY (class_name, resource))",

             "CREATE TABLE migrations ("
             " id %SERIAL_PK%, uuid VARCHAR(36) NOT NULL UNIQUE,"
             " instance_uuid VARCHAR(36) NOT NULL, migration_type VARCHAR(32) NOT NULL,"
             " status VARCHAR(255) NOT NULL, source_compute VARCHAR(255), dest_compute "
             "VARCHAR(255),"
             " source_node VARCHAR(255), dest_node VARCHAR(255), dest_host VARCHAR(255),"
             " old_flavor_id BIGINT, new_flavor_id BIGINT, user_id VARCHAR(255),"
             " project_id VARCHAR(255), hidden INTEGER NOT NULL DEFAULT 0,"
             " created_at VARCHAR(32), updated_at VARCHAR(32))",
             "CREATE INDEX migrations_instance ON migrations (instance_uuid)",
         }},
        // Nova's compute_nodes.stats: what the resource tracker reports for the
        // scheduler beyond inventory (failed_builds, num_instances,
        // supported_instances).
        {2,
         "compute node stats",
         {
             "ALTER TABLE compute_nodes ADD COLUMN stats TEXT NOT NULL DEFAULT '{}'",
         }},
    };
    return all;
}

}  // namespace onestack::compute::db
