#include "compute/db/instance_store.hpp"

#include <algorithm>
#include <unordered_map>

#include <boost/json.hpp>

#include "common/util/time.hpp"

namespace onestack::compute::db {
namespace {

namespace json = boost::json;
using onestack::db::boolean;
using onestack::db::nullable;
using onestack::db::Row;

constexpr const char* kSelect = "SELECT * FROM instances";

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

std::optional<Flavor> opt_flavor(const Row& r, const char* column) {
    if (r.is_null(column)) {
        return std::nullopt;
    }
    return Flavor::from_json(parse(r.str(column)));
}

Value opt_flavor_value(const std::optional<Flavor>& f) {
    return f ? Value(json::serialize(f->to_json())) : onestack::db::null();
}

Instance from_row(const Row& r) {
    Instance i;
    i.id = r.i64("id");
    i.uuid = r.str("uuid");
    i.project_id = r.str("project_id");
    i.user_id = r.str("user_id");
    i.display_name = r.str("display_name");
    i.display_description = r.str("display_description");
    i.hostname = r.str("hostname");
    i.host = r.str("host");
    i.node = r.str("node");
    i.availability_zone = r.str("availability_zone");
    i.vm_state = r.str("vm_state");
    i.task_state = r.str("task_state");
    i.power_state = static_cast<int>(r.i64("power_state"));
    if (!r.is_null("task_deadline")) {
        i.task_deadline = r.i64("task_deadline");
    }
    i.image_ref = r.str("image_ref");
    i.flavor = Flavor::from_json(parse(r.str("flavor")));
    i.old_flavor = opt_flavor(r, "old_flavor");
    i.new_flavor = opt_flavor(r, "new_flavor");
    i.key_name = r.str("key_name");
    i.key_data = r.str("key_data");
    i.user_data = r.str("user_data");
    i.config_drive = r.str("config_drive");
    i.reservation_id = r.str("reservation_id");
    i.launch_index = static_cast<int>(r.i64("launch_index"));
    i.created_at = r.str("created_at");
    i.updated_at = r.str("updated_at");
    i.launched_at = r.str("launched_at");
    i.terminated_at = r.str("terminated_at");
    i.deleted_at = r.str("deleted_at");
    i.deleted = r.i64("deleted") != 0;
    i.locked = r.flag("locked");
    i.locked_by = r.str("locked_by");
    i.locked_reason = r.str("locked_reason");
    i.access_ip_v4 = r.str("access_ip_v4");
    i.access_ip_v6 = r.str("access_ip_v6");
    i.progress = static_cast<int>(r.i64("progress"));
    i.description = r.str("description");
    i.kernel_id = r.str("kernel_id");
    i.ramdisk_id = r.str("ramdisk_id");
    i.root_device_name = r.str("root_device_name");
    i.os_type = r.str("os_type");
    i.architecture = r.str("architecture");
    i.system_metadata = parse(r.str("system_metadata"));
    i.hidden = r.flag("hidden");
    return i;
}

std::vector<Instance> many(Conn& c, const std::string& where, const onestack::db::Params& params) {
    std::vector<Instance> out;
    for (const auto& r : c.query(std::string(kSelect) + " WHERE " + where, params)) {
        out.push_back(from_row(r));
    }
    return out;
}

std::optional<std::int64_t> action_id(Conn& c, const std::string& uuid,
                                      const std::string& request_id) {
    auto r = c.query_one(
        "SELECT id FROM instance_actions WHERE instance_uuid = :u AND request_id = :r"
        " ORDER BY id DESC",
        {uuid, request_id});
    if (!r) {
        return std::nullopt;
    }
    return r->i64("id");
}

}  // namespace

void insert_instance(Conn& c, Instance& i) {
    if (i.created_at.empty()) {
        i.created_at = now();
    }
    c.exec(
        "INSERT INTO instances (uuid, project_id, user_id, display_name, display_description,"
        " hostname, host, node, availability_zone, vm_state, task_state, power_state,"
        " task_deadline, image_ref, flavor, old_flavor, new_flavor, vcpus, memory_mb, root_gb,"
        " ephemeral_gb, swap_mb, key_name, key_data, user_data, config_drive, reservation_id,"
        " launch_index, created_at, updated_at, locked, locked_by, locked_reason, access_ip_v4,"
        " access_ip_v6, progress, description, kernel_id, ramdisk_id, root_device_name, os_type,"
        " architecture, system_metadata, hidden) VALUES (:uuid, :p, :u, :dn, :dd, :hn, :h, :n,"
        " :az, :vm, :ts, :ps, :td, :img, :fl, :ofl, :nfl, :vc, :mem, :root, :eph, :swap, :kn,"
        " :kd, :ud, :cd, :rid, :li, :ca, :ua, :lk, :lkb, :lkr, :ip4, :ip6, :pr, :desc, :kid,"
        " :rdid, :rdn, :ost, :arch, :sm, :hid)",
        {i.uuid,
         i.project_id,
         i.user_id,
         nullable(i.display_name),
         nullable(i.display_description),
         nullable(i.hostname),
         nullable(i.host),
         nullable(i.node),
         nullable(i.availability_zone),
         i.vm_state,
         nullable(i.task_state),
         std::int64_t{i.power_state},
         i.task_deadline ? Value(*i.task_deadline) : onestack::db::null(),
         nullable(i.image_ref),
         json::serialize(i.flavor.to_json()),
         opt_flavor_value(i.old_flavor),
         opt_flavor_value(i.new_flavor),
         std::int64_t{i.flavor.vcpus},
         std::int64_t{i.flavor.memory_mb},
         std::int64_t{i.flavor.root_gb},
         std::int64_t{i.flavor.ephemeral_gb},
         std::int64_t{i.flavor.swap},
         nullable(i.key_name),
         nullable(i.key_data),
         nullable(i.user_data),
         nullable(i.config_drive),
         nullable(i.reservation_id),
         std::int64_t{i.launch_index},
         i.created_at,
         i.created_at,
         boolean(i.locked),
         nullable(i.locked_by),
         nullable(i.locked_reason),
         nullable(i.access_ip_v4),
         nullable(i.access_ip_v6),
         std::int64_t{i.progress},
         nullable(i.description),
         nullable(i.kernel_id),
         nullable(i.ramdisk_id),
         nullable(i.root_device_name),
         nullable(i.os_type),
         nullable(i.architecture),
         json::serialize(i.system_metadata),
         boolean(i.hidden)});
    auto row = c.query_one("SELECT id FROM instances WHERE uuid = :u", {i.uuid});
    i.id = row ? row->i64("id") : 0;
}

std::optional<Instance> get_instance(Conn& c, const std::string& uuid, bool include_deleted) {
    auto rows = many(c, include_deleted ? "uuid = :u" : "uuid = :u AND deleted = 0", {uuid});
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

std::vector<Instance> instances_on_host(Conn& c, const std::string& host) {
    return many(c, "host = :h AND deleted = 0 ORDER BY id", {host});
}

std::vector<Instance> select_instances(Conn& c, const std::string& where,
                                       const onestack::db::Params& params) {
    return many(c, where, params);
}

std::vector<Instance> instances_by_uuid(Conn& c, const std::vector<std::string>& uuids) {
    // One query per chunk of uuids (not one per uuid), answered in the order asked.
    constexpr std::size_t kChunk = 500;
    std::unordered_map<std::string, Instance> found;
    for (std::size_t start = 0; start < uuids.size(); start += kChunk) {
        std::string where = "uuid IN (";
        onestack::db::Params params;
        for (std::size_t k = start; k < std::min(uuids.size(), start + kChunk); ++k) {
            where += (k == start ? ":u" : ", :u") + std::to_string(k - start);
            params.emplace_back(uuids[k]);
        }
        for (auto& i : many(c, where + ")", params)) {
            found.emplace(i.uuid, std::move(i));
        }
    }
    std::vector<Instance> out;
    out.reserve(found.size());
    for (const auto& u : uuids) {
        if (auto it = found.find(u); it != found.end()) {
            out.push_back(std::move(it->second));
            found.erase(it);
        }
    }
    return out;
}

std::vector<Instance> overdue_instances(Conn& c, std::int64_t now_secs) {
    return many(c,
                "deleted = 0 AND task_state IS NOT NULL AND task_deadline IS NOT NULL"
                " AND task_deadline < :now ORDER BY id",
                {now_secs});
}

void update_instance(Conn& c, const std::string& uuid, InstanceUpdate fields,
                     const std::optional<std::vector<std::string>>& expected_task_states) {
    fields["updated_at"] = now();
    std::string sql = "UPDATE instances SET ";
    onestack::db::Params params;
    sql += onestack::db::set_clause(std::move(fields), params);
    sql += " WHERE uuid = :uuid AND deleted = 0";
    params.push_back(uuid);
    if (expected_task_states) {
        std::string any;
        bool allow_null = false;
        for (const auto& s : *expected_task_states) {
            if (s.empty()) {
                allow_null = true;
                continue;
            }
            any += (any.empty() ? ":e" : ", :e") + std::to_string(params.size());
            params.push_back(s);
        }
        std::string cond;
        if (!any.empty()) {
            cond = "task_state IN (" + any + ")";
        }
        if (allow_null) {
            cond = cond.empty() ? "task_state IS NULL" : "(" + cond + " OR task_state IS NULL)";
        }
        if (!cond.empty()) {
            sql += " AND " + cond;
        }
    }
    if (c.exec(sql, params) == 0) {
        throw UnexpectedTaskState("instance " + uuid + " is gone or not in an expected task state");
    }
}

void soft_delete_instance(Conn& c, const std::string& uuid) {
    auto t = now();
    c.exec(
        "UPDATE instances SET deleted = id, deleted_at = :t, terminated_at = COALESCE("
        "terminated_at, :t2), vm_state = 'deleted', task_state = NULL, task_deadline = NULL,"
        " updated_at = :t3 WHERE uuid = :u AND deleted = 0",
        {t, t, t, uuid});
}

std::map<std::string, std::string> instance_metadata(Conn& c, const std::string& uuid) {
    std::map<std::string, std::string> out;
    for (const auto& r :
         c.query("SELECT meta_key, meta_value FROM instance_metadata WHERE instance_uuid = :u",
                 {uuid})) {
        out[r.str("meta_key")] = r.str("meta_value");
    }
    return out;
}

void set_instance_metadata(Conn& c, const std::string& uuid,
                           const std::map<std::string, std::string>& metadata, bool replace_all) {
    if (replace_all) {
        c.exec("DELETE FROM instance_metadata WHERE instance_uuid = :u", {uuid});
    }
    for (const auto& [k, v] : metadata) {
        c.exec("DELETE FROM instance_metadata WHERE instance_uuid = :u AND meta_key = :k",
               {uuid, k});
        c.exec(
            "INSERT INTO instance_metadata (instance_uuid, meta_key, meta_value)"
            " VALUES (:u, :k, :v)",
            {uuid, k, v});
    }
}

void delete_instance_metadata_key(Conn& c, const std::string& uuid, const std::string& key) {
    c.exec("DELETE FROM instance_metadata WHERE instance_uuid = :u AND meta_key = :k", {uuid, key});
}

std::vector<std::string> instance_tags(Conn& c, const std::string& uuid) {
    std::vector<std::string> out;
    for (const auto& r :
         c.query("SELECT tag FROM instance_tags WHERE instance_uuid = :u ORDER BY tag", {uuid})) {
        out.push_back(r.str("tag"));
    }
    return out;
}

void set_instance_tags(Conn& c, const std::string& uuid, const std::vector<std::string>& tags) {
    c.exec("DELETE FROM instance_tags WHERE instance_uuid = :u", {uuid});
    for (const auto& t : tags) {
        c.exec("INSERT INTO instance_tags (instance_uuid, tag) VALUES (:u, :t)", {uuid, t});
    }
}

void add_fault(Conn& c, const std::string& uuid, const Fault& f) {
    c.exec(
        "INSERT INTO instance_faults (instance_uuid, code, message, details, host, created_at)"
        " VALUES (:u, :c, :m, :d, :h, :t)",
        {uuid, std::int64_t{f.code}, f.message.substr(0, 255), nullable(f.details),
         nullable(f.host), f.created_at.empty() ? now() : f.created_at});
}

std::optional<Fault> latest_fault(Conn& c, const std::string& uuid) {
    auto r = c.query_one("SELECT * FROM instance_faults WHERE instance_uuid = :u ORDER BY id DESC",
                         {uuid});
    if (!r) {
        return std::nullopt;
    }
    return Fault{static_cast<int>(r->i64("code")), r->str("message"), r->str("details"),
                 r->str("host"), r->str("created_at")};
}

std::int64_t start_action(Conn& c, const std::string& uuid, const std::string& action,
                          const std::string& request_id, const std::string& user_id,
                          const std::string& project_id) {
    auto t = now();
    c.exec(
        "INSERT INTO instance_actions (action, instance_uuid, request_id, user_id, project_id,"
        " start_time, updated_at) VALUES (:a, :u, :r, :us, :p, :t, :t2)",
        {action, uuid, request_id, user_id, project_id, t, t});
    return action_id(c, uuid, request_id).value_or(0);
}

void finish_action(Conn& c, const std::string& uuid, const std::string& request_id,
                   const std::string& message) {
    auto t = now();
    c.exec(
        "UPDATE instance_actions SET finish_time = :t, updated_at = :t2, message = :m"
        " WHERE instance_uuid = :u AND request_id = :r",
        {t, t, nullable(message), uuid, request_id});
}

void start_event(Conn& c, const std::string& uuid, const std::string& request_id,
                 const std::string& event, const std::string& host) {
    auto id = action_id(c, uuid, request_id);
    if (!id) {
        return;
    }
    auto t = now();
    c.exec(
        "INSERT INTO instance_actions_events (action_id, event, start_time, host)"
        " VALUES (:a, :e, :t, :h)",
        {*id, event, t, nullable(host)});
    c.exec("UPDATE instance_actions SET updated_at = :t WHERE id = :a", {t, *id});
}

void finish_event(Conn& c, const std::string& uuid, const std::string& request_id,
                  const std::string& event, const std::string& result,
                  const std::string& traceback) {
    auto id = action_id(c, uuid, request_id);
    if (!id) {
        return;
    }
    auto t = now();
    c.exec(
        "UPDATE instance_actions_events SET finish_time = :t, result = :r, traceback = :tb"
        " WHERE action_id = :a AND event = :e AND finish_time IS NULL",
        {t, result, nullable(traceback), *id, event});
    c.exec("UPDATE instance_actions SET updated_at = :t WHERE id = :a", {t, *id});
}

void save_request_spec(Conn& c, const std::string& uuid, const json::object& spec) {
    c.exec("DELETE FROM request_specs WHERE instance_uuid = :u", {uuid});
    c.exec("INSERT INTO request_specs (instance_uuid, spec) VALUES (:u, :s)",
           {uuid, json::serialize(spec)});
}

std::optional<json::object> load_request_spec(Conn& c, const std::string& uuid) {
    auto r = c.query_one("SELECT spec FROM request_specs WHERE instance_uuid = :u", {uuid});
    if (!r) {
        return std::nullopt;
    }
    return parse(r->str("spec"));
}

}  // namespace onestack::compute::db
