#include "compute/api/db/host_admin.hpp"

#include "common/util/time.hpp"

namespace onestack::compute::api::db {
namespace {

compute::db::ServiceRow from_row(const onestack::db::Row& r) {
    compute::db::ServiceRow s;
    s.id = r.i64("id");
    s.uuid = r.str("uuid");
    s.host = r.str("host");
    s.binary = r.str("service_binary");
    s.topic = r.str("topic");
    s.report_count = r.i64("report_count");
    s.disabled = r.flag("disabled");
    s.disabled_reason = r.str("disabled_reason");
    s.forced_down = r.flag("forced_down");
    s.last_seen_up = r.str("last_seen_up");
    s.created_at = r.str("created_at");
    s.updated_at = r.str("updated_at");
    return s;
}

}  // namespace

std::vector<compute::db::ServiceRow> all_services(Conn& c) {
    std::vector<compute::db::ServiceRow> out;
    for (const auto& r : c.query("SELECT * FROM services ORDER BY id")) {
        out.push_back(from_row(r));
    }
    return out;
}

std::optional<compute::db::ServiceRow> service_by_uuid(Conn& c, const std::string& uuid) {
    auto r = c.query_one("SELECT * FROM services WHERE uuid = :u", {uuid});
    return r ? std::optional(from_row(*r)) : std::nullopt;
}

std::optional<compute::db::ServiceRow> service_by_id(Conn& c, std::int64_t id) {
    auto r = c.query_one("SELECT * FROM services WHERE id = :i", {id});
    return r ? std::optional(from_row(*r)) : std::nullopt;
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
