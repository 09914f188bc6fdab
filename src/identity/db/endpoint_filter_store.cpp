#include "identity/db/endpoint_filter_store.hpp"

#include "identity/db/json_column.hpp"

namespace onestack::identity::db {
namespace {

using onestack::db::opt;
using onestack::db::Row;

constexpr const char* kGroup = "SELECT id, name, description, filters FROM endpoint_group";

EndpointGroup group_from(const Row& r) {
    return {r.str("id"), r.str("name"), r.opt_str("description"), parse_object(r.str("filters"))};
}

std::vector<std::string> column(Conn& c, const std::string& sql, const std::string& key,
                                const char* name) {
    std::vector<std::string> out;
    for (const auto& r : c.query(sql, {key})) {
        out.push_back(r.str(name));
    }
    return out;
}

}  // namespace

bool project_endpoint_exists(Conn& c, const std::string& endpoint_id,
                             const std::string& project_id) {
    return c
        .query_one(
            "SELECT 1 AS found FROM project_endpoint WHERE endpoint_id = :e AND project_id = :p",
            {endpoint_id, project_id})
        .has_value();
}

bool insert_project_endpoint(Conn& c, const std::string& endpoint_id,
                             const std::string& project_id) {
    if (project_endpoint_exists(c, endpoint_id, project_id)) {
        return false;
    }
    c.exec("INSERT INTO project_endpoint (endpoint_id, project_id) VALUES (:e, :p)",
           {endpoint_id, project_id});
    return true;
}

bool delete_project_endpoint(Conn& c, const std::string& endpoint_id,
                             const std::string& project_id) {
    return c.exec("DELETE FROM project_endpoint WHERE endpoint_id = :e AND project_id = :p",
                  {endpoint_id, project_id}) > 0;
}

std::vector<std::string> projects_for_endpoint(Conn& c, const std::string& endpoint_id) {
    return column(c,
                  "SELECT project_id FROM project_endpoint WHERE endpoint_id = :e"
                  " ORDER BY project_id",
                  endpoint_id, "project_id");
}

std::optional<EndpointGroup> get_endpoint_group(Conn& c, const std::string& id) {
    auto r = c.query_one(std::string(kGroup) + " WHERE id = :id", {id});
    return r ? std::optional<EndpointGroup>(group_from(*r)) : std::nullopt;
}

std::vector<EndpointGroup> list_endpoint_groups(Conn& c) {
    std::vector<EndpointGroup> out;
    for (const auto& r : c.query(std::string(kGroup) + " ORDER BY name, id")) {
        out.push_back(group_from(r));
    }
    return out;
}

void insert_endpoint_group(Conn& c, const EndpointGroup& g) {
    c.exec(
        "INSERT INTO endpoint_group (id, name, description, filters)"
        " VALUES (:id, :n, :d, :f)",
        {g.id, g.name, opt(g.description), dump(g.filters)});
}

void update_endpoint_group(Conn& c, const EndpointGroup& g) {
    c.exec("UPDATE endpoint_group SET name = :n, description = :d, filters = :f WHERE id = :id",
           {g.name, opt(g.description), dump(g.filters), g.id});
}

void delete_endpoint_group(Conn& c, const std::string& id) {
    c.exec("DELETE FROM project_endpoint_group WHERE endpoint_group_id = :id", {id});
    c.exec("DELETE FROM endpoint_group WHERE id = :id", {id});
}

bool endpoint_group_in_project(Conn& c, const std::string& group_id,
                               const std::string& project_id) {
    return c
        .query_one(
            "SELECT 1 AS found FROM project_endpoint_group"
            " WHERE endpoint_group_id = :g AND project_id = :p",
            {group_id, project_id})
        .has_value();
}

bool insert_project_endpoint_group(Conn& c, const std::string& group_id,
                                   const std::string& project_id) {
    if (endpoint_group_in_project(c, group_id, project_id)) {
        return false;
    }
    c.exec("INSERT INTO project_endpoint_group (endpoint_group_id, project_id) VALUES (:g, :p)",
           {group_id, project_id});
    return true;
}

bool delete_project_endpoint_group(Conn& c, const std::string& group_id,
                                   const std::string& project_id) {
    return c.exec(
               "DELETE FROM project_endpoint_group"
               " WHERE endpoint_group_id = :g AND project_id = :p",
               {group_id, project_id}) > 0;
}

std::vector<std::string> projects_for_endpoint_group(Conn& c, const std::string& group_id) {
    return column(c,
                  "SELECT project_id FROM project_endpoint_group WHERE endpoint_group_id = :g"
                  " ORDER BY project_id",
                  group_id, "project_id");
}

std::vector<std::string> endpoint_groups_for_project(Conn& c, const std::string& project_id) {
    return column(c,
                  "SELECT endpoint_group_id FROM project_endpoint_group WHERE project_id = :p"
                  " ORDER BY endpoint_group_id",
                  project_id, "endpoint_group_id");
}

}  // namespace onestack::identity::db
