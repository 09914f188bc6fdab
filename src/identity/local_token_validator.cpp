#include "identity/local_token_validator.hpp"

#include "identity/identity.hpp"
#include "identity/token/token_service.hpp"

namespace onestack::identity {

std::optional<RequestContext> LocalTokenValidator::validate(std::string_view token) {
    auto t = identity_.tokens().validate(token);
    if (!t) {
        return std::nullopt;
    }
    return t->to_context();
}

}  // namespace onestack::identity
