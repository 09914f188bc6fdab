#pragma once
// SQL for os-simple-tenant-usage and quota usage counts beyond instances.
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "compute/objects/instance.hpp"

namespace onestack::compute::api::db {

using onestack::db::Conn;

// Instances (deleted ones too) that existed during [start, end) (stored
// timestamps); project "" means every project.
std::vector<Instance> instances_active_between(Conn& c, const std::string& project,
                                               const std::string& start, const std::string& end);
std::int64_t count_server_groups(Conn& c, const std::string& project_id);

}  // namespace onestack::compute::api::db
