#include "compute/manager/image_download.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

#include <boost/json.hpp>

namespace onestack::compute::manager {
namespace {

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
struct DigestFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

std::string hex(const unsigned char* p, unsigned n) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    for (unsigned i = 0; i < n; ++i) {
        s.push_back(digits[p[i] >> 4]);
        s.push_back(digits[p[i] & 0xf]);
    }
    return s;
}

}  // namespace

void GlanceDownloader::download(const RequestContext& ctx, const std::string& image_id,
                                const std::string& dest) {
    const auto image = url_ + "/v2/images/" + image_id;
    http::Headers auth;
    auth.set("X-Auth-Token", ctx.auth_token);
    auto got = http_.request(http::Verb::get, image, auth);
    if (got.status != 200) {
        throw std::runtime_error("GET " + image + " answered " + std::to_string(got.status));
    }
    auto record = got.json().as_object();
    const auto* status = record.if_contains("status");
    if (status == nullptr || !status->is_string() || status->get_string() != "active") {
        throw std::runtime_error("image " + image_id + " is not active");
    }
    std::string checksum;
    if (const auto* c = record.if_contains("checksum"); c != nullptr && c->is_string()) {
        checksum = std::string(c->get_string());
    }
    std::unique_ptr<std::FILE, FileCloser> out(std::fopen(dest.c_str(), "wb"));
    if (!out) {
        throw std::runtime_error("cannot write " + dest);
    }
    std::unique_ptr<EVP_MD_CTX, DigestFree> md5(EVP_MD_CTX_new());
    if (!md5 || EVP_DigestInit_ex(md5.get(), EVP_md5(), nullptr) != 1) {
        throw std::runtime_error("cannot initialise MD5");
    }
    bool write_failed = false;
    auto r = http_.request_streaming(http::Verb::get, image + "/file", auth,
                                     [&](const char* data, std::size_t n) {
                                         EVP_DigestUpdate(md5.get(), data, n);
                                         if (std::fwrite(data, 1, n, out.get()) != n) {
                                             write_failed = true;
                                         }
                                     });
    if (r.status != 200) {
        throw std::runtime_error("GET " + image + "/file answered " + std::to_string(r.status));
    }
    if (std::fflush(out.get()) != 0 || write_failed) {
        throw std::runtime_error("writing " + dest + " failed (disk full?)");
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_DigestFinal_ex(md5.get(), digest, &len);
    auto actual = hex(digest, len);
    if (!checksum.empty() && actual != checksum) {
        throw std::runtime_error("image " + image_id + " data has MD5 " + actual +
                                 ", the image service says " + checksum);
    }
}

}  // namespace onestack::compute::manager
