#include "placement/db/schema.hpp"

namespace onestack::placement::db {

// Internal ids are assigned by the process that owns the database (the
// in-memory model hands them out under the writer lock), so no column is
// auto-incremented.
const std::vector<onestack::db::Migration>& migrations() {
    static const std::vector<onestack::db::Migration> all = {
        {1,
         "initial placement schema",
         {
             "CREATE TABLE resource_classes (id INTEGER PRIMARY KEY,"
             " name VARCHAR(255) NOT NULL UNIQUE, created_at BIGINT NOT NULL DEFAULT 0,"
             " updated_at BIGINT NOT NULL DEFAULT 0)",
             "CREATE TABLE traits (id INTEGER PRIMARY KEY, name VARCHAR(255) NOT NULL UNIQUE,"
             " created_at BIGINT NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL DEFAULT 0)",
             "CREATE TABLE consumer_types (id INTEGER PRIMARY KEY,"
             " name VARCHAR(255) NOT NULL UNIQUE, created_at BIGINT NOT NULL DEFAULT 0,"
             " updated_at BIGINT NOT NULL DEFAULT 0)",
             "CREATE TABLE resource_providers (id BIGINT PRIMARY KEY,"
             " uuid VARCHAR(36) NOT NULL UNIQUE, name VARCHAR(200) NOT NULL UNIQUE,"
             " generation BIGINT NOT NULL DEFAULT 0, parent_provider_id BIGINT,"
             " root_provider_id BIGINT NOT NULL, created_at BIGINT NOT NULL DEFAULT 0,"
             " updated_at BIGINT NOT NULL DEFAULT 0)",
             "CREATE TABLE inventories (resource_provider_id BIGINT NOT NULL,"
             " resource_class_id INTEGER NOT NULL, total BIGINT NOT NULL,"
             " reserved BIGINT NOT NULL, min_unit BIGINT NOT NULL, max_unit BIGINT NOT NULL,"
             " step_size BIGINT NOT NULL, allocation_ratio DOUBLE PRECISION NOT NULL,"
             " created_at BIGINT NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL DEFAULT 0,"
             " PRIMARY KEY (resource_provider_id, resource_class_id))",
             "CREATE TABLE resource_provider_traits (resource_provider_id BIGINT NOT NULL,"
             " trait_id INTEGER NOT NULL, PRIMARY KEY (resource_provider_id, trait_id))",
             "CREATE INDEX rp_traits_trait ON resource_provider_traits (trait_id)",
             "CREATE TABLE placement_aggregates (id BIGINT PRIMARY KEY,"
             " uuid VARCHAR(36) NOT NULL UNIQUE)",
             "CREATE TABLE resource_provider_aggregates (resource_provider_id BIGINT NOT NULL,"
             " aggregate_id BIGINT NOT NULL, position INTEGER NOT NULL DEFAULT 0,"
             " PRIMARY KEY (resource_provider_id, aggregate_id))",
             "CREATE TABLE consumers (id BIGINT PRIMARY KEY, uuid VARCHAR(36) NOT NULL UNIQUE,"
             " project_id VARCHAR(255) NOT NULL, user_id VARCHAR(255) NOT NULL,"
             " consumer_type_id INTEGER, generation BIGINT NOT NULL DEFAULT 0,"
             " created_at BIGINT NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL DEFAULT 0)",
             "CREATE TABLE allocations (id BIGINT PRIMARY KEY,"
             " resource_provider_id BIGINT NOT NULL, consumer_id VARCHAR(36) NOT NULL,"
             " resource_class_id INTEGER NOT NULL, used BIGINT NOT NULL,"
             " created_at BIGINT NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL DEFAULT 0)",
             "CREATE INDEX allocations_consumer ON allocations (consumer_id)",
             "CREATE INDEX allocations_provider ON allocations (resource_provider_id)",
         }},
    };
    return all;
}

}  // namespace onestack::placement::db
