#pragma once
// EC2 credentials as Keystone keeps them among /v3/credentials: type "ec2",
// the blob a JSON object with "access" and "secret", the credential id the
// SHA-256 hex of the access key (utils.hash_access_key).
#include <optional>
#include <string>
#include <string_view>

#include "identity/db/credential_store.hpp"

namespace onestack::identity::delegation {

inline constexpr const char* kEc2CredentialType = "ec2";

std::string hash_access_key(std::string_view access);

// The blob OS-EC2 create stores, spelled as Python's json.dumps spells it.
std::string ec2_blob(const std::string& access, const std::string& secret,
                     const std::string& trust_id);

// _convert_v3_to_ec2_credential's fields from a stored blob; the blob may be
// stored unparsed JSON text (nullopt when it is not a JSON object).
struct Ec2Blob {
    std::optional<std::string> access;
    std::optional<std::string> secret;
    std::optional<std::string> trust_id;
    std::optional<std::string> app_cred_id;
    std::optional<std::string> access_token_id;
};
std::optional<Ec2Blob> parse_ec2_blob(const std::string& blob);

}  // namespace onestack::identity::delegation
