#pragma once
// Application credentials and access rules as Keystone renders them. Their
// self links are /v3/application_credentials/{id} and /v3/access_rules/{id}
// (Keystone builds them without the /users/{user_id} prefix).
#include <boost/json/object.hpp>
#include <vector>

#include "common/http/message.hpp"
#include "identity/db/application_credential_store.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity::api {

// `roles` are the credential's roles that still exist, as role records.
boost::json::object application_credential_view(const onestack::http::Request& req,
                                                const ApplicationCredential& ac,
                                                const std::vector<Role>& roles);
boost::json::object access_rule_view(const onestack::http::Request& req, const AccessRule& rule);
// {"id", "service", "path", "method"}: the form inside a credential and a token.
boost::json::object access_rule_fields(const AccessRule& rule);

}  // namespace onestack::identity::api
