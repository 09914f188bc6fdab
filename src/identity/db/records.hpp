#pragma once
// Identity's core records as stored. Optional references are "" when unset.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

namespace onestack::identity {

// A project, or a domain when is_domain (Keystone stores both in one table).
struct Project {
    std::string id;
    std::string name;
    std::string domain_id;  // for a domain: kRootDomain in the table, its own id in views
    std::string parent_id;
    std::string description;
    bool enabled = true;
    bool is_domain = false;
    std::vector<std::string> tags;
    boost::json::object extra;
    boost::json::object options;
};

struct User {
    std::string id;
    std::string domain_id;
    std::string name;
    bool enabled = true;
    std::string default_project_id;
    std::string description;
    std::string password_hash;
    std::string password_created_at;
    std::string password_expires_at;
    std::string created_at;
    std::string last_active_at;
    // [security_compliance]: failed password authentications since the last
    // success, the latest one's time, and whether the current password was
    // set by the user (self-service) rather than an administrator.
    int failed_auth_count = 0;
    std::string failed_auth_at;
    bool password_self_service = false;
    boost::json::object extra;
    boost::json::object options;
};

struct Group {
    std::string id;
    std::string domain_id;
    std::string name;
    std::string description;
    boost::json::object extra;
};

struct Role {
    std::string id;
    std::string name;
    std::string domain_id;  // "" for a global role
    std::string description;
    boost::json::object extra;
    boost::json::object options;
};

// Assignment types, as Keystone names them.
namespace assignment_type {
inline constexpr const char* kUserProject = "UserProject";
inline constexpr const char* kGroupProject = "GroupProject";
inline constexpr const char* kUserDomain = "UserDomain";
inline constexpr const char* kGroupDomain = "GroupDomain";
inline constexpr const char* kUserSystem = "UserSystem";
inline constexpr const char* kGroupSystem = "GroupSystem";
}  // namespace assignment_type

struct Assignment {
    std::string type;
    std::string actor_id;
    std::string target_id;  // project or domain id; "system" for system grants
    std::string role_id;
    bool inherited = false;
};

struct Region {
    std::string id;
    std::string description;
    std::string parent_region_id;
    boost::json::object extra;
};

struct Service {
    std::string id;
    std::string type;
    bool enabled = true;
    boost::json::object extra;  // name, description, ...
};

struct Endpoint {
    std::string id;
    std::string service_id;
    std::string interface;  // public, internal, admin
    std::string url;
    std::string region_id;
    bool enabled = true;
    boost::json::object extra;
};

// An OS-EP-FILTER endpoint group: endpoints matching every filter
// (service_id, region_id, interface).
struct EndpointGroup {
    std::string id;
    std::string name;
    std::optional<std::string> description;  // null is kept apart from ""
    boost::json::object filters;
};

// A /v3/policies blob (opaque to Keystone).
struct PolicyBlob {
    std::string id;
    std::string type;
    std::string blob;
    boost::json::object extra;
};

}  // namespace onestack::identity
