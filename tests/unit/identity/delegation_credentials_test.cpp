#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "identity/delegation/auth_methods.hpp"
#include "identity/delegation/ec2_credentials.hpp"

namespace {

using namespace onestack::identity::delegation;

TEST(Ec2Credentials, IdIsSha256HexOfTheAccessKey) {
    EXPECT_EQ(hash_access_key("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hash_access_key("").size(), 64u);
}

TEST(Ec2Credentials, BlobIsSpelledAsPythonJsonDumps) {
    EXPECT_EQ(ec2_blob("a1", "s1", ""), R"({"access": "a1", "secret": "s1", "trust_id": null})");
    EXPECT_EQ(ec2_blob("a1", "s1", "t1"), R"({"access": "a1", "secret": "s1", "trust_id": "t1"})");
    auto parsed = parse_ec2_blob(ec2_blob("a\"1", "s1", ""));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->access, "a\"1");
    EXPECT_EQ(parsed->secret, "s1");
    EXPECT_FALSE(parsed->trust_id);
    EXPECT_FALSE(parse_ec2_blob("not json"));
    EXPECT_FALSE(parse_ec2_blob("[1]"));
}

TEST(AuthMethods, DelegatedMethodsAreThoseOutsideThePrimaryOnes) {
    EXPECT_FALSE(is_delegated_method({"password"}));
    EXPECT_FALSE(is_delegated_method({"password", "token", "totp"}));
    EXPECT_TRUE(is_delegated_method({"application_credential"}));
    EXPECT_TRUE(is_delegated_method({"token", "ec2credential"}));
    EXPECT_TRUE(is_delegated_method({}));
}

}  // namespace
