// Generated x509 key pairs (type x509 without public_key): the certificate
// and PKCS#12 bundle parse back with OpenSSL and match Nova's
// generate_winrm_x509_cert.
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <string>

#include "compute/api/base64.hpp"
#include "compute/api/keypair_crypto.hpp"

namespace onestack::compute::api {
namespace {

std::unique_ptr<X509, decltype(&X509_free)> parse_pem(const std::string& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    return {PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free};
}

std::string subject_cn(X509* cert) {
    char buf[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, buf, sizeof buf);
    return buf;
}

// The subjectAltName's UPN (otherName 1.3.6.1.4.1.311.20.2.3, UTF8), or "".
std::string upn(X509* cert) {
    std::unique_ptr<GENERAL_NAMES, decltype(&GENERAL_NAMES_free)> names(
        static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)),
        GENERAL_NAMES_free);
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME* n = sk_GENERAL_NAME_value(names.get(), i);
        if (n->type != GEN_OTHERNAME) {
            continue;
        }
        char oid[64] = {};
        OBJ_obj2txt(oid, sizeof oid, n->d.otherName->type_id, 1);
        const ASN1_TYPE* v = n->d.otherName->value;
        if (std::string(oid) == "1.3.6.1.4.1.311.20.2.3" && v->type == V_ASN1_UTF8STRING) {
            const ASN1_STRING* s = v->value.utf8string;
            return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                    static_cast<std::size_t>(ASN1_STRING_length(s))};
        }
    }
    return "";
}

TEST(ComputeApiKeypairX509, CertificateIsSelfSignedForTheUser) {
    auto key = generate_x509_key("user-1");
    EXPECT_TRUE(key.public_key.starts_with("-----BEGIN CERTIFICATE-----"));
    auto cert = parse_pem(key.public_key);
    ASSERT_TRUE(cert);
    EXPECT_EQ(subject_cn(cert.get()), "user-1");
    EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(cert.get()), X509_get_issuer_name(cert.get())),
              0);
    EXPECT_EQ(X509_get_version(cert.get()), X509_VERSION_3);
    EXPECT_EQ(X509_verify(cert.get(), X509_get0_pubkey(cert.get())), 1);
    // Valid from now for 3650 days.
    int days = 0;
    int secs = 0;
    ASSERT_TRUE(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(cert.get()),
                               X509_get0_notAfter(cert.get())));
    EXPECT_EQ(days, 3650);
    EXPECT_EQ(secs, 0);
    std::time_t now = std::time(nullptr);
    EXPECT_LE(X509_cmp_time(X509_get0_notBefore(cert.get()), &now), 0);
    EXPECT_GT(X509_cmp_time(X509_get0_notAfter(cert.get()), &now), 0);
    // extendedKeyUsage clientAuth.
    EXPECT_TRUE(X509_get_extended_key_usage(cert.get()) & XKU_SSL_CLIENT);
    // subjectAltName: the user's UPN at localhost, as WinRM wants it.
    EXPECT_EQ(upn(cert.get()), "user-1@localhost");
}

TEST(ComputeApiKeypairX509, FingerprintIsSha1OfTheCertificate) {
    auto key = generate_x509_key("user-1");
    EXPECT_EQ(x509_fingerprint(key.public_key), std::optional<std::string>(key.fingerprint));
    auto cert = parse_pem(key.public_key);
    ASSERT_TRUE(cert);
    unsigned char* der = nullptr;
    int len = i2d_X509(cert.get(), &der);
    ASSERT_GT(len, 0);
    unsigned char md[20];
    SHA1(der, static_cast<std::size_t>(len), md);
    OPENSSL_free(der);
    std::string expect;
    for (unsigned char byte : md) {
        char hex[4];
        std::snprintf(hex, sizeof hex, expect.empty() ? "%02x" : ":%02x", byte);
        expect += hex;
    }
    EXPECT_EQ(key.fingerprint, expect);
}

TEST(ComputeApiKeypairX509, PrivateKeyIsAPkcs12BundleOfKeyAndCertificate) {
    auto key = generate_x509_key("user-2");
    auto der = base64_decode(key.private_key);
    ASSERT_TRUE(der);
    const auto* p = reinterpret_cast<const unsigned char*>(der->data());
    std::unique_ptr<PKCS12, decltype(&PKCS12_free)> p12(
        d2i_PKCS12(nullptr, &p, static_cast<long>(der->size())), PKCS12_free);
    ASSERT_TRUE(p12);
    EVP_PKEY* pkey = nullptr;
    X509* cert = nullptr;
    ASSERT_EQ(PKCS12_parse(p12.get(), "", &pkey, &cert, nullptr), 1);
    EXPECT_EQ(X509_check_private_key(cert, pkey), 1);
    EXPECT_EQ(subject_cn(cert), "user-2");
    auto pem_cert = parse_pem(key.public_key);
    EXPECT_EQ(X509_cmp(cert, pem_cert.get()), 0);
    EVP_PKEY_free(pkey);
    X509_free(cert);
}

}  // namespace
}  // namespace onestack::compute::api
