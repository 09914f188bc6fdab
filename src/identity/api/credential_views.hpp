#pragma once
// /v3/credentials entries and their OS-EC2 form, as Keystone renders them.
#include <boost/json/object.hpp>

#include "common/http/message.hpp"
#include "identity/db/credential_store.hpp"

namespace onestack::identity::api {

// Extra attributes at the top level, "blob" as the stored text.
boost::json::object credential_view(const onestack::http::Request& req, const Credential& cred);
// {"user_id", "tenant_id", "access", "secret", "trust_id", "links"}; the link
// names the access key, not the credential id.
boost::json::object ec2_credential_view(const onestack::http::Request& req, const Credential& cred);

}  // namespace onestack::identity::api
