#pragma once
// keystonemiddleware's auth_token as a middleware: every non-public route
// needs a valid X-Auth-Token; the request context comes from it. A valid
// X-Service-Token adds its roles as service_roles. A missing or bad token is
// a 401 with WWW-Authenticate naming identity, in the service's dialect.
#include <memory>
#include <string>

#include "common/auth/token_validator.hpp"
#include "common/http/router.hpp"

namespace onestack::auth {

http::Middleware auth_token_middleware(std::shared_ptr<TokenValidator> validator,
                                       std::string identity_uri);

}  // namespace onestack::auth
