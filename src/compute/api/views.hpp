#pragma once
// JSON shapes shared by several resources (nova/api/openstack/compute/views/).
#include <boost/json.hpp>
#include <string>

#include "common/http/message.hpp"
#include "compute/objects/instance.hpp"

namespace onestack::compute::api {

// [{"rel": "self", "href": <base>/v2.1/<collection>/<id>},
//  {"rel": "bookmark", "href": <base>/<collection>/<id>}]
boost::json::array resource_links(const http::Request& req, const std::string& collection,
                                  const std::string& id, const boost::json::storage_ptr& sp = {});

// views/flavors.py: the basic ({id, name, links}) or detailed view, by microversion.
boost::json::object flavor_view(const http::Request& req, const Flavor& flavor, bool detail,
                                bool show_extra_specs);

}  // namespace onestack::compute::api
