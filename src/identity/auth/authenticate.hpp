#pragma once
// POST /v3/auth/tokens: the auth methods (password, token,
// application_credential) and the requested scope, turned into a token
// payload (keystone/auth/core.py and plugins/).
#include <boost/json/object.hpp>

#include "identity/token/token_service.hpp"

namespace onestack::identity {

class Identity;

// Validates `auth` (the object under "auth"), authenticates and issues.
// Throws Fault 400 on malformed input, 401 on failed authentication or
// scope, 403 when a trust or token may not be used that way.
IssuedToken authenticate(Identity& identity, const boost::json::object& auth);

}  // namespace onestack::identity
