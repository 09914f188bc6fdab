#pragma once
// SQL for the admin side of hosts: every service row, and changing or
// removing one (os-services).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "compute/db/host_store.hpp"

namespace onestack::compute::api::db {

using onestack::db::Conn;

std::vector<compute::db::ServiceRow> all_services(Conn& c);
std::optional<compute::db::ServiceRow> service_by_uuid(Conn& c, const std::string& uuid);
std::optional<compute::db::ServiceRow> service_by_id(Conn& c, std::int64_t id);
// Column -> value: disabled, disabled_reason, forced_down.
void update_service(Conn& c, std::int64_t id, const std::map<std::string, onestack::db::Value>& f);
void delete_service(Conn& c, std::int64_t id);
// host -> availability zone from aggregate metadata (hosts in no zone absent).
std::map<std::string, std::string> host_zones(Conn& c);

}  // namespace onestack::compute::api::db
