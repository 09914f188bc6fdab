#include "identity/db/role_store.hpp"

#include "identity/db/json_column.hpp"
#include "identity/db/schema.hpp"

namespace onestack::identity::db {
namespace {

using onestack::db::boolean;
using onestack::db::Row;

constexpr const char* kRoleColumns =
    "SELECT id, name, domain_id, description, extra, options FROM role";

Role role_from(const Row& r) {
    Role role;
    role.id = r.str("id");
    role.name = r.str("name");
    role.domain_id = r.str("domain_id");
    if (role.domain_id == kNullDomain) {
        role.domain_id.clear();
    }
    role.description = r.str("description");
    role.extra = parse_object(r.str("extra"));
    role.options = parse_object(r.str("options"));
    return role;
}

std::string stored_domain(const std::string& domain_id) {
    return domain_id.empty() ? std::string(kNullDomain) : domain_id;
}

}  // namespace

std::optional<Role> get_role(Conn& c, const std::string& id) {
    auto r = c.query_one(std::string(kRoleColumns) + " WHERE id = :id", {id});
    return r ? std::optional<Role>(role_from(*r)) : std::nullopt;
}

std::optional<Role> get_role_by_name(Conn& c, const std::string& name,
                                     const std::string& domain_id) {
    auto r = c.query_one(std::string(kRoleColumns) + " WHERE name = :n AND domain_id = :d",
                         {name, stored_domain(domain_id)});
    return r ? std::optional<Role>(role_from(*r)) : std::nullopt;
}

std::vector<Role> list_roles(Conn& c, const std::optional<std::string>& domain_id,
                             const std::optional<std::string>& name) {
    std::string sql = std::string(kRoleColumns) + " WHERE domain_id = :d";
    onestack::db::Params params{stored_domain(domain_id.value_or(""))};
    if (name) {
        sql += " AND name = :n";
        params.push_back(*name);
    }
    sql += " ORDER BY name, id";
    std::vector<Role> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back(role_from(r));
    }
    return out;
}

void insert_role(Conn& c, const Role& r) {
    c.exec(
        "INSERT INTO role (id, name, domain_id, description, extra, options)"
        " VALUES (:id, :n, :d, :desc, :extra, :opts)",
        {r.id, r.name, stored_domain(r.domain_id), onestack::db::nullable(r.description),
         dump(r.extra), dump(r.options)});
}

void update_role(Conn& c, const Role& r) {
    c.exec(
        "UPDATE role SET name = :n, description = :desc, extra = :extra, options = :opts"
        " WHERE id = :id",
        {r.name, onestack::db::nullable(r.description), dump(r.extra), dump(r.options), r.id});
}

void delete_role(Conn& c, const std::string& id) {
    delete_assignments_for_role(c, id);
    c.exec("DELETE FROM implied_role WHERE prior_role_id = :id OR implied_role_id = :id2",
           {id, id});
    c.exec("DELETE FROM role WHERE id = :id", {id});
}

std::vector<Role> list_all_roles(Conn& c) {
    std::vector<Role> out;
    for (const auto& r : c.query(std::string(kRoleColumns) + " ORDER BY name, id")) {
        out.push_back(role_from(r));
    }
    return out;
}

std::vector<Role> get_roles(Conn& c, const std::vector<std::string>& ids) {
    if (ids.empty()) {
        return {};
    }
    std::string sql = std::string(kRoleColumns) + " WHERE id IN (";
    onestack::db::Params params;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        sql += (i ? ", :v" : ":v") + std::to_string(i);
        params.push_back(ids[i]);
    }
    sql += ") ORDER BY name, id";
    std::vector<Role> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back(role_from(r));
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> list_implied_roles(Conn& c) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : c.query("SELECT prior_role_id, implied_role_id FROM implied_role")) {
        out.emplace_back(r.str("prior_role_id"), r.str("implied_role_id"));
    }
    return out;
}

void add_implied_role(Conn& c, const std::string& prior_id, const std::string& implied_id) {
    c.exec("INSERT INTO implied_role (prior_role_id, implied_role_id) VALUES (:p, :i)",
           {prior_id, implied_id});
}

bool remove_implied_role(Conn& c, const std::string& prior_id, const std::string& implied_id) {
    return c.exec("DELETE FROM implied_role WHERE prior_role_id = :p AND implied_role_id = :i",
                  {prior_id, implied_id}) > 0;
}

bool has_implied_role(Conn& c, const std::string& prior_id, const std::string& implied_id) {
    return c
        .query_one(
            "SELECT 1 AS x FROM implied_role WHERE prior_role_id = :p AND implied_role_id = :i",
            {prior_id, implied_id})
        .has_value();
}

std::vector<std::string> implied_role_ids(Conn& c, const std::string& prior_id) {
    std::vector<std::string> out;
    for (const auto& r :
         c.query("SELECT implied_role_id FROM implied_role WHERE prior_role_id = :p", {prior_id})) {
        out.push_back(r.str("implied_role_id"));
    }
    return out;
}

std::vector<Assignment> list_assignments(Conn& c, const AssignmentFilter& f) {
    std::string sql =
        "SELECT type, actor_id, target_id, role_id, inherited FROM assignment WHERE 1 = 1";
    onestack::db::Params params;
    auto in_list = [&](const std::string& column, const std::vector<std::string>& values) {
        sql += " AND " + column + " IN (";
        for (std::size_t i = 0; i < values.size(); ++i) {
            sql += (i ? ", :v" : ":v") + std::to_string(params.size());
            params.push_back(values[i]);
        }
        sql += ")";
    };
    if (!f.types.empty()) {
        in_list("type", f.types);
    }
    if (f.actor_id) {
        sql += " AND actor_id = :a";
        params.push_back(*f.actor_id);
    }
    if (!f.actor_ids.empty()) {
        in_list("actor_id", f.actor_ids);
    }
    if (f.target_id) {
        sql += " AND target_id = :t";
        params.push_back(*f.target_id);
    }
    if (f.role_id) {
        sql += " AND role_id = :r";
        params.push_back(*f.role_id);
    }
    if (f.inherited) {
        sql += " AND inherited = :i";
        params.push_back(boolean(*f.inherited));
    }
    if (!f.target_ids.empty()) {
        in_list("target_id", f.target_ids);
    }
    std::vector<Assignment> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back({r.str("type"), r.str("actor_id"), r.str("target_id"), r.str("role_id"),
                       r.flag("inherited")});
    }
    return out;
}

bool has_assignment(Conn& c, const Assignment& a) {
    return c
        .query_one(
            "SELECT 1 AS x FROM assignment WHERE type = :t AND actor_id = :a AND target_id = :g"
            " AND role_id = :r AND inherited = :i",
            {a.type, a.actor_id, a.target_id, a.role_id, boolean(a.inherited)})
        .has_value();
}

void add_assignment(Conn& c, const Assignment& a) {
    if (has_assignment(c, a)) {
        return;
    }
    c.exec(
        "INSERT INTO assignment (type, actor_id, target_id, role_id, inherited)"
        " VALUES (:t, :a, :g, :r, :i)",
        {a.type, a.actor_id, a.target_id, a.role_id, boolean(a.inherited)});
}

bool remove_assignment(Conn& c, const Assignment& a) {
    return c.exec(
               "DELETE FROM assignment WHERE type = :t AND actor_id = :a AND target_id = :g"
               " AND role_id = :r AND inherited = :i",
               {a.type, a.actor_id, a.target_id, a.role_id, boolean(a.inherited)}) > 0;
}

void delete_assignments_for_actor(Conn& c, const std::string& actor_id) {
    c.exec("DELETE FROM assignment WHERE actor_id = :a", {actor_id});
}

void delete_assignments_for_target(Conn& c, const std::string& target_id) {
    c.exec("DELETE FROM assignment WHERE target_id = :t", {target_id});
}

void delete_assignments_for_role(Conn& c, const std::string& role_id) {
    c.exec("DELETE FROM assignment WHERE role_id = :r", {role_id});
}

}  // namespace onestack::identity::db
