#include "compute/api/db/flavor_store.hpp"

#include <boost/json.hpp>
#include <map>

#include "common/util/time.hpp"

namespace onestack::compute::api::db {
namespace {

using onestack::db::Row;
using onestack::db::Value;

Flavor from_row(const Row& r) {
    Flavor f;
    f.id = r.i64("id");
    f.flavorid = r.str("flavorid");
    f.name = r.str("name");
    f.memory_mb = static_cast<int>(r.i64("memory_mb"));
    f.vcpus = static_cast<int>(r.i64("vcpus"));
    f.root_gb = static_cast<int>(r.i64("root_gb"));
    f.ephemeral_gb = static_cast<int>(r.i64("ephemeral_gb"));
    f.swap = static_cast<int>(r.i64("swap"));
    f.rxtx_factor = r.f64("rxtx_factor");
    if (!r.is_null("vcpu_weight")) {
        f.vcpu_weight = static_cast<int>(r.i64("vcpu_weight"));
    }
    f.disabled = r.flag("disabled");
    f.is_public = r.flag("is_public");
    f.description = r.str("description");
    return f;
}

void load_specs(Conn& c, std::vector<Flavor>& flavors) {
    if (flavors.empty()) {
        return;
    }
    std::map<std::int64_t, Flavor*> by_id;
    for (auto& f : flavors) {
        by_id[f.id] = &f;
    }
    for (const auto& r : c.query(
             "SELECT flavor_id, spec_key, spec_value FROM flavor_extra_specs ORDER BY spec_key")) {
        if (auto it = by_id.find(r.i64("flavor_id")); it != by_id.end()) {
            it->second->extra_specs[r.str("spec_key")] = r.str("spec_value");
        }
    }
}

std::string now() {
    return util::iso8601_micros(util::now_unix_micros());
}

}  // namespace

std::vector<Flavor> list_flavors(Conn& c, const FlavorQuery& q) {
    std::string sql = "SELECT * FROM flavors WHERE 1 = 1";
    onestack::db::Params params;
    if (q.is_public) {
        if (*q.is_public && !q.project.empty()) {
            sql +=
                " AND (is_public = 1 OR id IN (SELECT flavor_id FROM flavor_projects WHERE "
                "project_id = :p))";
            params.emplace_back(q.project);
        } else {
            sql += " AND is_public = :pub";
            params.emplace_back(std::int64_t{*q.is_public ? 1 : 0});
        }
    }
    if (q.disabled) {
        sql += " AND disabled = :d";
        params.emplace_back(std::int64_t{*q.disabled ? 1 : 0});
    }
    if (q.min_ram) {
        sql += " AND memory_mb >= :r";
        params.emplace_back(std::int64_t{*q.min_ram});
    }
    if (q.min_disk) {
        sql += " AND root_gb >= :g";
        params.emplace_back(std::int64_t{*q.min_disk});
    }
    sql += " ORDER BY " + q.sort_key + (q.ascending ? " ASC" : " DESC") + ", id ASC";
    std::vector<Flavor> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back(from_row(r));
    }
    load_specs(c, out);
    return out;
}

std::optional<Flavor> get_flavor(Conn& c, const std::string& flavorid) {
    auto r = c.query_one("SELECT * FROM flavors WHERE flavorid = :f", {flavorid});
    if (!r) {
        return std::nullopt;
    }
    auto f = from_row(*r);
    for (const auto& s : c.query("SELECT spec_key, spec_value FROM flavor_extra_specs WHERE "
                                 "flavor_id = :i ORDER BY spec_key",
                                 {f.id})) {
        f.extra_specs[s.str("spec_key")] = s.str("spec_value");
    }
    return f;
}

void create_flavor(Conn& c, Flavor& f) {
    auto ts = now();
    c.exec(
        "INSERT INTO flavors (flavorid, name, memory_mb, vcpus, root_gb, ephemeral_gb, swap,"
        " rxtx_factor, vcpu_weight, disabled, is_public, description, created_at)"
        " VALUES (:f, :n, :m, :v, :r, :e, :s, :x, :w, :d, :p, :desc, :t)",
        {f.flavorid, f.name, std::int64_t{f.memory_mb}, std::int64_t{f.vcpus},
         std::int64_t{f.root_gb}, std::int64_t{f.ephemeral_gb}, std::int64_t{f.swap}, f.rxtx_factor,
         f.vcpu_weight ? Value(std::int64_t{*f.vcpu_weight}) : Value{},
         std::int64_t{f.disabled ? 1 : 0}, std::int64_t{f.is_public ? 1 : 0},
         f.description.empty() ? Value{} : Value(f.description), ts});
    f.id = c.query_one("SELECT id FROM flavors WHERE flavorid = :f", {f.flavorid})->i64("id");
}

bool delete_flavor(Conn& c, const std::string& flavorid) {
    auto r = c.query_one("SELECT id FROM flavors WHERE flavorid = :f", {flavorid});
    if (!r) {
        return false;
    }
    auto id = r->i64("id");
    c.exec("DELETE FROM flavor_extra_specs WHERE flavor_id = :i", {id});
    c.exec("DELETE FROM flavor_projects WHERE flavor_id = :i", {id});
    c.exec("DELETE FROM flavors WHERE id = :i", {id});
    return true;
}

void set_flavor_description(Conn& c, std::int64_t id, const std::string& description) {
    c.exec("UPDATE flavors SET description = :d, updated_at = :t WHERE id = :i",
           {description.empty() ? Value{} : Value(description), now(), id});
}

void set_extra_specs(Conn& c, std::int64_t id, const boost::json::object& specs) {
    for (const auto& [k, v] : specs) {
        std::string value = v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v);
        c.exec("DELETE FROM flavor_extra_specs WHERE flavor_id = :i AND spec_key = :k",
               {id, std::string(k)});
        c.exec(
            "INSERT INTO flavor_extra_specs (flavor_id, spec_key, spec_value) VALUES (:i, :k, "
            ":v)",
            {id, std::string(k), value});
    }
}

bool delete_extra_spec(Conn& c, std::int64_t id, const std::string& key) {
    return c.exec("DELETE FROM flavor_extra_specs WHERE flavor_id = :i AND spec_key = :k",
                  {id, key}) > 0;
}

std::vector<std::string> flavor_projects(Conn& c, std::int64_t id) {
    std::vector<std::string> out;
    for (const auto& r :
         c.query("SELECT project_id FROM flavor_projects WHERE flavor_id = :i ORDER BY project_id",
                 {id})) {
        out.push_back(r.str("project_id"));
    }
    return out;
}

bool add_flavor_project(Conn& c, std::int64_t id, const std::string& project) {
    if (c.query_one("SELECT 1 FROM flavor_projects WHERE flavor_id = :i AND project_id = :p",
                    {id, project})) {
        return false;
    }
    c.exec("INSERT INTO flavor_projects (flavor_id, project_id) VALUES (:i, :p)", {id, project});
    return true;
}

bool remove_flavor_project(Conn& c, std::int64_t id, const std::string& project) {
    return c.exec("DELETE FROM flavor_projects WHERE flavor_id = :i AND project_id = :p",
                  {id, project}) > 0;
}

bool flavor_accessible(Conn& c, const Flavor& flavor, const std::string& project) {
    return flavor.is_public ||
           c.query_one("SELECT 1 FROM flavor_projects WHERE flavor_id = :i AND project_id = :p",
                       {flavor.id, project})
               .has_value();
}

}  // namespace onestack::compute::api::db
