#pragma once
// SQL for OS-EP-FILTER: project-endpoint associations, endpoint groups and
// their project associations. Which endpoints a project ends up with is
// computed in one place, catalog/catalog_cache (project_endpoint_filter).
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity::db {

using onestack::db::Conn;

bool project_endpoint_exists(Conn& c, const std::string& endpoint_id,
                             const std::string& project_id);
// False when the association already existed.
bool insert_project_endpoint(Conn& c, const std::string& endpoint_id,
                             const std::string& project_id);
// False when there was no such association.
bool delete_project_endpoint(Conn& c, const std::string& endpoint_id,
                             const std::string& project_id);
std::vector<std::string> projects_for_endpoint(Conn& c, const std::string& endpoint_id);

std::optional<EndpointGroup> get_endpoint_group(Conn& c, const std::string& id);
std::vector<EndpointGroup> list_endpoint_groups(Conn& c);
void insert_endpoint_group(Conn& c, const EndpointGroup& g);
void update_endpoint_group(Conn& c, const EndpointGroup& g);
// Also deletes the group's project associations.
void delete_endpoint_group(Conn& c, const std::string& id);

bool endpoint_group_in_project(Conn& c, const std::string& group_id, const std::string& project_id);
// False when the association already existed.
bool insert_project_endpoint_group(Conn& c, const std::string& group_id,
                                   const std::string& project_id);
// False when there was no such association.
bool delete_project_endpoint_group(Conn& c, const std::string& group_id,
                                   const std::string& project_id);
std::vector<std::string> projects_for_endpoint_group(Conn& c, const std::string& group_id);
std::vector<std::string> endpoint_groups_for_project(Conn& c, const std::string& project_id);

}  // namespace onestack::identity::db
