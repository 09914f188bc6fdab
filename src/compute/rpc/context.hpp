#pragma once
// The caller's RequestContext as it travels on compute's bus (rpc/README.md):
// a JSON object with request_id, user_id, project_id, roles, auth_token.
#include <boost/json/object.hpp>

#include "common/context/request_context.hpp"

namespace onestack::compute::rpc {

boost::json::object context_to_json(const RequestContext& ctx);
RequestContext context_from_json(const boost::json::object& o);

// A context for work the system starts itself (periodic tasks, the
// reconciler): admin role, a fresh request id.
RequestContext system_context();

}  // namespace onestack::compute::rpc
