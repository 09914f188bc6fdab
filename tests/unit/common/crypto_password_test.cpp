#include "common/crypto/password.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

using onestack::crypto::hash_password;
using onestack::crypto::verify_password;

constexpr int kFastRounds = 4;  // tests only; production uses 12

TEST(Password, HashesAsBcrypt2b) {
    const auto hash = hash_password("secret", kFastRounds);
    EXPECT_EQ(hash.substr(0, 7), "$2b$04$");
    EXPECT_EQ(hash.size(), 60u);
    EXPECT_TRUE(verify_password("secret", hash));
    EXPECT_FALSE(verify_password("Secret", hash));
    EXPECT_FALSE(verify_password("", hash));
    EXPECT_NE(hash_password("secret", kFastRounds), hash);  // salted
}

TEST(Password, DefaultCostIsKeystones) {
    EXPECT_EQ(hash_password("secret").substr(0, 7), "$2b$12$");
}

TEST(Password, TruncatesTo72BytesAsKeystone) {
    const std::string base(72, 'a');
    const auto hash = hash_password(base + "tail", kFastRounds);
    EXPECT_TRUE(verify_password(base, hash));
    EXPECT_TRUE(verify_password(base + "another tail", hash));
    EXPECT_FALSE(verify_password(std::string(71, 'a'), hash));
    EXPECT_FALSE(verify_password(std::string(71, 'a') + "b", hash));
}

TEST(Password, VerifiesKnownHashes) {
    // OpenBSD's bcrypt test vector and the SHA-crypt specification's.
    EXPECT_TRUE(
        verify_password("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
    EXPECT_TRUE(verify_password("Hello world!",
                                "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/"
                                "O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1"));
}

TEST(Password, RejectsBadInput) {
    EXPECT_THROW(hash_password("x", 3), std::invalid_argument);
    EXPECT_THROW(hash_password("x", 32), std::invalid_argument);
    EXPECT_THROW(hash_password(std::string("a\0b", 3), kFastRounds), std::invalid_argument);
    const auto hash = hash_password("a", kFastRounds);
    EXPECT_FALSE(verify_password(std::string("a\0b", 3), hash));
    for (const char* bad : {"", "$", "$2b$", "$2b$04$", "garbage", "abJnggxhB/yWI", "$1$saltsalt$",
                            "*0", "$2b$99$CCCCCCCCCCCCCCCCCCCCC."}) {
        EXPECT_FALSE(verify_password("a", bad)) << bad;
    }
    EXPECT_FALSE(verify_password("a", hash.substr(0, 59)));
    EXPECT_FALSE(verify_password("a", hash + "x"));
}

TEST(Password, IsThreadSafe) {
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t, &ok] {
            const std::string pw = "password-" + std::to_string(t);
            for (int i = 0; i < 5; ++i) {
                const auto h = hash_password(pw, kFastRounds);
                ok[t] += verify_password(pw, h) && !verify_password(pw + "x", h);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(ok, std::vector<int>(4, 5));
}

std::optional<std::string> python(const std::string& script) {
    FILE* pipe = ::popen(("/usr/bin/python3 -c '" + script + "' 2>/dev/null").c_str(), "r");
    if (pipe == nullptr) {
        return std::nullopt;
    }
    std::string out;
    char buf[256];
    while (std::fgets(buf, sizeof buf, pipe) != nullptr) {
        out += buf;
    }
    if (::pclose(pipe) != 0) {
        return std::nullopt;
    }
    while (!out.empty() && out.back() == '\n') {
        out.pop_back();
    }
    return out;
}

TEST(Password, InteroperatesWithPasslib) {
    if (::access("/usr/bin/python3", X_OK) != 0 ||
        !python("import passlib.hash; passlib.hash.bcrypt.hash(\"x\", rounds=4)")) {
        GTEST_SKIP() << "python3 with passlib bcrypt not available";
    }
    const auto theirs =
        python("import passlib.hash; print(passlib.hash.bcrypt.hash(\"pässword\", rounds=4))");
    ASSERT_TRUE(theirs);
    EXPECT_TRUE(verify_password("pässword", *theirs));
    EXPECT_FALSE(verify_password("password", *theirs));

    const auto ours = hash_password("pässword", kFastRounds);
    EXPECT_EQ(python("import passlib.hash; print(passlib.hash.bcrypt.verify(\"pässword\", \"" +
                     ours + "\"))"),
              "True");
    const auto sha =
        python("import passlib.hash; print(passlib.hash.sha512_crypt.hash(\"pw\", rounds=5000))");
    ASSERT_TRUE(sha);
    EXPECT_TRUE(verify_password("pw", *sha));
}

}  // namespace
