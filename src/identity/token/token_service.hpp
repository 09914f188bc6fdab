#pragma once
// Issues and validates tokens. A token is a sealed payload (never stored);
// validation expands it against current state — user and project enabled,
// roles still held, trust or application credential still valid, no
// revocation event — and caches the result until identity's generation moves.
#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "identity/token/validated_token.hpp"

namespace onestack::identity {

class Identity;

struct IssuedToken {
    std::string id;
    std::shared_ptr<const ValidatedToken> token;
};

class TokenService {
  public:
    explicit TokenService(Identity& identity) : identity_(identity) {}

    // Seals the payload after expanding it; throws Fault 401 when the
    // principal has no access to the requested scope.
    IssuedToken issue(token::TokenPayload payload);
    // nullptr for a token that is malformed, expired (beyond the window when
    // allow_expired), revoked, or no longer backed by current state.
    std::shared_ptr<const ValidatedToken> validate(std::string_view token_id,
                                                   bool allow_expired = false);
    // DELETE /v3/auth/tokens: revokes this token and those rescoped from it.
    void revoke(const ValidatedToken& token);

  private:
    // Expands a payload; an empty result with `why` set when it is not valid.
    std::shared_ptr<const ValidatedToken> expand(const token::TokenPayload& payload,
                                                 std::string& why);

    struct Entry {
        std::uint64_t generation = 0;
        std::shared_ptr<const ValidatedToken> token;
    };
    struct Shard {
        std::mutex mu;
        std::unordered_map<std::string, Entry> entries;
    };
    Shard& shard_for(std::string_view id);

    Identity& identity_;
    std::array<Shard, 16> shards_;
};

}  // namespace onestack::identity
