#include "identity/db/limit_store.hpp"

namespace onestack::identity::db {
namespace {

using onestack::db::nullable;
using onestack::db::Params;
using onestack::db::Row;
using onestack::db::Value;

constexpr const char* kRegisteredColumns =
    "SELECT id, service_id, region_id, resource_name, default_limit, description"
    " FROM registered_limit";
constexpr const char* kLimitColumns =
    "SELECT id, project_id, domain_id, service_id, region_id, resource_name, resource_limit,"
    " description FROM project_limit";

Value opt_text(const std::optional<std::string>& s) {
    return s ? Value(*s) : onestack::db::null();
}

RegisteredLimit registered_from(const Row& r) {
    return {r.str("id"),
            r.str("service_id"),
            r.str("region_id"),
            r.str("resource_name"),
            r.i64("default_limit"),
            r.opt_str("description")};
}

Limit limit_from(const Row& r) {
    return {r.str("id"),
            r.str("project_id"),
            r.str("domain_id"),
            r.str("service_id"),
            r.str("region_id"),
            r.str("resource_name"),
            r.i64("resource_limit"),
            r.opt_str("description")};
}

// Appends "AND column = :v" for each filter that is set.
void add_filters(std::string& sql, Params& params, const LimitFilter& f, bool with_owner) {
    auto add = [&](const char* column, const std::optional<std::string>& v) {
        if (v) {
            // Placeholder names must differ: SOCI binds each name once.
            sql += std::string(" AND ") + column + " = :v" + std::to_string(params.size());
            params.push_back(*v);
        }
    };
    add("service_id", f.service_id);
    add("region_id", f.region_id);
    add("resource_name", f.resource_name);
    if (with_owner) {
        add("project_id", f.project_id);
        add("domain_id", f.domain_id);
    }
}

}  // namespace

std::optional<RegisteredLimit> get_registered_limit(Conn& c, const std::string& id) {
    auto r = c.query_one(std::string(kRegisteredColumns) + " WHERE id = :id", {id});
    return r ? std::optional<RegisteredLimit>(registered_from(*r)) : std::nullopt;
}

std::vector<RegisteredLimit> list_registered_limits(Conn& c, const LimitFilter& filter) {
    std::string sql = std::string(kRegisteredColumns) + " WHERE 1 = 1";
    Params params;
    add_filters(sql, params, filter, false);
    sql += " ORDER BY service_id, resource_name, id";
    std::vector<RegisteredLimit> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back(registered_from(r));
    }
    return out;
}

std::optional<RegisteredLimit> find_registered_limit(Conn& c, const std::string& service_id,
                                                     const std::string& region_id,
                                                     const std::string& resource_name) {
    auto r = c.query_one(std::string(kRegisteredColumns) +
                             " WHERE service_id = :s AND region_id IS NOT DISTINCT FROM :r"
                             " AND resource_name = :n",
                         {service_id, nullable(region_id), resource_name});
    return r ? std::optional<RegisteredLimit>(registered_from(*r)) : std::nullopt;
}

void insert_registered_limit(Conn& c, const RegisteredLimit& r) {
    c.exec(
        "INSERT INTO registered_limit (id, service_id, region_id, resource_name, default_limit,"
        " description) VALUES (:id, :s, :r, :n, :l, :d)",
        {r.id, r.service_id, nullable(r.region_id), r.resource_name, r.default_limit,
         opt_text(r.description)});
}

void update_registered_limit(Conn& c, const RegisteredLimit& r) {
    c.exec(
        "UPDATE registered_limit SET service_id = :s, region_id = :r, resource_name = :n,"
        " default_limit = :l, description = :d WHERE id = :id",
        {r.service_id, nullable(r.region_id), r.resource_name, r.default_limit,
         opt_text(r.description), r.id});
}

bool delete_registered_limit(Conn& c, const std::string& id) {
    return c.exec("DELETE FROM registered_limit WHERE id = :id", {id}) > 0;
}

bool registered_limit_in_use(Conn& c, const RegisteredLimit& r) {
    return c
        .query_one(
            "SELECT 1 AS one FROM project_limit WHERE service_id = :s"
            " AND region_id IS NOT DISTINCT FROM :r AND resource_name = :n",
            {r.service_id, nullable(r.region_id), r.resource_name})
        .has_value();
}

std::optional<Limit> get_limit(Conn& c, const std::string& id) {
    auto r = c.query_one(std::string(kLimitColumns) + " WHERE id = :id", {id});
    return r ? std::optional<Limit>(limit_from(*r)) : std::nullopt;
}

std::vector<Limit> list_limits(Conn& c, const LimitFilter& filter) {
    std::string sql = std::string(kLimitColumns) + " WHERE 1 = 1";
    Params params;
    add_filters(sql, params, filter, true);
    sql += " ORDER BY service_id, resource_name, id";
    std::vector<Limit> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back(limit_from(r));
    }
    return out;
}

bool limit_duplicates(Conn& c, const Limit& l) {
    return c
        .query_one(
            "SELECT 1 AS one FROM project_limit WHERE service_id = :s"
            " AND region_id IS NOT DISTINCT FROM :r AND resource_name = :n"
            " AND project_id IS NOT DISTINCT FROM :p AND domain_id IS NOT DISTINCT FROM :d"
            " AND id <> :id",
            {l.service_id, nullable(l.region_id), l.resource_name, nullable(l.project_id),
             nullable(l.domain_id), l.id})
        .has_value();
}

void insert_limit(Conn& c, const Limit& l) {
    c.exec(
        "INSERT INTO project_limit (id, project_id, domain_id, service_id, region_id,"
        " resource_name, resource_limit, description)"
        " VALUES (:id, :p, :d, :s, :r, :n, :l, :desc)",
        {l.id, nullable(l.project_id), nullable(l.domain_id), l.service_id, nullable(l.region_id),
         l.resource_name, l.resource_limit, opt_text(l.description)});
}

void update_limit(Conn& c, const Limit& l) {
    c.exec("UPDATE project_limit SET resource_limit = :l, description = :d WHERE id = :id",
           {l.resource_limit, opt_text(l.description), l.id});
}

bool delete_limit(Conn& c, const std::string& id) {
    return c.exec("DELETE FROM project_limit WHERE id = :id", {id}) > 0;
}

}  // namespace onestack::identity::db
