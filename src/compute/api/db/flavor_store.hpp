#pragma once
// SQL for flavors, their extra specs and project access (nova's API
// database: flavors, flavor_extra_specs, flavor_projects).
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "compute/objects/instance.hpp"

namespace onestack::compute::api::db {

using onestack::db::Conn;

struct FlavorQuery {
    // Public flavors; with project set also the private ones it may use.
    // nullopt: every flavor (admin with is_public=none).
    std::optional<bool> is_public = true;
    std::string project;
    std::optional<bool> disabled;
    std::optional<int> min_ram;
    std::optional<int> min_disk;
    std::string sort_key = "flavorid";  // a column name
    bool ascending = true;
};

std::vector<Flavor> list_flavors(Conn& c, const FlavorQuery& q);
std::optional<Flavor> get_flavor(Conn& c, const std::string& flavorid);
// Throws onestack::db::ConstraintError on a duplicate name or flavorid.
void create_flavor(Conn& c, Flavor& flavor);
bool delete_flavor(Conn& c, const std::string& flavorid);
void set_flavor_description(Conn& c, std::int64_t id, const std::string& description);

void set_extra_specs(Conn& c, std::int64_t id, const boost::json::object& specs);
bool delete_extra_spec(Conn& c, std::int64_t id, const std::string& key);

std::vector<std::string> flavor_projects(Conn& c, std::int64_t id);
// False when the pair already exists / did not exist.
bool add_flavor_project(Conn& c, std::int64_t id, const std::string& project);
bool remove_flavor_project(Conn& c, std::int64_t id, const std::string& project);
bool flavor_accessible(Conn& c, const Flavor& flavor, const std::string& project);

}  // namespace onestack::compute::api::db
