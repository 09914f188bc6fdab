#pragma once
// SQL for unified limits: registered (default) limits per service, region
// and resource, and the project or domain limits that override them
// (keystone/limit/backends/sql.py). A limit names its registered limit by
// service, region and resource, which cannot change while limits refer to it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"

namespace onestack::identity {

struct RegisteredLimit {
    std::string id;
    std::string service_id;
    std::string region_id;  // "" for every region
    std::string resource_name;
    std::int64_t default_limit = 0;
    std::optional<std::string> description;
};

struct Limit {
    std::string id;
    std::string project_id;  // exactly one of project_id and domain_id is set
    std::string domain_id;
    std::string service_id;
    std::string region_id;
    std::string resource_name;
    std::int64_t resource_limit = 0;
    std::optional<std::string> description;
};

}  // namespace onestack::identity

namespace onestack::identity::db {

using onestack::db::Conn;

struct LimitFilter {
    std::optional<std::string> service_id;
    std::optional<std::string> region_id;
    std::optional<std::string> resource_name;
    std::optional<std::string> project_id;
    std::optional<std::string> domain_id;
};

std::optional<RegisteredLimit> get_registered_limit(Conn& c, const std::string& id);
// project_id and domain_id are ignored.
std::vector<RegisteredLimit> list_registered_limits(Conn& c, const LimitFilter& filter);
// The registered limit for a service, region ("" none) and resource.
std::optional<RegisteredLimit> find_registered_limit(Conn& c, const std::string& service_id,
                                                     const std::string& region_id,
                                                     const std::string& resource_name);
void insert_registered_limit(Conn& c, const RegisteredLimit& r);
void update_registered_limit(Conn& c, const RegisteredLimit& r);
bool delete_registered_limit(Conn& c, const std::string& id);
// True when some project or domain limit refers to it.
bool registered_limit_in_use(Conn& c, const RegisteredLimit& r);

std::optional<Limit> get_limit(Conn& c, const std::string& id);
std::vector<Limit> list_limits(Conn& c, const LimitFilter& filter);
// Another limit for the same registered limit and the same project or domain.
bool limit_duplicates(Conn& c, const Limit& l);
void insert_limit(Conn& c, const Limit& l);
void update_limit(Conn& c, const Limit& l);
bool delete_limit(Conn& c, const std::string& id);

}  // namespace onestack::identity::db
