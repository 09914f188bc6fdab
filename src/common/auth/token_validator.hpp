#pragma once
// How a service learns who sent a token. In the all-in-one, identity
// answers in-process; a split deployment validates over REST
// (RemoteTokenValidator), as keystonemiddleware does upstream.
#include <optional>
#include <string_view>

#include "common/context/request_context.hpp"

namespace onestack::auth {

class TokenValidator {
  public:
    virtual ~TokenValidator() = default;
    // The caller's context (user, scope, roles, expiry), or nullopt when the
    // token is not valid. Request ids are left for the caller to fill.
    virtual std::optional<RequestContext> validate(std::string_view token) = 0;
};

}  // namespace onestack::auth
