#pragma once
// SQL for projects and domains (one table, is_domain tells them apart).
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity::db {

using onestack::db::Conn;

std::optional<Project> get_project(Conn& c, const std::string& id);
// Looks up a project (is_domain = false) by name within a domain.
std::optional<Project> get_project_by_name(Conn& c, const std::string& domain_id,
                                           const std::string& name);
std::optional<Project> get_domain(Conn& c, const std::string& id);
std::optional<Project> get_domain_by_name(Conn& c, const std::string& name);

struct ProjectFilter {
    std::optional<bool> is_domain;
    std::optional<std::string> domain_id;
    std::optional<std::string> parent_id;
    std::optional<std::string> name;
    std::optional<bool> enabled;
};
std::vector<Project> list_projects(Conn& c, const ProjectFilter& filter);
std::vector<Project> children_of(Conn& c, const std::string& parent_id);
// The chain of parents, nearest first (a project's domain is the last entry
// when the project sits under its domain).
std::vector<Project> parents_of(Conn& c, const Project& project);
std::vector<Project> subtree_of(Conn& c, const std::string& project_id);

void insert_project(Conn& c, const Project& p);
void update_project(Conn& c, const Project& p);
void delete_project(Conn& c, const std::string& id);
std::vector<std::string> project_tags(Conn& c, const std::string& project_id);
void set_project_tags(Conn& c, const std::string& project_id, const std::vector<std::string>& tags);

}  // namespace onestack::identity::db
