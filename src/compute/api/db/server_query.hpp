#pragma once
// SQL for listing servers (nova's instance_get_all_by_filters_sort, the
// parts that are columns) and for what list views need per server in bulk:
// tags, metadata, latest faults.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/db/database.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/objects/instance.hpp"

namespace onestack::compute::api::db {

using onestack::db::Conn;

struct ServerQuery {
    std::optional<std::string> project_id;  // nullopt: every project
    std::optional<std::string> user_id;
    bool include_deleted = false;
    bool only_deleted = false;
    std::string host, node, image_ref, reservation_id, availability_zone;
    std::string changes_since, changes_before;  // stored timestamp form
    // (column, ascending); columns come from a fixed list in the caller.
    std::vector<std::pair<std::string, bool>> sort;
};

std::vector<Instance> query_servers(Conn& c, const ServerQuery& q);
std::map<std::string, std::vector<std::string>> tags_of(Conn& c,
                                                        const std::vector<std::string>& uuids);
std::map<std::string, std::map<std::string, std::string>> metadata_of(
    Conn& c, const std::vector<std::string>& uuids);
std::map<std::string, compute::db::Fault> faults_of(Conn& c, const std::vector<std::string>& uuids);

}  // namespace onestack::compute::api::db
