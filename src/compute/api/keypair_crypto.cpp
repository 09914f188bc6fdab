#include "compute/api/keypair_crypto.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

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

namespace {

template <auto Free>
struct FreeWith {
    template <typename T>
    void operator()(T* p) const {
        Free(p);
    }
};
template <typename T, auto Free>
using Owned = std::unique_ptr<T, FreeWith<Free>>;

void add_extension(X509* cert, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    Owned<X509_EXTENSION, X509_EXTENSION_free> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    if (!ext || !X509_add_ext(cert, ext.get(), -1)) {
        throw std::runtime_error("X.509 extension failed");
    }
}

}  // namespace

GeneratedKey generate_x509_key(const std::string& user_id) {
    Owned<EVP_PKEY, EVP_PKEY_free> key(EVP_RSA_gen(2048));
    Owned<X509, X509_free> cert(X509_new());
    if (!key || !cert) {
        throw std::runtime_error("RSA key generation failed");
    }
    X509_set_version(cert.get(), X509_VERSION_3);
    // A random positive 64-bit serial, as `openssl req -x509` picks one.
    unsigned char serial_bytes[8];
    RAND_bytes(serial_bytes, sizeof serial_bytes);
    serial_bytes[0] &= 0x7f;
    Owned<BIGNUM, BN_free> serial(BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr));
    BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3650L * 24 * 3600);
    X509_NAME* subject = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(user_id.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), subject);
    X509_set_pubkey(cert.get(), key.get());
    add_extension(cert.get(), NID_ext_key_usage, "clientAuth");
    auto upn = "otherName:1.3.6.1.4.1.311.20.2.3;UTF8:" + user_id + "@localhost";
    add_extension(cert.get(), NID_subject_alt_name, upn.c_str());
    if (!X509_sign(cert.get(), key.get(), EVP_sha256())) {
        throw std::runtime_error("X.509 signing failed");
    }

    Owned<BIO, BIO_free_all> pem(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(pem.get(), cert.get());
    char* data = nullptr;
    long len = BIO_get_mem_data(pem.get(), &data);
    GeneratedKey out;
    out.public_key.assign(data, static_cast<std::size_t>(len));

    // `openssl pkcs12 -export -password pass:` of the key and certificate.
    Owned<PKCS12, PKCS12_free> p12(
        PKCS12_create("", nullptr, key.get(), cert.get(), nullptr, 0, 0, 0, 0, 0));
    unsigned char* der = nullptr;
    int der_len = p12 ? i2d_PKCS12(p12.get(), &der) : -1;
    if (der_len <= 0) {
        throw std::runtime_error("PKCS#12 export failed");
    }
    out.private_key = base64_encode(
        std::string_view(reinterpret_cast<char*>(der), static_cast<std::size_t>(der_len)));
    OPENSSL_free(der);

    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned md_len = 0;
    X509_digest(cert.get(), EVP_sha1(), md, &md_len);
    out.fingerprint = colon_hex(md, md_len);
    return out;
}

}  // namespace onestack::compute::api
