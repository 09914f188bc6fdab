#pragma once
// The credentials a policy check sees, built from the request context as oslo.context's
// to_policy_values() (plus keystone's "token" entry) would build them.
#include <boost/json/object.hpp>

#include "common/context/request_context.hpp"

namespace onestack::policy {

// user_id, user_domain_id, project_id, project_domain_id, domain_id, system_scope, roles
// (lower-cased), is_admin_project, service_user_id, service_user_domain_id, service_project_id,
// service_project_domain_id, service_roles (as given, like oslo.context), trust_id, trustor_id,
// trustee_id, and a "token" object shaped like keystone's token body (token.user.domain.id,
// token.project.domain.id, token.domain.id) for keystone's default rules. Unset ids are null,
// as oslo.context's None.
boost::json::object credentials_from(const onestack::RequestContext& ctx);

}  // namespace onestack::policy
