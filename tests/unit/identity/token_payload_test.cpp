#include "identity/token/token_payload.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <set>

namespace {

using namespace onestack::identity::token;

TokenPayload project_token() {
    TokenPayload p;
    p.user_id = "6fa4f4a1b3e44a7c9f2fd1a2b3c4d5e6";
    p.methods = {"password"};
    p.scope = Scope::Project;
    p.scope_id = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    p.issued_at = 1700000000;
    p.expires_at = 1700003600;
    p.audit_ids = {"VcxU2JYqT8OzfUVvrjEITQ"};
    return p;
}

void expect_round_trip(const TokenPayload& p) {
    const auto bytes = serialize(p);
    const auto back = deserialize(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, p);
}

TEST(TokenPayload, RoundTripsEachScope) {
    TokenPayload unscoped = project_token();
    unscoped.scope = Scope::Unscoped;
    unscoped.scope_id.clear();
    expect_round_trip(unscoped);

    expect_round_trip(project_token());

    TokenPayload domain = project_token();
    domain.scope = Scope::Domain;
    domain.scope_id = "default";
    expect_round_trip(domain);

    TokenPayload system = project_token();
    system.scope = Scope::System;
    system.scope_id = "all";
    expect_round_trip(system);
}

TEST(TokenPayload, RoundTripsEveryField) {
    TokenPayload p = project_token();
    p.methods = {"token", "password", "application_credential", "totp", "my-plugin", ""};
    p.audit_ids = {"VcxU2JYqT8OzfUVvrjEITQ", "rMqKsgC_QhC-7pESjJ1Rzg"};
    p.trust_id = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
    p.app_cred_id = "not-a-uuid";
    expect_round_trip(p);
}

TEST(TokenPayload, KeepsIdsExactlyAsGiven) {
    TokenPayload p = project_token();
    p.user_id = "6FA4F4A1B3E44A7C9F2FD1A2B3C4D5E6";          // upper case: not packed
    p.scope_id = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";     // dashed
    p.audit_ids = {"VcxU2JYqT8OzfUVvrjEITR", "short", "x"};  // non-canonical base64
    p.trust_id = std::string(300, 'z');
    p.app_cred_id = std::string("bin\0ary\xff", 8);
    expect_round_trip(p);
}

TEST(TokenPayload, RoundTripsExtremeTimes) {
    TokenPayload p = project_token();
    for (auto [issued, expires] : std::initializer_list<std::pair<std::int64_t, std::int64_t>>{
             {0, 0},
             {-5, 5},
             {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()},
             {std::numeric_limits<std::int64_t>::max(),
              std::numeric_limits<std::int64_t>::min()}}) {
        p.issued_at = issued;
        p.expires_at = expires;
        expect_round_trip(p);
    }
}

TEST(TokenPayload, IsCompact) {
    TokenPayload p = project_token();
    p.audit_ids.push_back("rMqKsgC_QhC-7pESjJ1Rzg");
    // version, scope, 3 ids and 2 audit ids at 17 bytes, methods, times, trust, app cred.
    EXPECT_LE(serialize(p).size(), 90u);
}

TEST(TokenPayload, RejectsMalformedBytes) {
    const std::string good = serialize(project_token());
    for (std::size_t n = 0; n < good.size(); ++n) {
        EXPECT_FALSE(deserialize(good.substr(0, n))) << "truncated to " << n;
    }
    EXPECT_FALSE(deserialize(good + '\0'));
    std::string bad = good;
    bad[0] = 2;  // unknown format version
    EXPECT_FALSE(deserialize(bad));
    bad = good;
    bad[1] = 4;  // no such scope
    EXPECT_FALSE(deserialize(bad));
    bad = good;
    bad[2] = 9;  // no such id form
    EXPECT_FALSE(deserialize(bad));
}

TEST(TokenPayload, RejectsOverlongVarints) {
    // version, unscoped, empty user, no methods, empty scope id, then an
    // issued_at of eleven continuation bytes.
    std::string bytes("\x01\x00\x00\x00\x00", 5);
    bytes.append(11, '\xff');
    bytes.push_back('\x01');
    EXPECT_FALSE(deserialize(bytes));
}

TEST(TokenPayload, SurvivesGarbage) {
    std::mt19937 rng(7);
    const std::string good = serialize(project_token());
    for (int round = 0; round < 20000; ++round) {
        std::string junk;
        if (round % 2) {
            junk.resize(rng() % 120);
            for (auto& c : junk) {
                c = static_cast<char>(rng());
            }
            junk[0] = round % 4 == 1 ? '\x01' : junk[0];
        } else {
            junk = good;  // a few random byte flips of a valid payload
            for (int i = 0; i < 1 + round % 3; ++i) {
                junk[rng() % junk.size()] = static_cast<char>(rng());
            }
        }
        if (auto p = deserialize(junk)) {
            EXPECT_EQ(deserialize(serialize(*p)), p);
        }
    }
}

TEST(TokenPayload, AuditIdsLookLikeKeystones) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const auto id = new_audit_id();
        ASSERT_EQ(id.size(), 22u);
        EXPECT_EQ(id.find_first_not_of(
                      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                  std::string::npos);
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 100u);
    // And they pack into 16 bytes.
    TokenPayload p;
    p.audit_ids = {new_audit_id()};
    TokenPayload q = p;
    q.audit_ids = {"x"};
    EXPECT_EQ(serialize(p).size(), serialize(q).size() + 14);  // 17 bytes against 3
}

}  // namespace
