#pragma once
// Identity version documents: GET / (300 Multiple Choices) and GET /v3.
#include <boost/json/object.hpp>
#include <string>

namespace onestack::identity::api {

// The v3 entry as Keystone renders it, with links relative to base_url.
boost::json::object v3_version(const std::string& base_url);

}  // namespace onestack::identity::api
