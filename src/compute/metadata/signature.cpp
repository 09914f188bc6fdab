#include "compute/metadata/signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace onestack::compute::metadata {

std::string instance_id_signature(std::string_view secret, std::string_view instance_id) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    // A one-byte key buffer for the empty secret: HMAC() wants a non-null key.
    static const unsigned char kEmpty = 0;
    const auto* key =
        secret.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(secret.data());
    if (HMAC(EVP_sha256(), key, static_cast<int>(secret.size()),
             reinterpret_cast<const unsigned char*>(instance_id.data()), instance_id.size(), mac,
             &len) == nullptr) {
        throw std::runtime_error("HMAC-SHA256 failed");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        out.push_back(kHex[mac[i] >> 4]);
        out.push_back(kHex[mac[i] & 0xf]);
    }
    return out;
}

bool signature_valid(std::string_view secret, std::string_view instance_id,
                     std::string_view signature) {
    if (signature.empty()) {
        return false;
    }
    auto expected = instance_id_signature(secret, instance_id);
    // secretutils.constant_time_compare: the length is not a secret.
    return expected.size() == signature.size() &&
           CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) == 0;
}

}  // namespace onestack::compute::metadata
