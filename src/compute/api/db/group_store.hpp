#pragma once
// SQL for the API side of server groups and host aggregates, and for
// listing migrations.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "compute/db/host_store.hpp"

namespace onestack::compute::api::db {

using onestack::db::Conn;

struct ServerGroup {
    std::string uuid, name, project_id, user_id, policy, created_at;
    boost::json::object rules;
    std::vector<std::string> members;  // live instances only
};
// project "" lists every project.
std::vector<ServerGroup> list_server_groups(Conn& c, const std::string& project);
std::optional<ServerGroup> get_server_group(Conn& c, const std::string& uuid);
bool delete_server_group(Conn& c, const std::string& uuid);

struct Aggregate {
    std::int64_t id = 0;
    std::string uuid, name, created_at, updated_at;
    std::vector<std::string> hosts;
    std::map<std::string, std::string> metadata;
};
std::vector<Aggregate> list_aggregates(Conn& c);
std::optional<Aggregate> get_aggregate(Conn& c, std::int64_t id);
// Throws onestack::db::ConstraintError on a duplicate name.
std::int64_t create_aggregate(Conn& c, const std::string& uuid, const std::string& name);
void rename_aggregate(Conn& c, std::int64_t id, const std::string& name);
void delete_aggregate(Conn& c, std::int64_t id);
void add_aggregate_host(Conn& c, std::int64_t id, const std::string& host);
void remove_aggregate_host(Conn& c, std::int64_t id, const std::string& host);
// Empty optional value deletes the key.
void set_aggregate_metadata(Conn& c, std::int64_t id,
                            const std::map<std::string, std::optional<std::string>>& md);

struct MigrationFilter {
    std::string host, status, instance_uuid, migration_type, source_compute, project_id, user_id;
};
std::vector<compute::db::MigrationRow> list_migrations(Conn& c, const MigrationFilter& f);
// Internal ids of migration rows (os-migrations shows them before 2.59).
std::map<std::string, std::int64_t> migration_ids(Conn& c);
// flavors.id -> flavorid... not needed; old/new_instance_type_id are internal ids.

}  // namespace onestack::compute::api::db
