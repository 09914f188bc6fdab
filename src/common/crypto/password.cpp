#include "common/crypto/password.hpp"

#include <crypt.h>
#include <openssl/crypto.h>

#include <memory>
#include <stdexcept>

namespace onestack::crypto {
namespace {

constexpr int kMinRounds = 4;
constexpr int kMaxRounds = 31;

bool is_bcrypt(std::string_view hash) {
    return hash.size() > 4 && hash[0] == '$' && hash[1] == '2' && hash[3] == '$' &&
           (hash[2] == 'a' || hash[2] == 'b' || hash[2] == 'y');
}

// Keystone's hashers that libxcrypt also implements. Anything else (DES,
// MD5, passlib's own "$pbkdf2-sha512$"/"$scrypt$" spellings) is refused.
bool is_supported(std::string_view hash) {
    return is_bcrypt(hash) || hash.starts_with("$6$");
}

// A NUL-terminated copy that wipes itself: crypt_rn takes C strings.
class SecretString {
  public:
    explicit SecretString(std::string_view text) : text_(text) {}
    ~SecretString() { OPENSSL_cleanse(text_.data(), text_.size()); }
    SecretString(const SecretString&) = delete;
    SecretString& operator=(const SecretString&) = delete;
    const char* c_str() const { return text_.c_str(); }
    bool has_nul() const { return text_.find('\0') != std::string::npos; }

  private:
    std::string text_;
};

// crypt_rn's scratch space is ~32 KiB: too big for a coroutine's stack, so
// each call takes its own (which also makes the calls thread-safe).
struct CryptScratch {
    CryptScratch() : data(std::make_unique<crypt_data>()) {}
    ~CryptScratch() { OPENSSL_cleanse(data.get(), sizeof(crypt_data)); }
    CryptScratch(const CryptScratch&) = delete;
    CryptScratch& operator=(const CryptScratch&) = delete;
    std::unique_ptr<crypt_data> data;
};

}  // namespace

std::string hash_password(std::string_view password, int rounds) {
    if (rounds < kMinRounds || rounds > kMaxRounds) {
        throw std::invalid_argument("bcrypt rounds must be between 4 and 31");
    }
    const SecretString phrase(password.substr(0, kBcryptMaxPasswordBytes));
    if (phrase.has_nul()) {
        throw std::invalid_argument("bcrypt cannot hash a password containing a NUL byte");
    }
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    // No random bytes given: libxcrypt draws the salt from the OS CSPRNG.
    if (crypt_gensalt_rn("$2b$", static_cast<unsigned long>(rounds), nullptr, 0, setting,
                         sizeof setting) == nullptr) {
        throw std::runtime_error("crypt_gensalt_rn failed");
    }
    CryptScratch scratch;
    const char* hashed = crypt_rn(phrase.c_str(), setting, scratch.data.get(), sizeof(crypt_data));
    if (hashed == nullptr || hashed[0] == '*') {
        throw std::runtime_error("crypt_rn failed");
    }
    return hashed;
}

bool verify_password(std::string_view password, std::string_view hash) noexcept {
    try {
        if (!is_supported(hash) || hash.find('\0') != std::string_view::npos) {
            return false;
        }
        const SecretString phrase(is_bcrypt(hash) ? password.substr(0, kBcryptMaxPasswordBytes)
                                                  : password);
        if (phrase.has_nul()) {
            return false;  // cannot have been hashed
        }
        const std::string setting(hash);
        CryptScratch scratch;
        const char* computed =
            crypt_rn(phrase.c_str(), setting.c_str(), scratch.data.get(), sizeof(crypt_data));
        if (computed == nullptr || computed[0] == '*') {
            return false;
        }
        const std::string_view result(computed);
        return result.size() == hash.size() &&
               CRYPTO_memcmp(result.data(), hash.data(), hash.size()) == 0;
    } catch (...) {  // allocation failure: treat as a mismatch
        return false;
    }
}

}  // namespace onestack::crypto
