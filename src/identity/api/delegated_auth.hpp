#pragma once
// What the delegation APIs need to know about the caller's token beyond the
// request context: how it was obtained (keystone/api/_shared/delegation.py)
// and, for application credential tokens, whether they are restricted.
#include <memory>

#include "common/http/message.hpp"
#include "identity/token/validated_token.hpp"

namespace onestack::identity {
class Identity;
}

namespace onestack::identity::api {

// The caller's validated token (the token service caches it); 401 if it
// stopped being valid since the request was authenticated.
std::shared_ptr<const ValidatedToken> caller_token(Identity& identity,
                                                   const onestack::http::Request& req);

// True when the token came from a delegated credential: any method outside
// the primary ones (password, token, totp, external, ...), such as
// application_credential or ec2credential; an empty method list counts too.
bool is_delegated_method(const ValidatedToken& token);

bool has_method(const ValidatedToken& token, std::string_view method);

}  // namespace onestack::identity::api
