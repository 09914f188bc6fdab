#include "compute/api/db/group_store.hpp"

#include <boost/json.hpp>

#include "common/util/time.hpp"

namespace onestack::compute::api::db {
namespace {

std::string now() {
    return util::iso8601_micros(util::now_unix_micros());
}

ServerGroup group_from(Conn& c, const onestack::db::Row& r) {
    ServerGroup g;
    g.uuid = r.str("uuid");
    g.name = r.str("name");
    g.project_id = r.str("project_id");
    g.user_id = r.str("user_id");
    g.policy = r.str("policy");
    g.created_at = r.str("created_at");
    boost::system::error_code ec;
    auto rules = boost::json::parse(r.str("rules"), ec);
    if (!ec && rules.is_object()) {
        g.rules = rules.as_object();
    }
    for (const auto& m :
         c.query("SELECT m.instance_uuid AS u FROM instance_group_members m JOIN instances i ON "
                 "i.uuid = m.instance_uuid AND i.deleted = 0 WHERE m.group_id = :g ORDER BY i.id",
                 {r.i64("id")})) {
        g.members.push_back(m.str("u"));
    }
    return g;
}

Aggregate aggregate_from(Conn& c, const onestack::db::Row& r) {
    Aggregate a;
    a.id = r.i64("id");
    a.uuid = r.str("uuid");
    a.name = r.str("name");
    a.created_at = r.str("created_at");
    a.updated_at = r.str("updated_at");
    for (const auto& h : c.query(
             "SELECT host FROM aggregate_hosts WHERE aggregate_id = :a ORDER BY host", {a.id})) {
        a.hosts.push_back(h.str("host"));
    }
    for (const auto& m :
         c.query("SELECT meta_key, meta_value FROM aggregate_metadata WHERE aggregate_id = :a",
                 {a.id})) {
        a.metadata[m.str("meta_key")] = m.str("meta_value");
    }
    return a;
}

}  // namespace

std::vector<ServerGroup> list_server_groups(Conn& c, const std::string& project) {
    std::vector<ServerGroup> out;
    auto rows =
        project.empty()
            ? c.query("SELECT * FROM instance_groups ORDER BY id")
            : c.query("SELECT * FROM instance_groups WHERE project_id = :p ORDER BY id", {project});
    for (const auto& r : rows) {
        out.push_back(group_from(c, r));
    }
    return out;
}

std::optional<ServerGroup> get_server_group(Conn& c, const std::string& uuid) {
    auto r = c.query_one("SELECT * FROM instance_groups WHERE uuid = :u", {uuid});
    return r ? std::optional(group_from(c, *r)) : std::nullopt;
}

bool delete_server_group(Conn& c, const std::string& uuid) {
    auto r = c.query_one("SELECT id FROM instance_groups WHERE uuid = :u", {uuid});
    if (!r) {
        return false;
    }
    c.exec("DELETE FROM instance_group_members WHERE group_id = :g", {r->i64("id")});
    c.exec("DELETE FROM instance_groups WHERE id = :g", {r->i64("id")});
    return true;
}

std::vector<Aggregate> list_aggregates(Conn& c) {
    std::vector<Aggregate> out;
    for (const auto& r : c.query("SELECT * FROM aggregates ORDER BY id")) {
        out.push_back(aggregate_from(c, r));
    }
    return out;
}

std::optional<Aggregate> get_aggregate(Conn& c, std::int64_t id) {
    auto r = c.query_one("SELECT * FROM aggregates WHERE id = :i", {id});
    return r ? std::optional(aggregate_from(c, *r)) : std::nullopt;
}

std::int64_t create_aggregate(Conn& c, const std::string& uuid, const std::string& name) {
    c.exec("INSERT INTO aggregates (uuid, name, created_at) VALUES (:u, :n, :t)",
           {uuid, name, now()});
    return c.query_one("SELECT id FROM aggregates WHERE uuid = :u", {uuid})->i64("id");
}

void rename_aggregate(Conn& c, std::int64_t id, const std::string& name) {
    c.exec("UPDATE aggregates SET name = :n, updated_at = :t WHERE id = :i", {name, now(), id});
}

void delete_aggregate(Conn& c, std::int64_t id) {
    c.exec("DELETE FROM aggregate_metadata WHERE aggregate_id = :i", {id});
    c.exec("DELETE FROM aggregate_hosts WHERE aggregate_id = :i", {id});
    c.exec("DELETE FROM aggregates WHERE id = :i", {id});
}

void add_aggregate_host(Conn& c, std::int64_t id, const std::string& host) {
    c.exec("INSERT INTO aggregate_hosts (aggregate_id, host) VALUES (:i, :h)", {id, host});
    c.exec("UPDATE aggregates SET updated_at = :t WHERE id = :i", {now(), id});
}

void remove_aggregate_host(Conn& c, std::int64_t id, const std::string& host) {
    c.exec("DELETE FROM aggregate_hosts WHERE aggregate_id = :i AND host = :h", {id, host});
    c.exec("UPDATE aggregates SET updated_at = :t WHERE id = :i", {now(), id});
}

void set_aggregate_metadata(Conn& c, std::int64_t id,
                            const std::map<std::string, std::optional<std::string>>& md) {
    for (const auto& [k, v] : md) {
        c.exec("DELETE FROM aggregate_metadata WHERE aggregate_id = :i AND meta_key = :k", {id, k});
        if (v) {
            c.exec(
                "INSERT INTO aggregate_metadata (aggregate_id, meta_key, meta_value) VALUES "
                "(:i, :k, :v)",
                {id, k, *v});
        }
    }
    c.exec("UPDATE aggregates SET updated_at = :t WHERE id = :i", {now(), id});
}

std::vector<compute::db::MigrationRow> list_migrations(Conn& c, const MigrationFilter& f) {
    std::string sql = "SELECT uuid FROM migrations WHERE hidden = 0";
    onestack::db::Params params;
    auto eq = [&](const char* column, const std::string& v) {
        if (!v.empty()) {
            sql += std::string(" AND ") + column + " = :p" + std::to_string(params.size());
            params.emplace_back(v);
        }
    };
    if (!f.host.empty()) {
        sql += " AND (source_compute = :h1 OR dest_compute = :h2)";
        params.emplace_back(f.host);
        params.emplace_back(f.host);
    }
    eq("status", f.status);
    eq("instance_uuid", f.instance_uuid);
    eq("migration_type", f.migration_type);
    eq("source_compute", f.source_compute);
    eq("project_id", f.project_id);
    eq("user_id", f.user_id);
    sql += " ORDER BY created_at DESC, id DESC";
    std::vector<compute::db::MigrationRow> out;
    for (const auto& r : c.query(sql, params)) {
        if (auto m = compute::db::get_migration(c, r.str("uuid"))) {
            out.push_back(std::move(*m));
        }
    }
    return out;
}

std::map<std::string, std::int64_t> migration_ids(Conn& c) {
    std::map<std::string, std::int64_t> out;
    for (const auto& r : c.query("SELECT id, uuid FROM migrations")) {
        out[r.str("uuid")] = r.i64("id");
    }
    return out;
}

}  // namespace onestack::compute::api::db
