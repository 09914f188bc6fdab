#include "image/data/data_digest.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace onestack::image::data {

struct DataDigest::Contexts {
    EVP_MD_CTX* md5 = EVP_MD_CTX_new();
    EVP_MD_CTX* sha512 = EVP_MD_CTX_new();
    ~Contexts() {
        EVP_MD_CTX_free(md5);
        EVP_MD_CTX_free(sha512);
    }
};

namespace {

std::string hex_final(EVP_MD_CTX* ctx) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(ctx, out, &len) != 1) {
        throw std::runtime_error("digest failed");
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string s;
    s.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        s.push_back(hex[out[i] >> 4]);
        s.push_back(hex[out[i] & 0xf]);
    }
    return s;
}

}  // namespace

DataDigest::DataDigest() : ctx_(std::make_unique<Contexts>()) {
    if (ctx_->md5 == nullptr || ctx_->sha512 == nullptr ||
        EVP_DigestInit_ex(ctx_->md5, EVP_md5(), nullptr) != 1 ||
        EVP_DigestInit_ex(ctx_->sha512, EVP_sha512(), nullptr) != 1) {
        throw std::runtime_error("cannot initialise image digests");
    }
}

DataDigest::~DataDigest() = default;

void DataDigest::update(const char* data, std::size_t n) {
    update_md5(data, n);
    update_sha512(data, n);
}

void DataDigest::update_md5(const char* data, std::size_t n) {
    EVP_DigestUpdate(ctx_->md5, data, n);
}

void DataDigest::update_sha512(const char* data, std::size_t n) {
    EVP_DigestUpdate(ctx_->sha512, data, n);
}

void DataDigest::finish(std::string& md5_hex, std::string& sha512_hex) {
    md5_hex = hex_final(ctx_->md5);
    sha512_hex = hex_final(ctx_->sha512);
}

}  // namespace onestack::image::data
