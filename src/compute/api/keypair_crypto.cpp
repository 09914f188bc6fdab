#include "compute/api/keypair_crypto.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "compute/api/base64.hpp"

namespace onestack::compute::api {
namespace {

std::string colon_hex(const unsigned char* data, std::size_t n) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        if (i) {
            out.push_back(':');
        }
        out.push_back(kHex[data[i] >> 4]);
        out.push_back(kHex[data[i] & 15]);
    }
    return out;
}

std::string digest_hex(const EVP_MD* md, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
    return colon_hex(out, len);
}

// The SSH wire fields of a key blob: each a uint32 length and its bytes.
std::optional<std::vector<std::string>> wire_fields(std::string_view blob) {
    std::vector<std::string> fields;
    std::size_t i = 0;
    while (i < blob.size()) {
        if (blob.size() - i < 4) {
            return std::nullopt;
        }
        std::uint32_t n = (static_cast<unsigned char>(blob[i]) << 24) |
                          (static_cast<unsigned char>(blob[i + 1]) << 16) |
                          (static_cast<unsigned char>(blob[i + 2]) << 8) |
                          static_cast<unsigned char>(blob[i + 3]);
        i += 4;
        if (blob.size() - i < n) {
            return std::nullopt;
        }
        fields.emplace_back(blob.substr(i, n));
        i += n;
    }
    return fields;
}

void put_string(std::string& out, std::string_view s) {
    auto n = static_cast<std::uint32_t>(s.size());
    out.push_back(static_cast<char>(n >> 24));
    out.push_back(static_cast<char>(n >> 16));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n));
    out.append(s);
}

// An SSH mpint: big-endian, a leading zero byte when the top bit is set.
std::string mpint(const BIGNUM* bn) {
    std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
    if (!bytes.empty() && (static_cast<unsigned char>(bytes[0]) & 0x80)) {
        bytes.insert(bytes.begin(), '\0');
    }
    return bytes;
}

}  // namespace

std::optional<std::string> ssh_fingerprint(std::string_view public_key) {
    auto sp = public_key.find(' ');
    if (sp == std::string_view::npos) {
        return std::nullopt;
    }
    auto type = public_key.substr(0, sp);
    auto rest = public_key.substr(sp + 1);
    auto end = rest.find_first_of(" \r\n");
    auto b64 = rest.substr(0, end);
    if (b64.empty() || b64.size() % 4 != 0) {
        return std::nullopt;
    }
    auto blob = base64_decode(b64);
    if (!blob) {
        return std::nullopt;
    }
    auto fields = wire_fields(*blob);
    if (!fields || fields->empty() || (*fields)[0] != type) {
        return std::nullopt;
    }
    std::size_t expect = 0;
    if (type == "ssh-rsa") {
        expect = 3;
    } else if (type == "ssh-dss") {
        expect = 5;
    } else if (type == "ssh-ed25519") {
        expect = 2;
        if (fields->size() == 2 && (*fields)[1].size() != 32) {
            return std::nullopt;
        }
    } else if (type.starts_with("ecdsa-sha2-nistp")) {
        expect = 3;
    } else {
        return std::nullopt;
    }
    if (fields->size() != expect) {
        return std::nullopt;
    }
    return digest_hex(EVP_md5(), *blob);
}

std::optional<std::string> x509_fingerprint(std::string_view pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
    if (!cert) {
        return std::nullopt;
    }
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    X509_digest(cert.get(), EVP_sha1(), out, &len);
    return colon_hex(out, len);
}

GeneratedKey generate_ssh_key() {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
    if (!key) {
        throw std::runtime_error("RSA key generation failed");
    }
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_N, &n);
    EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_E, &e);
    std::string blob;
    put_string(blob, "ssh-rsa");
    put_string(blob, mpint(e));
    put_string(blob, mpint(n));
    BN_free(n);
    BN_free(e);

    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    // Traditional (PKCS#1) PEM, as paramiko's write_private_key.
    PEM_write_bio_PrivateKey_traditional(bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                         nullptr);
    char* data = nullptr;
    long len = BIO_get_mem_data(bio.get(), &data);
    GeneratedKey out;
    out.private_key.assign(data, static_cast<std::size_t>(len));
    out.public_key = "ssh-rsa " + base64_encode(blob) + " Generated-by-Nova";
    out.fingerprint = digest_hex(EVP_md5(), blob);
    return out;
}

}  // namespace onestack::compute::api
