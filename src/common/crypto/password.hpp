#pragma once
// Password hashing as Keystone does it by default (passlib bcrypt, "$2b$"),
// through libxcrypt so hashes move freely between Keystone and onestack.
#include <cstddef>
#include <string>
#include <string_view>

namespace onestack::crypto {

// bcrypt reads at most 72 bytes; Keystone truncates longer passwords to that
// explicitly (password_hashing.verify_length_and_trunc_password).
inline constexpr std::size_t kBcryptMaxPasswordBytes = 72;
// passlib's default cost, which Keystone keeps unless password_hash_rounds is set.
inline constexpr int kDefaultBcryptRounds = 12;

// "$2b$NN$<salt><hash>". Throws std::invalid_argument when rounds is outside
// 4..31 or the (truncated) password contains a NUL byte, which bcrypt cannot
// represent (passlib refuses it too); std::runtime_error if libxcrypt fails.
std::string hash_password(std::string_view password, int rounds = kDefaultBcryptRounds);

// True when `password` matches `hash`. Accepts Keystone's bcrypt ($2a$, $2b$,
// $2y$; the password truncated to 72 bytes) and sha512_crypt ($6$) hashes.
// False for other schemes and malformed hashes; never throws.
bool verify_password(std::string_view password, std::string_view hash) noexcept;

}  // namespace onestack::crypto
