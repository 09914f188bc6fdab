#include "common/crypto/fernet.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "common/crypto/base64url.hpp"
#include "common/crypto/openssl_thread_state.hpp"

namespace onestack::crypto {
namespace {

constexpr std::uint8_t kVersion = 0x80;
constexpr std::size_t kHeaderBytes = 1 + 8 + Fernet::kIvBytes;
constexpr std::size_t kHmacBytes = 32;
constexpr std::size_t kBlockBytes = 16;
// The smallest token: header, one cipher block (PKCS7 always pads), HMAC.
constexpr std::size_t kMinRawBytes = kHeaderBytes + kBlockBytes + kHmacBytes;
// cryptography's _MAX_CLOCK_SKEW: tokens from further in the future fail a TTL check.
constexpr std::int64_t kMaxClockSkewSeconds = 60;

std::uint64_t read_be64(const char* p) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) {
        v = (v << 8) | static_cast<unsigned char>(p[i]);
    }
    return v;
}

void append_be64(std::string& out, std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
        out.push_back(static_cast<char>((v >> shift) & 0xff));
    }
}

bool within_age(std::uint64_t timestamp, const TokenAge& age) {
    // 128-bit arithmetic: the timestamp comes from an unverified token.
    const __int128 ts = timestamp;
    return ts + age.ttl_seconds >= age.now_unix &&
           ts <= __int128{age.now_unix} + kMaxClockSkewSeconds;
}

const std::uint8_t* as_bytes(const char* p) {
    return reinterpret_cast<const std::uint8_t*>(p);
}

}  // namespace

std::optional<Fernet> Fernet::from_key(std::string_view urlsafe_b64_key) {
    std::string raw;
    if (!base64url_decode_into(urlsafe_b64_key, raw) || raw.size() != kKeyBytes) {
        OPENSSL_cleanse(raw.data(), raw.size());
        return std::nullopt;
    }
    Fernet f;
    std::memcpy(f.signing_key_.data(), raw.data(), 16);
    std::memcpy(f.encryption_key_.data(), raw.data() + 16, 16);
    OPENSSL_cleanse(raw.data(), raw.size());
    return f;
}

std::string Fernet::generate_key() {
    std::uint8_t raw[kKeyBytes];
    if (RAND_bytes(raw, sizeof raw) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    std::string key = base64url_encode({reinterpret_cast<const char*>(raw), sizeof raw});
    OPENSSL_cleanse(raw, sizeof raw);
    return key;
}

Fernet::~Fernet() {
    OPENSSL_cleanse(signing_key_.data(), signing_key_.size());
    OPENSSL_cleanse(encryption_key_.data(), encryption_key_.size());
}

std::string Fernet::encrypt(std::string_view plaintext, std::int64_t now_unix) const {
    Iv iv;
    if (RAND_bytes(iv.data(), static_cast<int>(iv.size())) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    return encrypt_with_iv(plaintext, now_unix, iv);
}

std::string Fernet::encrypt_with_iv(std::string_view plaintext, std::int64_t now_unix,
                                    const Iv& iv) const {
    std::string raw;
    raw.reserve(kHeaderBytes + plaintext.size() + kBlockBytes + kHmacBytes);
    raw.push_back(static_cast<char>(kVersion));
    append_be64(raw, static_cast<std::uint64_t>(now_unix));
    raw.append(reinterpret_cast<const char*>(iv.data()), iv.size());
    if (!detail::aes128_cbc_encrypt(encryption_key_.data(), iv.data(), plaintext, raw)) {
        throw std::runtime_error("AES-128-CBC encryption failed");
    }
    std::uint8_t mac[kHmacBytes];
    if (!detail::hmac_sha256(signing_key_.data(), signing_key_.size(), raw, mac)) {
        throw std::runtime_error("HMAC-SHA256 failed");
    }
    raw.append(reinterpret_cast<const char*>(mac), sizeof mac);
    return base64url_encode(raw);
}

bool Fernet::decrypt_raw(std::string_view raw, std::string& plaintext,
                         std::optional<TokenAge> age) const {
    plaintext.clear();
    if (raw.size() < kMinRawBytes || static_cast<std::uint8_t>(raw[0]) != kVersion ||
        (raw.size() - kHeaderBytes - kHmacBytes) % kBlockBytes != 0) {
        return false;
    }
    // The spec checks the timestamp before the HMAC: it is cheaper.
    if (age && !within_age(read_be64(raw.data() + 1), *age)) {
        return false;
    }
    const std::string_view signed_part = raw.substr(0, raw.size() - kHmacBytes);
    std::uint8_t mac[kHmacBytes];
    if (!detail::hmac_sha256(signing_key_.data(), signing_key_.size(), signed_part, mac) ||
        CRYPTO_memcmp(mac, raw.data() + signed_part.size(), kHmacBytes) != 0) {
        return false;
    }
    const std::uint8_t* iv = as_bytes(raw.data() + 9);
    const std::string_view ciphertext = signed_part.substr(kHeaderBytes);
    return detail::aes128_cbc_decrypt(encryption_key_.data(), iv, ciphertext, plaintext);
}

std::optional<std::string> Fernet::decrypt(std::string_view token,
                                           std::optional<TokenAge> age) const {
    thread_local std::string raw;
    std::string plaintext;
    if (!base64url_decode_into(token, raw) || !decrypt_raw(raw, plaintext, age)) {
        return std::nullopt;
    }
    return plaintext;
}

std::optional<std::int64_t> Fernet::extract_timestamp(std::string_view token) {
    // Version and timestamp are the first 9 bytes: the first 12 characters.
    std::string head;
    if (token.size() < 12 || !base64url_decode_into(token.substr(0, 12), head) ||
        static_cast<std::uint8_t>(head[0]) != kVersion) {
        return std::nullopt;
    }
    const std::uint64_t ts = read_be64(head.data() + 1);
    if (ts > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(ts);
}

MultiFernet::MultiFernet(std::vector<Fernet> keys) : keys_(std::move(keys)) {
    if (keys_.empty()) {
        throw std::invalid_argument("MultiFernet needs at least one key");
    }
}

std::string MultiFernet::encrypt(std::string_view plaintext, std::int64_t now_unix) const {
    return primary().encrypt(plaintext, now_unix);
}

bool MultiFernet::decrypt_raw(std::string_view raw_token, std::string& plaintext,
                              std::optional<TokenAge> age) const {
    return std::any_of(keys_.begin(), keys_.end(), [&](const Fernet& key) {
        return key.decrypt_raw(raw_token, plaintext, age);
    });
}

std::optional<std::string> MultiFernet::decrypt(std::string_view token,
                                                std::optional<TokenAge> age) const {
    thread_local std::string raw;
    std::string plaintext;
    if (!base64url_decode_into(token, raw) || !decrypt_raw(raw, plaintext, age)) {
        return std::nullopt;
    }
    return plaintext;
}

}  // namespace onestack::crypto
