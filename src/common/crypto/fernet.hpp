#pragma once
// Fernet tokens (https://github.com/fernet/spec), byte-compatible with
// Python's cryptography.fernet, which Keystone uses for its tokens:
//   0x80 | timestamp (8, big-endian) | IV (16) | AES-128-CBC/PKCS7 | HMAC-SHA256 (32)
// The 32-byte key is 16 bytes of signing key then 16 of encryption key, and
// both key and token travel as URL-safe base64 with '=' padding.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace onestack::crypto {

// A token's age limit, as Fernet.decrypt(token, ttl) checks it in Python.
struct TokenAge {
    std::int64_t ttl_seconds;
    std::int64_t now_unix;
};

class Fernet {
  public:
    static constexpr std::size_t kKeyBytes = 32;
    static constexpr std::size_t kIvBytes = 16;
    using Iv = std::array<std::uint8_t, kIvBytes>;

    // nullopt unless the key decodes to exactly 32 bytes.
    static std::optional<Fernet> from_key(std::string_view urlsafe_b64_key);
    // URL-safe base64 of 32 bytes from the OS CSPRNG, as Fernet.generate_key().
    static std::string generate_key();

    Fernet(const Fernet&) = default;
    Fernet& operator=(const Fernet&) = default;
    ~Fernet();

    // The token, padded URL-safe base64; the IV comes from the CSPRNG.
    std::string encrypt(std::string_view plaintext, std::int64_t now_unix) const;
    // Deterministic form for the spec's test vectors. Never reuse an IV.
    std::string encrypt_with_iv(std::string_view plaintext, std::int64_t now_unix,
                                const Iv& iv) const;

    // nullopt on malformed tokens, a bad HMAC or bad padding. Without `age`
    // the timestamp is not checked (Keystone checks expiry in the payload).
    std::optional<std::string> decrypt(std::string_view token,
                                       std::optional<TokenAge> age = std::nullopt) const;

    // Verify and decrypt an already base64-decoded token into `plaintext`
    // (replaced, capacity reused). The building block of MultiFernet and of
    // allocation-free hot paths.
    bool decrypt_raw(std::string_view raw_token, std::string& plaintext,
                     std::optional<TokenAge> age = std::nullopt) const;

    // The creation time a token claims, without verifying it.
    static std::optional<std::int64_t> extract_timestamp(std::string_view token);

  private:
    Fernet() = default;

    std::array<std::uint8_t, 16> signing_key_{};
    std::array<std::uint8_t, 16> encryption_key_{};
};

// Encrypts with the first (primary) key; decrypts with whichever key signed
// the token, trying them in order, as cryptography's MultiFernet and thus
// Keystone do.
class MultiFernet {
  public:
    // Throws std::invalid_argument when `keys` is empty.
    explicit MultiFernet(std::vector<Fernet> keys);

    std::string encrypt(std::string_view plaintext, std::int64_t now_unix) const;
    std::optional<std::string> decrypt(std::string_view token,
                                       std::optional<TokenAge> age = std::nullopt) const;
    bool decrypt_raw(std::string_view raw_token, std::string& plaintext,
                     std::optional<TokenAge> age = std::nullopt) const;

    const Fernet& primary() const { return keys_.front(); }
    std::span<const Fernet> keys() const { return keys_; }

  private:
    std::vector<Fernet> keys_;
};

}  // namespace onestack::crypto
