#pragma once
// Token strings: a TokenPayload, serialized and sealed with the primary
// Fernet key of the key repository; validated against every key in it.
// Like Keystone, token strings carry no '=' padding; both forms validate.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/crypto/key_repository.hpp"
#include "common/crypto/key_ring.hpp"
#include "identity/token/token_payload.hpp"

namespace onestack::identity::token {

class TokenCodec {
  public:
    // Longest token string validate() looks at; ours are about 200 characters.
    static constexpr std::size_t kMaxTokenChars = 4096;

    // Loads the keys now and re-reads them when the repository changes,
    // looking at most once per check_interval. Throws std::runtime_error
    // when the repository holds no usable key.
    explicit TokenCodec(crypto::KeyRepository repository,
                        std::chrono::milliseconds check_interval = std::chrono::seconds(1));

    // The Fernet timestamp is payload.issued_at. Throws std::invalid_argument
    // unless 0 < issued_at < expires_at.
    std::string issue(const TokenPayload& payload) const;

    // The payload of an authentic token that has not expired (now < expires_at),
    // else nullopt. Safe to call from many threads; no disk I/O (except the
    // once-per-interval repository check) and only the payload's own allocations.
    std::optional<TokenPayload> validate(std::string_view token) const;
    std::optional<TokenPayload> validate(std::string_view token, std::int64_t now_unix) const;

    // The payload of an authentic token, expired or not (for allow_expired).
    std::optional<TokenPayload> decode(std::string_view token) const;

    // Re-read the key repository now (e.g. right after rotating in-process).
    void reload_keys() const { keys_->reload(); }

  private:
    std::unique_ptr<crypto::KeyRing> keys_;
};

}  // namespace onestack::identity::token
