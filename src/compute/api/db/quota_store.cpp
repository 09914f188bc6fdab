#include "compute/api/db/quota_store.hpp"

namespace onestack::compute::api::db {

const std::vector<std::string>& quota_resources() {
    static const std::vector<std::string> names = {"instances",
                                                   "cores",
                                                   "ram",
                                                   "metadata_items",
                                                   "key_pairs",
                                                   "server_groups",
                                                   "server_group_members",
                                                   "injected_files",
                                                   "injected_file_content_bytes",
                                                   "injected_file_path_bytes"};
    return names;
}

namespace {

std::map<std::string, int> default_limits_from_options(const QuotaDefaults& d) {
    return {
        {"instances", d.instances},
        {"cores", d.cores},
        {"ram", d.ram},
        {"metadata_items", d.metadata_items},
        {"key_pairs", d.key_pairs},
        {"server_groups", d.server_groups},
        {"server_group_members", d.server_group_members},
        {"injected_files", d.injected_files},
        {"injected_file_content_bytes", d.injected_file_content_bytes},
        {"injected_file_path_bytes", d.injected_file_path_length},
    };
}

}  // namespace

std::map<std::string, int> default_limits(Conn& c, const QuotaDefaults& d) {
    auto out = default_limits_from_options(d);
    for (const auto& r :
         c.query("SELECT resource, hard_limit FROM quota_classes WHERE class_name = 'default'")) {
        if (out.contains(r.str("resource"))) {
            out[r.str("resource")] = static_cast<int>(r.i64("hard_limit"));
        }
    }
    return out;
}

std::map<std::string, int> class_limits(Conn& c, const QuotaDefaults& d,
                                        const std::string& class_name) {
    auto out = default_limits_from_options(d);
    for (const char* name :
         {"fixed_ips", "floating_ips", "security_groups", "security_group_rules"}) {
        out[name] = -1;
    }
    for (const auto& r :
         c.query("SELECT resource, hard_limit FROM quota_classes WHERE class_name = :c",
                 {class_name})) {
        if (out.contains(r.str("resource"))) {
            out[r.str("resource")] = static_cast<int>(r.i64("hard_limit"));
        }
    }
    return out;
}

std::map<std::string, int> project_limits(Conn& c, const QuotaDefaults& d,
                                          const std::string& project_id,
                                          const std::string& user_id) {
    auto out = default_limits(c, d);
    auto apply = [&](const std::string& user) {
        for (const auto& r : c.query(
                 "SELECT resource, hard_limit FROM quotas WHERE project_id = :p AND user_id = :u",
                 {project_id, user})) {
            if (out.contains(r.str("resource"))) {
                out[r.str("resource")] = static_cast<int>(r.i64("hard_limit"));
            }
        }
    };
    apply("");
    if (!user_id.empty()) {
        apply(user_id);
    }
    return out;
}

void set_limit(Conn& c, const std::string& project_id, const std::string& user_id,
               const std::string& resource, int limit) {
    c.exec("DELETE FROM quotas WHERE project_id = :p AND user_id = :u AND resource = :r",
           {project_id, user_id, resource});
    c.exec("INSERT INTO quotas (project_id, user_id, resource, hard_limit) VALUES (:p, :u, :r, :l)",
           {project_id, user_id, resource, std::int64_t{limit}});
}

void set_class_limit(Conn& c, const std::string& class_name, const std::string& resource,
                     int limit) {
    c.exec("DELETE FROM quota_classes WHERE class_name = :c AND resource = :r",
           {class_name, resource});
    c.exec("INSERT INTO quota_classes (class_name, resource, hard_limit) VALUES (:c, :r, :l)",
           {class_name, resource, std::int64_t{limit}});
}

void delete_limits(Conn& c, const std::string& project_id, const std::string& user_id) {
    c.exec("DELETE FROM quotas WHERE project_id = :p AND user_id = :u", {project_id, user_id});
}

Usage instance_usage(Conn& c, const std::string& project_id, const std::string& user_id) {
    std::string sql =
        "SELECT COUNT(*) AS n, COALESCE(SUM(vcpus), 0) AS cores, COALESCE(SUM(memory_mb), 0) AS "
        "ram FROM instances WHERE project_id = :p AND deleted = 0";
    onestack::db::Params params{project_id};
    if (!user_id.empty()) {
        sql += " AND user_id = :u";
        params.emplace_back(user_id);
    }
    auto r = c.query_one(sql, params);
    return {r->i64("n"), r->i64("cores"), r->i64("ram")};
}

}  // namespace onestack::compute::api::db
