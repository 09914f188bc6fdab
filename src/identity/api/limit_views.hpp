#pragma once
// Unified limits as Keystone renders them (keystone/limit/backends/sql.py
// to_dict, plus the self link).
#include <boost/json/object.hpp>

#include "common/http/message.hpp"
#include "identity/db/limit_store.hpp"

namespace onestack::identity::api {

boost::json::object registered_limit_view(const onestack::http::Request& req,
                                          const RegisteredLimit& r);
// Both project_id and domain_id appear; the one not set is null.
boost::json::object limit_view(const onestack::http::Request& req, const Limit& l);

}  // namespace onestack::identity::api
