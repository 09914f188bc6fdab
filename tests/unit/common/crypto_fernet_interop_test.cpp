// Tokens must pass between onestack and Python's cryptography.fernet (what
// Keystone uses) in both directions.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <string>

#include "common/crypto/fernet.hpp"

namespace {

using onestack::crypto::Fernet;

// Arguments are URL-safe base64 or plain words: nothing the shell expands.
std::optional<std::string> python(const std::string& script, const std::string& args = "") {
    const std::string command = "/usr/bin/python3 -c '" + script + "' " + args + " 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return std::nullopt;
    }
    std::string out;
    char buf[512];
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

class FernetInterop : public ::testing::Test {
  protected:
    void SetUp() override {
        if (::access("/usr/bin/python3", X_OK) != 0 || !python("import cryptography.fernet")) {
            GTEST_SKIP() << "/usr/bin/python3 with cryptography not available";
        }
    }
};

constexpr char kPrelude[] = "import sys; from cryptography.fernet import Fernet, MultiFernet; ";

TEST_F(FernetInterop, PythonTokensDecryptHere) {
    const std::string key = Fernet::generate_key();
    const auto token =
        python(std::string(kPrelude) +
                   "print(Fernet(sys.argv[1].encode()).encrypt(b\"from python\").decode())",
               key);
    ASSERT_TRUE(token);
    EXPECT_EQ(Fernet::from_key(key)->decrypt(*token), "from python");
}

TEST_F(FernetInterop, OurTokensDecryptInPython) {
    const std::string key = Fernet::generate_key();
    const std::string token = Fernet::from_key(key)->encrypt("from onestack", 1700000000);
    EXPECT_EQ(python(std::string(kPrelude) +
                         "f = Fernet(sys.argv[1].encode()); t = sys.argv[2].encode(); "
                         "print(f.decrypt(t).decode(), f.extract_timestamp(t))",
                     key + " " + token),
              "from onestack 1700000000");
}

TEST_F(FernetInterop, PythonKeysWorkHere) {
    const auto key = python(std::string(kPrelude) + "print(Fernet.generate_key().decode())");
    ASSERT_TRUE(key);
    const auto fernet = Fernet::from_key(*key);
    ASSERT_TRUE(fernet);
    EXPECT_EQ(fernet->decrypt(fernet->encrypt("x", 1)), "x");
}

TEST_F(FernetInterop, PythonMultiFernetAcceptsOurOldKeyTokens) {
    const std::string old_key = Fernet::generate_key();
    const std::string new_key = Fernet::generate_key();
    const std::string token = Fernet::from_key(old_key)->encrypt("old", 1700000000);
    EXPECT_EQ(python(std::string(kPrelude) +
                         "m = MultiFernet([Fernet(k.encode()) for k in sys.argv[1:3]]); "
                         "print(m.decrypt(sys.argv[3].encode()).decode())",
                     new_key + " " + old_key + " " + token),
              "old");
}

}  // namespace
