#include "common/crypto/openssl_thread_state.hpp"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <memory>

namespace onestack::crypto::detail {
namespace {

struct MacDeleter {
    void operator()(EVP_MAC* m) const { EVP_MAC_free(m); }
};
struct CipherDeleter {
    void operator()(EVP_CIPHER* c) const { EVP_CIPHER_free(c); }
};

EVP_MAC* hmac_algorithm() {
    static const std::unique_ptr<EVP_MAC, MacDeleter> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    return mac.get();
}

EVP_CIPHER* aes128_cbc_algorithm() {
    static const std::unique_ptr<EVP_CIPHER, CipherDeleter> cipher(
        EVP_CIPHER_fetch(nullptr, "AES-128-CBC", nullptr));
    return cipher.get();
}

class ThreadState {
  public:
    ThreadState() {
        mac_ = hmac_algorithm() ? EVP_MAC_CTX_new(hmac_algorithm()) : nullptr;
        if (mac_ != nullptr) {
            char digest[] = "SHA256";
            const OSSL_PARAM params[] = {
                OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                OSSL_PARAM_construct_end()};
            if (EVP_MAC_CTX_set_params(mac_, params) != 1) {
                EVP_MAC_CTX_free(mac_);
                mac_ = nullptr;
            }
        }
        cipher_ = EVP_CIPHER_CTX_new();
        // Bind the algorithm once; later calls only supply key and IV.
        if (cipher_ != nullptr && (aes128_cbc_algorithm() == nullptr ||
                                   EVP_CipherInit_ex2(cipher_, aes128_cbc_algorithm(), nullptr,
                                                      nullptr, 1, nullptr) != 1)) {
            EVP_CIPHER_CTX_free(cipher_);
            cipher_ = nullptr;
        }
    }
    ~ThreadState() {
        EVP_MAC_CTX_free(mac_);
        EVP_CIPHER_CTX_free(cipher_);
    }
    ThreadState(const ThreadState&) = delete;
    ThreadState& operator=(const ThreadState&) = delete;

    EVP_MAC_CTX* mac() const { return mac_; }
    EVP_CIPHER_CTX* cipher() const { return cipher_; }

  private:
    EVP_MAC_CTX* mac_ = nullptr;
    EVP_CIPHER_CTX* cipher_ = nullptr;
};

ThreadState& state() {
    thread_local ThreadState s;
    return s;
}

const unsigned char* bytes(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

// Failures leave entries on the thread's OpenSSL error queue; drop them so
// garbage input cannot make the queue grow.
bool fail() {
    ERR_clear_error();
    return false;
}

bool aes128_cbc(int encrypt, const std::uint8_t* key, const std::uint8_t* iv, std::string_view in,
                std::string& out) {
    EVP_CIPHER_CTX* ctx = state().cipher();
    if (ctx == nullptr || EVP_CipherInit_ex2(ctx, nullptr, key, iv, encrypt, nullptr) != 1) {
        return fail();
    }
    const std::size_t start = out.size();
    out.resize(start + in.size() + 16);  // CBC output is at most one block longer
    auto* dst = reinterpret_cast<unsigned char*>(out.data() + start);
    int update_len = 0;
    int final_len = 0;
    if (EVP_CipherUpdate(ctx, dst, &update_len, bytes(in), static_cast<int>(in.size())) != 1 ||
        EVP_CipherFinal_ex(ctx, dst + update_len, &final_len) != 1) {
        return fail();
    }
    out.resize(start + static_cast<std::size_t>(update_len + final_len));
    return true;
}

}  // namespace

bool hmac_sha256(const std::uint8_t* key, std::size_t key_len, std::string_view data,
                 std::uint8_t* out) {
    EVP_MAC_CTX* ctx = state().mac();
    std::size_t out_len = 0;
    if (ctx == nullptr || EVP_MAC_init(ctx, key, key_len, nullptr) != 1 ||
        EVP_MAC_update(ctx, bytes(data), data.size()) != 1 ||
        EVP_MAC_final(ctx, out, &out_len, 32) != 1 || out_len != 32) {
        return fail();
    }
    return true;
}

bool aes128_cbc_encrypt(const std::uint8_t* key, const std::uint8_t* iv, std::string_view plain,
                        std::string& out) {
    return aes128_cbc(1, key, iv, plain, out);
}

bool aes128_cbc_decrypt(const std::uint8_t* key, const std::uint8_t* iv, std::string_view cipher,
                        std::string& out) {
    return aes128_cbc(0, key, iv, cipher, out);
}

}  // namespace onestack::crypto::detail
