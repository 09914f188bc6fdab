#include "identity/db/catalog_store.hpp"

#include "identity/db/json_column.hpp"

namespace onestack::identity::db {
namespace {

using onestack::db::boolean;
using onestack::db::nullable;
using onestack::db::Row;

Region region_from(const Row& r) {
    return {r.str("id"), r.str("description"), r.str("parent_region_id"),
            parse_object(r.str("extra"))};
}
Service service_from(const Row& r) {
    return {r.str("id"), r.str("type"), r.flag("enabled"), parse_object(r.str("extra"))};
}
Endpoint endpoint_from(const Row& r) {
    return {r.str("id"),        r.str("service_id"), r.str("interface"),          r.str("url"),
            r.str("region_id"), r.flag("enabled"),   parse_object(r.str("extra"))};
}

constexpr const char* kRegion = "SELECT id, description, parent_region_id, extra FROM region";
constexpr const char* kService = "SELECT id, type, enabled, extra FROM service";
constexpr const char* kEndpoint =
    "SELECT id, service_id, interface, url, region_id, enabled, extra FROM endpoint";

}  // namespace

std::optional<Region> get_region(Conn& c, const std::string& id) {
    auto r = c.query_one(std::string(kRegion) + " WHERE id = :id", {id});
    return r ? std::optional<Region>(region_from(*r)) : std::nullopt;
}

std::vector<Region> list_regions(Conn& c) {
    std::vector<Region> out;
    for (const auto& r : c.query(std::string(kRegion) + " ORDER BY id")) {
        out.push_back(region_from(r));
    }
    return out;
}

void insert_region(Conn& c, const Region& r) {
    c.exec(
        "INSERT INTO region (id, description, parent_region_id, extra)"
        " VALUES (:id, :d, :p, :x)",
        {r.id, r.description, nullable(r.parent_region_id), dump(r.extra)});
}

void update_region(Conn& c, const Region& r) {
    c.exec("UPDATE region SET description = :d, parent_region_id = :p, extra = :x WHERE id = :id",
           {r.description, nullable(r.parent_region_id), dump(r.extra), r.id});
}

void delete_region(Conn& c, const std::string& id) {
    c.exec("DELETE FROM region WHERE id = :id", {id});
}

std::vector<Region> child_regions(Conn& c, const std::string& parent_id) {
    std::vector<Region> out;
    for (const auto& r :
         c.query(std::string(kRegion) + " WHERE parent_region_id = :p ORDER BY id", {parent_id})) {
        out.push_back(region_from(r));
    }
    return out;
}

bool region_has_endpoints(Conn& c, const std::string& region_id) {
    return c.query_one("SELECT 1 AS found FROM endpoint WHERE region_id = :r LIMIT 1", {region_id})
        .has_value();
}

std::optional<Service> get_service(Conn& c, const std::string& id) {
    auto r = c.query_one(std::string(kService) + " WHERE id = :id", {id});
    return r ? std::optional<Service>(service_from(*r)) : std::nullopt;
}

std::vector<Service> list_services(Conn& c) {
    std::vector<Service> out;
    for (const auto& r : c.query(std::string(kService) + " ORDER BY type, id")) {
        out.push_back(service_from(r));
    }
    return out;
}

void insert_service(Conn& c, const Service& s) {
    c.exec("INSERT INTO service (id, type, enabled, extra) VALUES (:id, :t, :e, :x)",
           {s.id, s.type, boolean(s.enabled), dump(s.extra)});
}

void update_service(Conn& c, const Service& s) {
    c.exec("UPDATE service SET type = :t, enabled = :e, extra = :x WHERE id = :id",
           {s.type, boolean(s.enabled), dump(s.extra), s.id});
}

void delete_service(Conn& c, const std::string& id) {
    c.exec(
        "DELETE FROM project_endpoint WHERE endpoint_id IN"
        " (SELECT id FROM endpoint WHERE service_id = :id)",
        {id});
    c.exec("DELETE FROM endpoint WHERE service_id = :id", {id});
    c.exec("DELETE FROM service WHERE id = :id", {id});
}

std::optional<Endpoint> get_endpoint(Conn& c, const std::string& id) {
    auto r = c.query_one(std::string(kEndpoint) + " WHERE id = :id", {id});
    return r ? std::optional<Endpoint>(endpoint_from(*r)) : std::nullopt;
}

std::vector<Endpoint> list_endpoints(Conn& c) {
    std::vector<Endpoint> out;
    for (const auto& r : c.query(std::string(kEndpoint) + " ORDER BY service_id, interface, id")) {
        out.push_back(endpoint_from(r));
    }
    return out;
}

void insert_endpoint(Conn& c, const Endpoint& e) {
    c.exec(
        "INSERT INTO endpoint (id, service_id, interface, url, region_id, enabled, extra)"
        " VALUES (:id, :s, :i, :u, :r, :e, :x)",
        {e.id, e.service_id, e.interface, e.url, nullable(e.region_id), boolean(e.enabled),
         dump(e.extra)});
}

void update_endpoint(Conn& c, const Endpoint& e) {
    c.exec(
        "UPDATE endpoint SET service_id = :s, interface = :i, url = :u, region_id = :r,"
        " enabled = :e, extra = :x WHERE id = :id",
        {e.service_id, e.interface, e.url, nullable(e.region_id), boolean(e.enabled), dump(e.extra),
         e.id});
}

void delete_endpoint(Conn& c, const std::string& id) {
    c.exec("DELETE FROM project_endpoint WHERE endpoint_id = :id", {id});
    c.exec("DELETE FROM endpoint WHERE id = :id", {id});
}

}  // namespace onestack::identity::db
