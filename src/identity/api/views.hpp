#pragma once
// JSON views of identity records, exactly as Keystone renders them
// (extra attributes merged at the top level, a self link on each).
#include <boost/json/object.hpp>

#include "common/http/message.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity::api {

boost::json::object project_view(const onestack::http::Request& req, const Project& p);
boost::json::object domain_view(const onestack::http::Request& req, const Project& d);
boost::json::object user_view(const onestack::http::Request& req, const User& u);
boost::json::object group_view(const onestack::http::Request& req, const Group& g);
boost::json::object role_view(const onestack::http::Request& req, const Role& r);
boost::json::object region_view(const onestack::http::Request& req, const Region& r);
boost::json::object service_view(const onestack::http::Request& req, const Service& s);
boost::json::object endpoint_view(const onestack::http::Request& req, const Endpoint& e);
boost::json::object endpoint_group_view(const onestack::http::Request& req, const EndpointGroup& g);
boost::json::object policy_view(const onestack::http::Request& req, const PolicyBlob& p);

}  // namespace onestack::identity::api
