#include "compute/api/db/usage_query.hpp"

#include "compute/db/instance_store.hpp"

namespace onestack::compute::api::db {

std::vector<Instance> instances_active_between(Conn& c, const std::string& project,
                                               const std::string& start, const std::string& end) {
    std::string sql =
        "SELECT uuid FROM instances WHERE created_at < :e AND (terminated_at IS NULL OR "
        "terminated_at >= :s)";
    onestack::db::Params params{end, start};
    if (!project.empty()) {
        sql += " AND project_id = :p";
        params.emplace_back(project);
    }
    sql += " ORDER BY id";
    std::vector<std::string> uuids;
    for (const auto& r : c.query(sql, params)) {
        uuids.push_back(r.str("uuid"));
    }
    return compute::db::instances_by_uuid(c, uuids);
}

std::int64_t count_server_groups(Conn& c, const std::string& project_id) {
    return c
        .query_one("SELECT COUNT(*) AS n FROM instance_groups WHERE project_id = :p", {project_id})
        ->i64("n");
}

}  // namespace onestack::compute::api::db
