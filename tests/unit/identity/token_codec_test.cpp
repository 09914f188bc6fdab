#include "identity/token/token_codec.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "common/crypto/fernet.hpp"
#include "common/crypto/key_repository.hpp"

namespace {

namespace fs = std::filesystem;
using onestack::crypto::Fernet;
using onestack::crypto::KeyRepository;
using namespace onestack::identity::token;
using std::chrono::milliseconds;

constexpr std::int64_t kNow = 1700000000;

TokenPayload payload(Scope scope, std::string scope_id) {
    TokenPayload p;
    p.user_id = "6fa4f4a1b3e44a7c9f2fd1a2b3c4d5e6";
    p.methods = {"password"};
    p.scope = scope;
    p.scope_id = std::move(scope_id);
    p.issued_at = kNow;
    p.expires_at = kNow + 3600;
    p.audit_ids = {new_audit_id()};
    return p;
}

TokenPayload project_payload() {
    return payload(Scope::Project, "0a1b2c3d4e5f60718293a4b5c6d7e8f9");
}

std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class TokenCodecTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "onestack-tokens-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
        repo_.emplace(root_);
        repo_->setup();
    }
    void TearDown() override { fs::remove_all(root_); }

    fs::path root_;
    std::optional<KeyRepository> repo_;
};

TEST_F(TokenCodecTest, IssuesAndValidatesEachScope) {
    const TokenCodec codec(*repo_);
    for (const auto& p : {payload(Scope::Unscoped, ""), project_payload(),
                          payload(Scope::Domain, "default"), payload(Scope::System, "all")}) {
        const auto token = codec.issue(p);
        EXPECT_EQ(codec.validate(token, kNow + 1), p);
    }
}

TEST_F(TokenCodecTest, TokensAreUnpaddedShortAndTimestamped) {
    const TokenCodec codec(*repo_);
    auto p = project_payload();
    p.audit_ids.push_back(new_audit_id());
    const auto token = codec.issue(p);
    EXPECT_EQ(token.find('='), std::string::npos);
    EXPECT_LE(token.size(), 255u);  // Keystone's max_token_size
    EXPECT_EQ(Fernet::extract_timestamp(token), kNow);
    // Keystone re-adds padding before validating; both spellings are fine.
    std::string padded = token;
    padded.append((4 - token.size() % 4) % 4, '=');
    EXPECT_EQ(codec.validate(padded, kNow), p);
}

TEST_F(TokenCodecTest, ExpiredTokensFailValidationButDecode) {
    const TokenCodec codec(*repo_);
    const auto p = project_payload();
    const auto token = codec.issue(p);
    EXPECT_TRUE(codec.validate(token, p.expires_at - 1));
    EXPECT_FALSE(codec.validate(token, p.expires_at));
    EXPECT_FALSE(codec.validate(token));  // the real clock is long past 2023
    EXPECT_EQ(codec.decode(token), p);
}

TEST_F(TokenCodecTest, RejectsBadPayloadTimes) {
    const TokenCodec codec(*repo_);
    auto p = project_payload();
    p.expires_at = p.issued_at;
    EXPECT_THROW(codec.issue(p), std::invalid_argument);
    p.issued_at = 0;
    EXPECT_THROW(codec.issue(p), std::invalid_argument);
}

TEST_F(TokenCodecTest, RejectsTamperedAndForeignTokens) {
    const TokenCodec codec(*repo_);
    const auto token = codec.issue(project_payload());
    for (std::size_t i = 0; i < token.size(); ++i) {
        std::string bad = token;
        bad[i] = bad[i] == 'A' ? 'B' : 'A';
        EXPECT_FALSE(codec.decode(bad)) << i;
    }
    const KeyRepository other(root_ / "other");
    other.setup();
    EXPECT_FALSE(TokenCodec(other).decode(token));
    EXPECT_FALSE(codec.decode(std::string(TokenCodec::kMaxTokenChars + 4, 'A')));
}

TEST_F(TokenCodecTest, AcceptsTokensFromTheStagedKey) {
    // Another node rotated first and issues with what is our key 0.
    const TokenCodec codec(*repo_);
    const auto p = project_payload();
    const auto staged = Fernet::from_key(read(root_ / "0"));
    EXPECT_EQ(codec.validate(staged->encrypt(serialize(p), kNow), kNow), p);
}

TEST_F(TokenCodecTest, RotationKeepsTokensUntilTheirKeyIsPruned) {
    const TokenCodec codec(*repo_, milliseconds(0));
    const auto p = project_payload();
    const auto token = codec.issue(p);  // key 1

    repo_->rotate();  // 2 primary, 1 secondary, 0 staged
    EXPECT_EQ(codec.validate(token, kNow), p);
    const auto newer = codec.issue(p);
    EXPECT_TRUE(Fernet::from_key(read(root_ / "2"))->decrypt(newer));

    repo_->rotate();  // 3, 2, 0: key 1 is gone
    EXPECT_FALSE(codec.validate(token, kNow));
    EXPECT_EQ(codec.validate(newer, kNow), p);
}

TEST_F(TokenCodecTest, KeepsItsKeysUntilTheCheckInterval) {
    // An interval no loaded machine can outlast between two statements.
    const TokenCodec codec(*repo_, std::chrono::hours(1));
    const auto token = codec.issue(project_payload());
    repo_->rotate();
    repo_->rotate();
    EXPECT_TRUE(codec.validate(token, kNow));  // keys cached: no look yet
}

TEST_F(TokenCodecTest, PicksUpRotationAfterTheCheckInterval) {
    const TokenCodec codec(*repo_, milliseconds(50));
    const auto token = codec.issue(project_payload());
    repo_->rotate();
    repo_->rotate();
    std::this_thread::sleep_for(milliseconds(60));
    EXPECT_FALSE(codec.validate(token, kNow));
}

TEST_F(TokenCodecTest, ValidatesConcurrentlyWithRotation) {
    const TokenCodec codec(*repo_, milliseconds(0));
    const auto p = project_payload();
    const auto token = codec.issue(p);
    std::atomic<int> failures{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> validators;
    for (int t = 0; t < 3; ++t) {
        validators.emplace_back([&] {
            while (!stop) {
                failures += codec.validate(token, kNow) != p;
                failures += !!codec.validate("garbage", kNow);
            }
        });
    }
    std::this_thread::sleep_for(milliseconds(20));
    repo_->rotate();  // the token's key stays active through one rotation
    std::this_thread::sleep_for(milliseconds(20));
    stop = true;
    for (auto& t : validators) {
        t.join();
    }
    EXPECT_EQ(failures, 0);
}

TEST_F(TokenCodecTest, SurvivesGarbage) {
    const TokenCodec codec(*repo_);
    const auto token = codec.issue(project_payload());
    std::mt19937 rng(3);
    for (int round = 0; round < 5000; ++round) {
        std::string junk = round % 2 ? token : std::string(rng() % 400, 'A');
        for (int i = 0; i < 3; ++i) {
            if (!junk.empty()) {
                junk[rng() % junk.size()] = static_cast<char>(rng());
            }
        }
        EXPECT_FALSE(codec.validate(junk, kNow));
    }
}

std::optional<std::string> python(const std::string& script, const std::string& args) {
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

TEST_F(TokenCodecTest, KeystoneStyleUnpackingReadsOurTokens) {
    if (::access("/usr/bin/python3", X_OK) != 0 || !python("import cryptography.fernet", "")) {
        GTEST_SKIP() << "/usr/bin/python3 with cryptography not available";
    }
    const TokenCodec codec(*repo_);
    const auto p = project_payload();
    const auto token = codec.issue(p);
    // What keystone.token.token_formatters does: keys primary first from the
    // repository, padding restored, MultiFernet.decrypt.
    const auto hex = python(
        "import os, sys; from cryptography.fernet import Fernet, MultiFernet; d = sys.argv[1]; "
        "ids = sorted((int(n) for n in os.listdir(d) if n.isdigit()), reverse=True); "
        "m = MultiFernet([Fernet(open(os.path.join(d, str(i))).read()) for i in ids]); "
        "t = sys.argv[2]; t += \"=\" * (-len(t) % 4); print(m.decrypt(t.encode()).hex())",
        root_.string() + " " + token);
    ASSERT_TRUE(hex);
    std::string expected;
    for (unsigned char c : serialize(p)) {
        char b[3];
        std::snprintf(b, sizeof b, "%02x", c);
        expected += b;
    }
    EXPECT_EQ(*hex, expected);
}

}  // namespace
