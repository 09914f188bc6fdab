#pragma once
// Per-thread OpenSSL contexts for HMAC-SHA256 and AES-128-CBC. Fetching
// algorithms and allocating contexts costs more than hashing a token, so each
// thread makes them once and re-keys them per call.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace onestack::crypto::detail {

// HMAC-SHA256(key, data) into out[32]. False on an OpenSSL failure.
bool hmac_sha256(const std::uint8_t* key, std::size_t key_len, std::string_view data,
                 std::uint8_t* out);

// AES-128-CBC with PKCS7 padding. Appends the result to `out`. False on an
// OpenSSL failure or (decrypting) bad padding; `out` is then unspecified.
bool aes128_cbc_encrypt(const std::uint8_t* key, const std::uint8_t* iv, std::string_view plain,
                        std::string& out);
bool aes128_cbc_decrypt(const std::uint8_t* key, const std::uint8_t* iv, std::string_view cipher,
                        std::string& out);

}  // namespace onestack::crypto::detail
