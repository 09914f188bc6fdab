#pragma once
// `onestack identity bootstrap`, as `keystone-manage bootstrap`: the default
// domain, admin and service projects, the admin user, the roles admin ->
// member -> reader (implied), a region and a catalog entry per service.
// Idempotent: what exists is kept, what is missing is created.
#include <string>
#include <vector>

namespace onestack::identity {

class Identity;

struct CatalogEntry {
    std::string type;  // "identity", "image", ...
    std::string name;  // "keystone", "glance", ...
    std::string url;   // one URL for public, internal and admin
};

struct BootstrapOptions {
    std::string admin_username = "admin";
    std::string admin_password;  // required when the admin user does not exist yet
    std::string admin_project = "admin";
    std::string service_project = "service";
    std::string region = "RegionOne";
    std::vector<CatalogEntry> services;
};

// Returns true when the admin user was created by this call.
bool bootstrap(Identity& identity, const BootstrapOptions& options);

}  // namespace onestack::identity
