#include "identity/db/project_store.hpp"

#include <unordered_map>

#include "identity/db/json_column.hpp"
#include "identity/db/schema.hpp"

namespace onestack::identity::db {
namespace {

using onestack::db::boolean;
using onestack::db::nullable;
using onestack::db::Row;

constexpr const char* kColumns =
    "id, name, domain_id, parent_id, description, enabled, is_domain, extra, options";

Project from_row(Conn& c, const Row& r, bool with_tags = true) {
    Project p;
    p.id = r.str("id");
    p.name = r.str("name");
    p.is_domain = r.flag("is_domain");
    p.domain_id = p.is_domain ? "" : r.str("domain_id");
    p.parent_id = r.str("parent_id");
    p.description = r.str("description");
    p.enabled = r.flag("enabled");
    p.extra = parse_object(r.str("extra"));
    p.options = parse_object(r.str("options"));
    if (with_tags) {
        p.tags = project_tags(c, p.id);
    }
    return p;
}

std::optional<Project> one(Conn& c, const std::string& where, const onestack::db::Params& params) {
    auto row =
        c.query_one(std::string("SELECT ") + kColumns + " FROM project WHERE " + where, params);
    if (!row) {
        return std::nullopt;
    }
    return from_row(c, *row);
}

// Tags for a whole listing in one query rather than one per project.
void attach_tags(Conn& c, std::vector<Project>& projects) {
    if (projects.empty()) {
        return;
    }
    std::unordered_map<std::string, Project*> by_id;
    for (auto& p : projects) {
        by_id.emplace(p.id, &p);
    }
    for (const auto& r : c.query("SELECT project_id, name FROM project_tag ORDER BY name")) {
        if (auto it = by_id.find(r.str("project_id")); it != by_id.end()) {
            it->second->tags.push_back(r.str("name"));
        }
    }
}

}  // namespace

std::optional<Project> get_project(Conn& c, const std::string& id) {
    return one(c, "id = :id", {id});
}

std::optional<Project> get_project_by_name(Conn& c, const std::string& domain_id,
                                           const std::string& name) {
    return one(c, "domain_id = :d AND name = :n AND is_domain = 0", {domain_id, name});
}

std::optional<Project> get_domain(Conn& c, const std::string& id) {
    return one(c, "id = :id AND is_domain = 1", {id});
}

std::optional<Project> get_domain_by_name(Conn& c, const std::string& name) {
    return one(c, "name = :n AND is_domain = 1", {name});
}

std::vector<Project> list_projects(Conn& c, const ProjectFilter& f) {
    std::string sql = std::string("SELECT ") + kColumns + " FROM project WHERE 1 = 1";
    onestack::db::Params params;
    if (f.is_domain) {
        sql += " AND is_domain = :isd";
        params.push_back(boolean(*f.is_domain));
    }
    if (f.domain_id) {
        sql += " AND domain_id = :d";
        params.push_back(*f.domain_id);
    }
    if (f.parent_id) {
        sql += " AND parent_id = :p";
        params.push_back(*f.parent_id);
    }
    if (f.name) {
        sql += " AND name = :n";
        params.push_back(*f.name);
    }
    if (f.enabled) {
        sql += " AND enabled = :e";
        params.push_back(boolean(*f.enabled));
    }
    sql += " ORDER BY name, id";
    std::vector<Project> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back(from_row(c, r, false));
    }
    attach_tags(c, out);
    return out;
}

std::vector<Project> children_of(Conn& c, const std::string& parent_id) {
    ProjectFilter f;
    f.parent_id = parent_id;
    return list_projects(c, f);
}

std::vector<Project> parents_of(Conn& c, const Project& project) {
    std::vector<Project> out;
    std::string next = project.parent_id;
    // Bounded walk: Keystone caps hierarchy depth; a cycle cannot loop forever.
    for (int depth = 0; !next.empty() && depth < 64; ++depth) {
        auto p = get_project(c, next);
        if (!p) {
            break;
        }
        next = p->parent_id;
        out.push_back(std::move(*p));
    }
    return out;
}

std::vector<Project> subtree_of(Conn& c, const std::string& project_id) {
    std::vector<Project> out;
    std::vector<std::string> frontier{project_id};
    for (int depth = 0; !frontier.empty() && depth < 64; ++depth) {
        std::vector<std::string> next;
        for (const auto& id : frontier) {
            for (auto& child : children_of(c, id)) {
                next.push_back(child.id);
                out.push_back(std::move(child));
            }
        }
        frontier = std::move(next);
    }
    return out;
}

void insert_project(Conn& c, const Project& p) {
    c.exec(
        "INSERT INTO project (id, name, domain_id, parent_id, description, enabled, is_domain,"
        " extra, options) VALUES (:id, :name, :d, :p, :desc, :e, :isd, :extra, :opts)",
        {p.id, p.name, p.is_domain ? std::string(kRootDomain) : p.domain_id, nullable(p.parent_id),
         p.description, boolean(p.enabled), boolean(p.is_domain), dump(p.extra), dump(p.options)});
    if (!p.tags.empty()) {
        set_project_tags(c, p.id, p.tags);
    }
}

void update_project(Conn& c, const Project& p) {
    c.exec(
        "UPDATE project SET name = :name, parent_id = :p, description = :desc, enabled = :e,"
        " extra = :extra, options = :opts WHERE id = :id",
        {p.name, nullable(p.parent_id), p.description, boolean(p.enabled), dump(p.extra),
         dump(p.options), p.id});
    set_project_tags(c, p.id, p.tags);
}

void delete_project(Conn& c, const std::string& id) {
    c.exec("DELETE FROM project_tag WHERE project_id = :id", {id});
    c.exec("DELETE FROM project WHERE id = :id", {id});
}

std::vector<std::string> project_tags(Conn& c, const std::string& project_id) {
    std::vector<std::string> tags;
    for (const auto& r : c.query(
             "SELECT name FROM project_tag WHERE project_id = :id ORDER BY name", {project_id})) {
        tags.push_back(r.str("name"));
    }
    return tags;
}

void set_project_tags(Conn& c, const std::string& project_id,
                      const std::vector<std::string>& tags) {
    c.exec("DELETE FROM project_tag WHERE project_id = :id", {project_id});
    for (const auto& t : tags) {
        c.exec("INSERT INTO project_tag (project_id, name) VALUES (:id, :n)", {project_id, t});
    }
}

}  // namespace onestack::identity::db
