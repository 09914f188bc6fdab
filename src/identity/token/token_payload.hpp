#pragma once
// What a token says, and its compact binary form (the Fernet plaintext).
// The content follows Keystone's payloads; the wire format is our own.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onestack::identity::token {

enum class Scope : std::uint8_t { Unscoped = 0, Project = 1, Domain = 2, System = 3 };

struct TokenPayload {
    std::string user_id;
    std::vector<std::string> methods;  // "password", "token", "application_credential", ...
    Scope scope = Scope::Unscoped;
    std::string scope_id;  // project or domain id; "all" for system scope
    // Unix seconds. Keystone's tokens carry whole seconds too: issued_at is
    // the Fernet timestamp.
    std::int64_t issued_at = 0;
    std::int64_t expires_at = 0;
    std::vector<std::string> audit_ids;  // [own audit id, parent chain's audit id]
    std::string trust_id;
    std::string app_cred_id;

    bool operator==(const TokenPayload&) const = default;
};

// Format 1: a version byte, then the fields in declaration order. Ids that
// are 32 lowercase hex digits, and audit ids (22 URL-safe base64 chars), pack
// as 16 raw bytes: a project-scoped payload is 65 bytes (82 with a parent
// audit id), its token 183 characters (204).
std::string serialize(const TokenPayload& payload);

// nullopt for malformed input: unknown version, truncated or overlong
// fields, out-of-range values, trailing bytes. Never throws on bad input.
std::optional<TokenPayload> deserialize(std::string_view bytes);

// A fresh audit id as Keystone makes them: 16 random bytes as 22 characters
// of unpadded URL-safe base64.
std::string new_audit_id();

}  // namespace onestack::identity::token
