#include "identity/token/token_codec.hpp"

#include <stdexcept>

#include "common/crypto/base64url.hpp"

namespace onestack::identity::token {

TokenCodec::TokenCodec(crypto::KeyRepository repository, std::chrono::milliseconds check_interval)
    : keys_(std::make_unique<crypto::KeyRing>(std::move(repository), check_interval)) {}

std::string TokenCodec::issue(const TokenPayload& payload) const {
    if (payload.issued_at <= 0 || payload.expires_at <= payload.issued_at) {
        throw std::invalid_argument("token payload needs 0 < issued_at < expires_at");
    }
    std::string token = keys_->current()->encrypt(serialize(payload), payload.issued_at);
    token.resize(crypto::strip_base64_padding(token).size());
    return token;
}

std::optional<TokenPayload> TokenCodec::decode(std::string_view token) const {
    if (token.size() > kMaxTokenChars) {
        return std::nullopt;
    }
    // Per-thread scratch buffers: after warm-up, decoding allocates nothing.
    thread_local std::string raw;
    thread_local std::string plaintext;
    const auto keys = keys_->current();
    if (!crypto::base64url_decode_into(token, raw) || !keys->decrypt_raw(raw, plaintext)) {
        return std::nullopt;
    }
    return deserialize(plaintext);
}

std::optional<TokenPayload> TokenCodec::validate(std::string_view token,
                                                 std::int64_t now_unix) const {
    auto payload = decode(token);
    if (!payload || now_unix >= payload->expires_at) {
        return std::nullopt;
    }
    return payload;
}

std::optional<TokenPayload> TokenCodec::validate(std::string_view token) const {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    return validate(token, now);
}

}  // namespace onestack::identity::token
