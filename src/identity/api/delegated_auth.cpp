#include "identity/api/delegated_auth.hpp"

#include <algorithm>

#include "common/api/fault.hpp"
#include "identity/delegation/auth_methods.hpp"
#include "identity/identity.hpp"
#include "identity/token/token_service.hpp"

namespace onestack::identity::api {

std::shared_ptr<const ValidatedToken> caller_token(Identity& identity,
                                                   const onestack::http::Request& req) {
    auto token = identity.tokens().validate(req.header("X-Auth-Token"));
    if (!token) {
        throw onestack::api::Fault::unauthorized();
    }
    return token;
}

bool is_delegated_method(const ValidatedToken& token) {
    return delegation::is_delegated_method(token.payload.methods);
}

bool has_method(const ValidatedToken& token, std::string_view method) {
    const auto& methods = token.payload.methods;
    return std::find(methods.begin(), methods.end(), method) != methods.end();
}

}  // namespace onestack::identity::api
