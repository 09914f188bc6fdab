#include "compute/db/host_store.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "common/util/ids.hpp"
#include "common/util/time.hpp"

namespace onestack::compute::db {
namespace {

namespace json = boost::json;
using onestack::db::boolean;
using onestack::db::nullable;
using onestack::db::Row;
using onestack::db::Value;

std::string now() {
    return util::iso8601_micros(util::now_unix_micros());
}

json::object parse(const std::string& text) {
    if (text.empty()) {
        return {};
    }
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    return !ec && v.is_object() ? v.as_object() : json::object{};
}

}  // namespace

ServiceRow service_row(const Row& r) {
    ServiceRow s;
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

ComputeNodeRow compute_node_row(const Row& r) {
    ComputeNodeRow n;
    n.id = r.i64("id");
    n.uuid = r.str("uuid");
    n.service_id = r.i64("service_id");
    n.host = r.str("host");
    n.hypervisor_hostname = r.str("hypervisor_hostname");
    n.hypervisor_type = r.str("hypervisor_type");
    n.hypervisor_version = static_cast<int>(r.i64("hypervisor_version"));
    n.vcpus = static_cast<int>(r.i64("vcpus"));
    n.memory_mb = static_cast<int>(r.i64("memory_mb"));
    n.local_gb = static_cast<int>(r.i64("local_gb"));
    n.vcpus_used = static_cast<int>(r.i64("vcpus_used"));
    n.memory_mb_used = static_cast<int>(r.i64("memory_mb_used"));
    n.local_gb_used = static_cast<int>(r.i64("local_gb_used"));
    n.running_vms = static_cast<int>(r.i64("running_vms"));
    n.cpu_info = r.str("cpu_info");
    n.host_ip = r.str("host_ip");
    n.cpu_allocation_ratio = r.f64("cpu_allocation_ratio");
    n.ram_allocation_ratio = r.f64("ram_allocation_ratio");
    n.disk_allocation_ratio = r.f64("disk_allocation_ratio");
    n.stats = parse(r.str("stats"));
    n.updated_at = r.str("updated_at");
    return n;
}

namespace {

MigrationRow migration_from(const Row& r) {
    MigrationRow m;
    m.id = r.i64("id");
    m.uuid = r.str("uuid");
    m.instance_uuid = r.str("instance_uuid");
    m.migration_type = r.str("migration_type");
    m.status = r.str("status");
    m.source_compute = r.str("source_compute");
    m.dest_compute = r.str("dest_compute");
    m.source_node = r.str("source_node");
    m.dest_node = r.str("dest_node");
    m.dest_host = r.str("dest_host");
    if (!r.is_null("old_flavor_id")) {
        m.old_flavor_id = r.i64("old_flavor_id");
    }
    if (!r.is_null("new_flavor_id")) {
        m.new_flavor_id = r.i64("new_flavor_id");
    }
    m.user_id = r.str("user_id");
    m.project_id = r.str("project_id");
    m.created_at = r.str("created_at");
    m.updated_at = r.str("updated_at");
    return m;
}

Value opt_i64(const std::optional<std::int64_t>& v) {
    return v ? Value(*v) : onestack::db::null();
}

InstanceGroupRow group_from(Conn& c, const Row& r) {
    InstanceGroupRow g;
    g.uuid = r.str("uuid");
    g.name = r.str("name");
    g.policy = r.str("policy");
    g.rules = parse(r.str("rules"));
    for (const auto& m :
         c.query("SELECT instance_uuid FROM instance_group_members WHERE group_id = :g ORDER BY "
                 "instance_uuid",
                 {r.i64("id")})) {
        g.members.push_back(m.str("instance_uuid"));
    }
    return g;
}

}  // namespace

ServiceRow ensure_service(Conn& c, const std::string& host, const std::string& binary,
                          const std::string& topic) {
    auto q = [&] {
        return c.query_one("SELECT * FROM services WHERE host = :h AND service_binary = :b",
                           {host, binary});
    };
    if (auto r = q()) {
        return service_row(*r);
    }
    auto t = now();
    c.exec(
        "INSERT INTO services (uuid, host, service_binary, topic, report_count, disabled,"
        " forced_down, last_seen_up, created_at, updated_at)"
        " VALUES (:u, :h, :b, :t, 0, 0, 0, :s, :c, :d)",
        {util::uuid_dashed(), host, binary, topic, t, t, t});
    return service_row(*q());
}

void service_heartbeat(Conn& c, const std::string& host, const std::string& binary) {
    auto t = now();
    c.exec(
        "UPDATE services SET report_count = report_count + 1, last_seen_up = :s, updated_at = :u"
        " WHERE host = :h AND service_binary = :b",
        {t, t, host, binary});
}

std::vector<ServiceRow> list_services(Conn& c, const std::string& binary) {
    std::vector<ServiceRow> out;
    for (const auto& r :
         c.query("SELECT * FROM services WHERE service_binary = :b ORDER BY id", {binary})) {
        out.push_back(service_row(r));
    }
    return out;
}

bool service_is_up(const ServiceRow& s, std::int64_t now_unix, int down_time_seconds) {
    if (s.forced_down) {
        return false;
    }
    auto seen = util::parse_iso8601(s.last_seen_up.empty() ? s.updated_at : s.last_seen_up);
    if (!seen) {
        return false;
    }
    return now_unix - *seen <= down_time_seconds;
}

ComputeNodeRow upsert_compute_node(Conn& c, const ComputeNodeRow& n) {
    auto find = [&] {
        return c.query_one(
            "SELECT * FROM compute_nodes WHERE host = :h AND hypervisor_hostname = :n",
            {n.host, n.hypervisor_hostname});
    };
    auto t = now();
    auto stats = json::serialize(n.stats);
    if (auto existing = find()) {
        c.exec(
            "UPDATE compute_nodes SET service_id = :s, hypervisor_type = :t,"
            " hypervisor_version = :v, vcpus = :c, memory_mb = :m, local_gb = :l,"
            " vcpus_used = :cu, memory_mb_used = :mu, local_gb_used = :lu, running_vms = :r,"
            " cpu_info = :ci, host_ip = :ip, cpu_allocation_ratio = :car,"
            " ram_allocation_ratio = :rar, disk_allocation_ratio = :dar, stats = :st,"
            " updated_at = :u WHERE id = :id",
            {n.service_id, n.hypervisor_type, std::int64_t{n.hypervisor_version},
             std::int64_t{n.vcpus}, std::int64_t{n.memory_mb}, std::int64_t{n.local_gb},
             std::int64_t{n.vcpus_used}, std::int64_t{n.memory_mb_used},
             std::int64_t{n.local_gb_used}, std::int64_t{n.running_vms}, n.cpu_info,
             nullable(n.host_ip), n.cpu_allocation_ratio, n.ram_allocation_ratio,
             n.disk_allocation_ratio, stats, t, existing->i64("id")});
    } else {
        c.exec(
            "INSERT INTO compute_nodes (uuid, service_id, host, hypervisor_hostname,"
            " hypervisor_type, hypervisor_version, vcpus, memory_mb, local_gb, vcpus_used,"
            " memory_mb_used, local_gb_used, running_vms, cpu_info, host_ip,"
            " cpu_allocation_ratio, ram_allocation_ratio, disk_allocation_ratio, stats,"
            " created_at, updated_at) VALUES (:uu, :s, :h, :hh, :t, :v, :c, :m, :l, :cu, :mu,"
            " :lu, :r, :ci, :ip, :car, :rar, :dar, :st, :ca, :u)",
            {n.uuid.empty() ? util::uuid_dashed() : n.uuid,
             n.service_id,
             n.host,
             n.hypervisor_hostname,
             n.hypervisor_type,
             std::int64_t{n.hypervisor_version},
             std::int64_t{n.vcpus},
             std::int64_t{n.memory_mb},
             std::int64_t{n.local_gb},
             std::int64_t{n.vcpus_used},
             std::int64_t{n.memory_mb_used},
             std::int64_t{n.local_gb_used},
             std::int64_t{n.running_vms},
             n.cpu_info,
             nullable(n.host_ip),
             n.cpu_allocation_ratio,
             n.ram_allocation_ratio,
             n.disk_allocation_ratio,
             stats,
             t,
             t});
    }
    return compute_node_row(*find());
}

std::vector<ComputeNodeRow> list_compute_nodes(Conn& c) {
    std::vector<ComputeNodeRow> out;
    for (const auto& r : c.query("SELECT * FROM compute_nodes ORDER BY id")) {
        out.push_back(compute_node_row(r));
    }
    return out;
}

std::vector<ComputeNodeRow> compute_nodes_on_host(Conn& c, const std::string& host) {
    std::vector<ComputeNodeRow> out;
    for (const auto& r :
         c.query("SELECT * FROM compute_nodes WHERE host = :h ORDER BY id", {host})) {
        out.push_back(compute_node_row(r));
    }
    return out;
}

void set_compute_node_stats(Conn& c, const std::string& uuid, const boost::json::object& stats) {
    c.exec("UPDATE compute_nodes SET stats = :s, updated_at = :u WHERE uuid = :id",
           {json::serialize(stats), now(), uuid});
}

std::map<std::string, std::vector<std::map<std::string, std::string>>> aggregate_metadata_by_host(
    Conn& c) {
    std::map<std::int64_t, std::map<std::string, std::string>> meta;
    for (const auto& r : c.query("SELECT aggregate_id, meta_key, meta_value FROM "
                                 "aggregate_metadata")) {
        meta[r.i64("aggregate_id")][r.str("meta_key")] = r.str("meta_value");
    }
    std::map<std::string, std::vector<std::map<std::string, std::string>>> out;
    for (const auto& r : c.query("SELECT aggregate_id, host FROM aggregate_hosts ORDER BY "
                                 "aggregate_id")) {
        out[r.str("host")].push_back(meta[r.i64("aggregate_id")]);
    }
    return out;
}

std::optional<InstanceGroupRow> get_instance_group(Conn& c, const std::string& uuid) {
    auto r = c.query_one("SELECT * FROM instance_groups WHERE uuid = :u", {uuid});
    if (!r) {
        return std::nullopt;
    }
    return group_from(c, *r);
}

std::optional<InstanceGroupRow> group_of_instance(Conn& c, const std::string& instance_uuid) {
    auto r = c.query_one(
        "SELECT g.* FROM instance_groups g JOIN instance_group_members m ON m.group_id = g.id"
        " WHERE m.instance_uuid = :u",
        {instance_uuid});
    if (!r) {
        return std::nullopt;
    }
    return group_from(c, *r);
}

std::map<std::string, int> group_hosts(Conn& c, const std::string& group_uuid,
                                       const std::vector<std::string>& except) {
    std::map<std::string, int> out;
    for (const auto& r :
         c.query("SELECT i.uuid, i.host FROM instances i"
                 " JOIN instance_group_members m ON m.instance_uuid = i.uuid"
                 " JOIN instance_groups g ON g.id = m.group_id"
                 " WHERE g.uuid = :g AND i.deleted = 0 AND i.host IS NOT NULL AND i.host <> ''",
                 {group_uuid})) {
        auto uuid = r.str("uuid");
        if (std::find(except.begin(), except.end(), uuid) != except.end()) {
            continue;
        }
        ++out[r.str("host")];
    }
    return out;
}

void insert_instance_group(Conn& c, const InstanceGroupRow& g, const std::string& project_id,
                           const std::string& user_id) {
    c.exec(
        "INSERT INTO instance_groups (uuid, name, user_id, project_id, policy, rules, created_at)"
        " VALUES (:u, :n, :us, :p, :po, :r, :c)",
        {g.uuid, g.name, user_id, project_id, g.policy, json::serialize(g.rules), now()});
    for (const auto& m : g.members) {
        add_group_member(c, g.uuid, m);
    }
}

void add_group_member(Conn& c, const std::string& group_uuid, const std::string& instance_uuid) {
    c.exec(
        "INSERT INTO instance_group_members (group_id, instance_uuid)"
        " SELECT id, :i FROM instance_groups WHERE uuid = :g",
        {instance_uuid, group_uuid});
}

std::vector<std::string> stale_tasks_without_deadline(Conn& c, const std::string& cutoff) {
    std::vector<std::string> out;
    for (const auto& r :
         c.query("SELECT uuid FROM instances WHERE deleted = 0 AND task_state IS NOT NULL"
                 " AND task_deadline IS NULL AND updated_at < :cutoff ORDER BY id",
                 {cutoff})) {
        out.push_back(r.str("uuid"));
    }
    return out;
}

void insert_migration(Conn& c, const MigrationRow& m) {
    auto t = now();
    c.exec(
        "INSERT INTO migrations (uuid, instance_uuid, migration_type, status, source_compute,"
        " dest_compute, source_node, dest_node, dest_host, old_flavor_id, new_flavor_id,"
        " user_id, project_id, hidden, created_at, updated_at)"
        " VALUES (:u, :i, :t, :s, :sc, :dc, :sn, :dn, :dh, :of, :nf, :us, :p, 0, :c, :up)",
        {m.uuid, m.instance_uuid, m.migration_type, m.status, nullable(m.source_compute),
         nullable(m.dest_compute), nullable(m.source_node), nullable(m.dest_node),
         nullable(m.dest_host), opt_i64(m.old_flavor_id), opt_i64(m.new_flavor_id),
         nullable(m.user_id), nullable(m.project_id), t, t});
}

std::optional<MigrationRow> get_migration(Conn& c, const std::string& uuid) {
    auto r = c.query_one("SELECT * FROM migrations WHERE uuid = :u", {uuid});
    if (!r) {
        return std::nullopt;
    }
    return migration_from(*r);
}

void update_migration(Conn& c, const std::string& uuid,
                      std::map<std::string, onestack::db::Value> fields) {
    fields["updated_at"] = now();
    std::string sql = "UPDATE migrations SET ";
    onestack::db::Params params;
    sql += onestack::db::set_clause(std::move(fields), params);
    sql += " WHERE uuid = :uuid";
    params.emplace_back(uuid);
    c.exec(sql, params);
}

}  // namespace onestack::compute::db
