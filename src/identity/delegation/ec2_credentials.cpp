#include "identity/delegation/ec2_credentials.hpp"

#include <openssl/evp.h>

#include <boost/json.hpp>
#include <stdexcept>

namespace onestack::identity::delegation {

std::string hash_access_key(std::string_view access) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(access.data(), access.size(), digest, &len, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("sha256 failed");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0xf];
    }
    return out;
}

std::string ec2_blob(const std::string& access, const std::string& secret,
                     const std::string& trust_id) {
    auto quoted = [](const std::string& s) {
        return boost::json::serialize(boost::json::value(s));
    };
    return "{\"access\": " + quoted(access) + ", \"secret\": " + quoted(secret) +
           ", \"trust_id\": " + (trust_id.empty() ? "null" : quoted(trust_id)) + "}";
}

std::optional<Ec2Blob> parse_ec2_blob(const std::string& blob) {
    boost::system::error_code ec;
    auto v = boost::json::parse(blob, ec);
    if (ec || !v.is_object()) {
        return std::nullopt;
    }
    const auto& o = v.as_object();
    auto field = [&](std::string_view key) -> std::optional<std::string> {
        const auto* f = o.if_contains(key);
        if (!f || f->is_null()) {
            return std::nullopt;
        }
        if (f->is_string()) {
            return std::string(f->as_string());
        }
        return boost::json::serialize(*f);
    };
    return Ec2Blob{field("access"), field("secret"), field("trust_id"), field("app_cred_id"),
                   field("access_token_id")};
}

}  // namespace onestack::identity::delegation
