#pragma once
// SQL for regions, services and endpoints.
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity::db {

using onestack::db::Conn;

std::optional<Region> get_region(Conn& c, const std::string& id);
std::vector<Region> list_regions(Conn& c);
void insert_region(Conn& c, const Region& r);
void update_region(Conn& c, const Region& r);
void delete_region(Conn& c, const std::string& id);
std::vector<Region> child_regions(Conn& c, const std::string& parent_id);
bool region_has_endpoints(Conn& c, const std::string& region_id);

std::optional<Service> get_service(Conn& c, const std::string& id);
std::vector<Service> list_services(Conn& c);
void insert_service(Conn& c, const Service& s);
void update_service(Conn& c, const Service& s);
// Also deletes the service's endpoints and their project associations.
void delete_service(Conn& c, const std::string& id);

std::optional<Endpoint> get_endpoint(Conn& c, const std::string& id);
std::vector<Endpoint> list_endpoints(Conn& c);
void insert_endpoint(Conn& c, const Endpoint& e);
void update_endpoint(Conn& c, const Endpoint& e);
// Also deletes the endpoint's project associations.
void delete_endpoint(Conn& c, const std::string& id);

}  // namespace onestack::identity::db
