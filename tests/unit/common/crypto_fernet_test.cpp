#include "common/crypto/fernet.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "common/crypto/base64url.hpp"

namespace {

using onestack::crypto::Fernet;
using onestack::crypto::MultiFernet;
using onestack::crypto::TokenAge;

// The vectors of https://github.com/fernet/spec (generate.json, verify.json,
// invalid.json). 1985-10-26T01:20:00-07:00 is 499162800.
constexpr char kSpecKey[] = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
constexpr char kSpecToken[] =
    "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_"
    "5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";
constexpr std::int64_t kSpecIssued = 499162800;
constexpr TokenAge kSpecAge{60, kSpecIssued + 1};

Fernet spec_key() {
    return *Fernet::from_key(kSpecKey);
}

TEST(Fernet, GeneratesTheSpecToken) {
    const Fernet::Iv iv{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    EXPECT_EQ(spec_key().encrypt_with_iv("hello", kSpecIssued, iv), kSpecToken);
}

TEST(Fernet, VerifiesTheSpecToken) {
    EXPECT_EQ(spec_key().decrypt(kSpecToken, kSpecAge), "hello");
    EXPECT_EQ(spec_key().decrypt(kSpecToken), "hello");
    EXPECT_EQ(Fernet::extract_timestamp(kSpecToken), kSpecIssued);
}

struct InvalidVector {
    const char* desc;
    const char* token;
    std::int64_t now;
};

TEST(Fernet, RejectsTheSpecInvalidTokens) {
    const InvalidVector vectors[] = {
        {"incorrect mac",
         "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-"
         "szkFVzXTuGb4hR8AKtwcaX1YdykQUFBQUFBQUFBQQ==",
         kSpecIssued + 1},
        {"too short", "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPA==", kSpecIssued + 1},
        {"invalid base64",
         "%%%%%%%%%%%%%AECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-"
         "szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==",
         kSpecIssued + 1},
        {"payload size not multiple of block size",
         "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPOm73QeoCk9uGib28Xe5vz6oxq5nmxbx_"
         "v7mrfyudzUm",
         kSpecIssued + 1},
        {"payload padding error",
         "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0ODz4LEpdELGQAad7aNEHbf-"
         "JkLPIpuiYRLQ3RtXatOYREu2FWke6CnJNYIbkuKNqOhw==",
         kSpecIssued + 1},
        {"far-future TS (unacceptable clock skew)",
         "gAAAAAAdwStRAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAnja1xKYyhd-Y6mSkTOyTGJmw2Xc2a6kBd-"
         "iX9b_qXQcw==",
         kSpecIssued + 1},
        {"expired TTL",
         "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-"
         "szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==",
         kSpecIssued + 91},
        {"incorrect IV (causes padding error)",
         "gAAAAAAdwJ6xBQECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-"
         "fWPAkLhFLHpGtDBRLRTZeUfWgHSv49TF2AUEZ1TIvcZjK1zQ==",
         kSpecIssued + 1},
    };
    for (const auto& v : vectors) {
        EXPECT_FALSE(spec_key().decrypt(v.token, TokenAge{60, v.now})) << v.desc;
    }
}

TEST(Fernet, ChecksAgeOnlyWhenAsked) {
    // The "expired TTL" vector is authentic (its plaintext is empty): without
    // an age limit it decrypts.
    const char* expired =
        "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-"
        "p1YsUD2Q==";
    EXPECT_EQ(spec_key().decrypt(expired), "");
    EXPECT_FALSE(spec_key().decrypt(expired, TokenAge{60, kSpecIssued + 1 + 61}));
    EXPECT_TRUE(spec_key().decrypt(expired, TokenAge{60, kSpecIssued + 1 + 60}));
}

TEST(Fernet, RoundTripsAnyPlaintext) {
    const auto key = Fernet::from_key(Fernet::generate_key());
    ASSERT_TRUE(key);
    for (std::size_t n : {0, 1, 15, 16, 17, 31, 32, 33, 200, 5000}) {
        std::string plain(n, '\0');
        for (std::size_t i = 0; i < n; ++i) {
            plain[i] = static_cast<char>(i * 7);
        }
        const auto token = key->encrypt(plain, 1700000000);
        EXPECT_EQ(key->decrypt(token), plain) << n;
        EXPECT_EQ(key->decrypt(onestack::crypto::strip_base64_padding(token)), plain) << n;
        EXPECT_EQ(Fernet::extract_timestamp(token), 1700000000);
    }
}

TEST(Fernet, UsesAFreshIvEachTime) {
    const auto key = spec_key();
    EXPECT_NE(key.encrypt("same", 1), key.encrypt("same", 1));
}

TEST(Fernet, GeneratesDistinctValidKeys) {
    const auto a = Fernet::generate_key();
    const auto b = Fernet::generate_key();
    EXPECT_EQ(a.size(), 44u);
    EXPECT_EQ(a.back(), '=');
    EXPECT_NE(a, b);
    EXPECT_TRUE(Fernet::from_key(a));
}

TEST(Fernet, RejectsBadKeys) {
    EXPECT_FALSE(Fernet::from_key(""));
    EXPECT_FALSE(Fernet::from_key("c2hvcnQ="));                                         // 5 bytes
    EXPECT_FALSE(Fernet::from_key("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4AAAA"));  // 34 bytes
    EXPECT_FALSE(Fernet::from_key("cw/0x689RpI+jtRR7oE8h/eQsKImvJapLeSbXpwF4e4="));  // not URL-safe
}

TEST(Fernet, WrongKeyFails) {
    const auto other = Fernet::from_key(Fernet::generate_key());
    EXPECT_FALSE(other->decrypt(kSpecToken));
}

TEST(Fernet, DetectsEveryTamperedCharacter) {
    const auto key = spec_key();
    const std::string token = key.encrypt("a token payload of some length", 1700000000);
    for (std::size_t i = 0; i < token.size(); ++i) {
        for (char c : {'A', 'B', 'g', '-', '_', '0', '='}) {
            if (token[i] == c) {
                continue;
            }
            std::string bad = token;
            bad[i] = c;
            EXPECT_FALSE(key.decrypt(bad)) << "position " << i << " -> " << c;
        }
    }
    EXPECT_FALSE(key.decrypt(token.substr(0, token.size() - 4)));
    EXPECT_FALSE(key.decrypt(token + "AAAA"));
}

TEST(Fernet, SurvivesGarbage) {
    const auto key = spec_key();
    std::mt19937 rng(42);
    const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=%+/ \n\0";
    for (int round = 0; round < 3000; ++round) {
        std::string junk(rng() % 300, ' ');
        for (auto& c : junk) {
            c = round % 2 ? static_cast<char>(rng()) : alphabet[rng() % alphabet.size()];
        }
        if (round % 3 == 0) {
            junk.insert(0, "gAAAAA");  // right version byte
        }
        EXPECT_FALSE(key.decrypt(junk));
        Fernet::extract_timestamp(junk);
        std::string plain;
        EXPECT_FALSE(key.decrypt_raw(junk, plain));
    }
}

TEST(FernetMulti, EncryptsWithThePrimaryAndDecryptsWithAny) {
    const auto old_key = *Fernet::from_key(Fernet::generate_key());
    const auto new_key = *Fernet::from_key(Fernet::generate_key());
    const std::string old_token = old_key.encrypt("old", 1);

    const MultiFernet multi({new_key, old_key});
    EXPECT_EQ(multi.decrypt(old_token), "old");
    const std::string new_token = multi.encrypt("new", 2);
    EXPECT_EQ(new_key.decrypt(new_token), "new");
    EXPECT_FALSE(old_key.decrypt(new_token));
    EXPECT_EQ(multi.decrypt(new_token), "new");

    const MultiFernet pruned({new_key});
    EXPECT_FALSE(pruned.decrypt(old_token));
}

TEST(FernetMulti, NeedsAKey) {
    EXPECT_THROW(MultiFernet({}), std::invalid_argument);
}

}  // namespace
