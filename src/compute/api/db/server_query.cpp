#include "compute/api/db/server_query.hpp"

namespace onestack::compute::api::db {
namespace {

// "uuid IN (:a0, :a1, ...)" with the values appended to params.
std::string in_list(const std::string& column, const std::vector<std::string>& values,
                    onestack::db::Params& params) {
    std::string sql = column + " IN (";
    for (std::size_t i = 0; i < values.size(); ++i) {
        sql += (i ? ", :i" : ":i") + std::to_string(params.size());
        params.emplace_back(values[i]);
    }
    return sql + ")";
}

template <typename F>
void in_chunks(const std::vector<std::string>& uuids, F&& f) {
    constexpr std::size_t kChunk = 500;
    for (std::size_t i = 0; i < uuids.size(); i += kChunk) {
        std::vector<std::string> part(
            uuids.begin() + static_cast<std::ptrdiff_t>(i),
            uuids.begin() + static_cast<std::ptrdiff_t>(std::min(uuids.size(), i + kChunk)));
        f(part);
    }
}

}  // namespace

std::vector<Instance> query_servers(Conn& c, const ServerQuery& q) {
    std::string sql = "hidden = 0";
    onestack::db::Params params;
    auto eq = [&](const char* column, const std::string& value) {
        if (!value.empty()) {
            sql += std::string(" AND ") + column + " = :p" + std::to_string(params.size());
            params.emplace_back(value);
        }
    };
    if (q.project_id) {
        eq("project_id", *q.project_id);
    }
    if (q.user_id) {
        eq("user_id", *q.user_id);
    }
    if (q.only_deleted) {
        sql += " AND deleted != 0";
    } else if (!q.include_deleted) {
        sql += " AND deleted = 0";
    }
    eq("host", q.host);
    eq("node", q.node);
    eq("image_ref", q.image_ref);
    eq("reservation_id", q.reservation_id);
    eq("availability_zone", q.availability_zone);
    if (!q.changes_since.empty()) {
        sql += " AND COALESCE(updated_at, created_at) >= :p" + std::to_string(params.size());
        params.emplace_back(q.changes_since);
    }
    if (!q.changes_before.empty()) {
        sql += " AND COALESCE(updated_at, created_at) <= :p" + std::to_string(params.size());
        params.emplace_back(q.changes_before);
    }
    sql += " ORDER BY ";
    for (const auto& [column, asc] : q.sort) {
        sql += column + (asc ? " ASC, " : " DESC, ");
    }
    sql += "id DESC";
    return compute::db::select_instances(c, sql, params);
}

std::map<std::string, std::vector<std::string>> tags_of(Conn& c,
                                                        const std::vector<std::string>& uuids) {
    std::map<std::string, std::vector<std::string>> out;
    in_chunks(uuids, [&](const std::vector<std::string>& part) {
        onestack::db::Params params;
        auto where = in_list("instance_uuid", part, params);
        for (const auto& r : c.query(
                 "SELECT instance_uuid, tag FROM instance_tags WHERE " + where + " ORDER BY tag",
                 params)) {
            out[r.str("instance_uuid")].push_back(r.str("tag"));
        }
    });
    return out;
}

std::map<std::string, std::map<std::string, std::string>> metadata_of(
    Conn& c, const std::vector<std::string>& uuids) {
    std::map<std::string, std::map<std::string, std::string>> out;
    in_chunks(uuids, [&](const std::vector<std::string>& part) {
        onestack::db::Params params;
        auto where = in_list("instance_uuid", part, params);
        for (const auto& r : c.query(
                 "SELECT instance_uuid, meta_key, meta_value FROM instance_metadata WHERE " + where,
                 params)) {
            out[r.str("instance_uuid")][r.str("meta_key")] = r.str("meta_value");
        }
    });
    return out;
}

std::map<std::string, compute::db::Fault> faults_of(Conn& c,
                                                    const std::vector<std::string>& uuids) {
    std::map<std::string, compute::db::Fault> out;
    in_chunks(uuids, [&](const std::vector<std::string>& part) {
        onestack::db::Params params;
        auto where = in_list("instance_uuid", part, params);
        for (const auto& r :
             c.query("SELECT * FROM instance_faults WHERE " + where + " ORDER BY id", params)) {
            out[r.str("instance_uuid")] =
                compute::db::Fault{static_cast<int>(r.i64("code")), r.str("message"),
                                   r.str("details"), r.str("host"), r.str("created_at")};
        }
    });
    return out;
}

}  // namespace onestack::compute::api::db
