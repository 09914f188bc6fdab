#pragma once
// nova/api/openstack/compute/views/servers.py: a server as the API shows
// it, by microversion and by what policy lets the caller see.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "common/http/message.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/objects/instance.hpp"

namespace onestack::compute::api {

class ComputeApi;

// What the detailed view needs besides the instance row.
struct ServerExtras {
    std::map<std::string, std::string> metadata;
    std::vector<std::string> tags;
    std::optional<compute::db::Fault> fault;
    std::vector<std::string> server_groups;  // shown by show/update/rebuild from 2.71
    std::string host_status;                 // "" unknown
};

// What the caller may see (decided once per request).
struct ServerViewRights {
    bool extended_attributes = false;  // os_compute_api:os-extended-server-attributes
    bool host_status = false;          // os_compute_api:servers:show:host_status
    bool flavor_extra_specs = false;   // os_compute_api:servers:show:flavor-extra-specs
    bool admin = false;                // fault details of 500s
    bool show_server_groups = false;   // show, update, rebuild (not the list)
    // Update, and rebuild before 2.75: nova's view with show_AZ, show_keypair,
    // show_srv_usg, show_extended_status/_attr/_volumes, config_drive all off.
    bool minimal = false;
    std::string default_az = "nova";  // [compute_api] default_availability_zone
};
ServerViewRights view_rights(ComputeApi& api, const http::Request& req);

// sha224(project_id + host) hex, "" without a host (views/servers.py _get_host_id).
std::string host_id(const Instance& instance);
std::string host_id(const std::string& project_id, const std::string& host);

boost::json::object server_basic(const http::Request& req, const Instance& instance,
                                 const boost::json::storage_ptr& sp = {});
// sp: where the view is built (a list passes its arena).
boost::json::object server_detail(const http::Request& req, const Instance& instance,
                                  const ServerExtras& extras, const ServerViewRights& rights,
                                  const boost::json::storage_ptr& sp = {});

// The detailed view of one server, loading what it needs.
boost::json::object show_server(ComputeApi& api, const http::Request& req, const Instance& instance,
                                bool with_groups = true, bool minimal = false);

}  // namespace onestack::compute::api
