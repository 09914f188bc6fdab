#include "compute/api/db/host_admin.hpp"

#include <algorithm>

#include "common/util/time.hpp"

namespace onestack::compute::api::db {
namespace {}  // namespace

// The control plane's binaries; list_services reads one binary at a time.
std::vector<compute::db::ServiceRow> all_services(Conn& c) {
    std::vector<compute::db::ServiceRow> out;
    for (const char* binary : {"nova-compute", "nova-conductor", "nova-scheduler"}) {
        auto rows = compute::db::list_services(c, binary);
        out.insert(out.end(), rows.begin(), rows.end());
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
}

std::optional<compute::db::ServiceRow> service_by_uuid(Conn& c, const std::string& uuid) {
    for (auto& s : all_services(c)) {
        if (s.uuid == uuid) {
            return s;
        }
    }
    return std::nullopt;
}

std::optional<compute::db::ServiceRow> service_by_id(Conn& c, std::int64_t id) {
    for (auto& s : all_services(c)) {
        if (s.id == id) {
            return s;
        }
    }
    return std::nullopt;
}

void update_service(Conn& c, std::int64_t id,
                    const std::map<std::string, onestack::db::Value>& fields) {
    std::string sql = "UPDATE services SET updated_at = :t";
    onestack::db::Params params{util::iso8601_micros(util::now_unix_micros())};
    for (const auto& [column, value] : fields) {
        sql += ", " + column + " = :v" + std::to_string(params.size());
        params.push_back(value);
    }
    sql += " WHERE id = :id";
    params.emplace_back(id);
    c.exec(sql, params);
}

void delete_service(Conn& c, std::int64_t id) {
    c.exec("DELETE FROM services WHERE id = :i", {id});
}

std::map<std::string, std::string> host_zones(Conn& c) {
    std::map<std::string, std::string> out;
    for (const auto& r :
         c.query("SELECT h.host AS host, m.meta_value AS zone FROM aggregate_hosts h JOIN "
                 "aggregate_metadata m ON m.aggregate_id = h.aggregate_id WHERE m.meta_key = "
                 "'availability_zone' ORDER BY h.aggregate_id")) {
        out.emplace(r.str("host"), r.str("zone"));
    }
    return out;
}

}  // namespace onestack::compute::api::db
