#pragma once
// Token validation for services in the same process as identity: no HTTP,
// the same cache and revocation checks identity itself uses.
#include "common/auth/token_validator.hpp"

namespace onestack::identity {

class Identity;

class LocalTokenValidator : public auth::TokenValidator {
  public:
    explicit LocalTokenValidator(Identity& identity) : identity_(identity) {}
    std::optional<RequestContext> validate(std::string_view token) override;

  private:
    Identity& identity_;
};

}  // namespace onestack::identity
