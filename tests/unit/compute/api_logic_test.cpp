// The compute API's non-trivial logic: Nova's instance quota arithmetic and
// message, hostname sanitizing, base64 as Python reads it, key pair
// fingerprints and generation, status filters' state sets.
#include <gtest/gtest.h>

#include "common/api/fault.hpp"
#include "compute/api/base64.hpp"
#include "compute/api/keypair_crypto.hpp"
#include "compute/api/schemas.hpp"
#include "compute/api/server_create.hpp"

namespace onestack::compute::api {
namespace {

Flavor flavor(int vcpus, int ram) {
    Flavor f;
    f.vcpus = vcpus;
    f.memory_mb = ram;
    return f;
}

std::map<std::string, int> limits(int instances, int cores, int ram) {
    return {{"instances", instances}, {"cores", cores}, {"ram", ram}};
}

std::string quota_message(const std::map<std::string, int>& l, const db::Usage& u, const Flavor& f,
                          int min, int max) {
    try {
        check_instance_quota(l, u, f, min, max);
    } catch (const onestack::api::Fault& e) {
        EXPECT_EQ(e.status(), 403u);
        return e.message();
    }
    return "";
}

TEST(ComputeApiQuota, FitsReturnsMaxCount) {
    EXPECT_EQ(check_instance_quota(limits(10, 20, 51200), {0, 0, 0}, flavor(1, 512), 1, 3), 3);
}

TEST(ComputeApiQuota, UnlimitedResourcesNeverBlock) {
    EXPECT_EQ(
        check_instance_quota(limits(-1, -1, -1), {1000, 5000, 1 << 30}, flavor(4, 4096), 5, 5), 5);
}

TEST(ComputeApiQuota, ShrinksToWhatFitsBetweenMinAndMax) {
    // 2 instances left: asking for 1..5 gets 2.
    EXPECT_EQ(check_instance_quota(limits(10, 100, 100000), {8, 8, 4096}, flavor(1, 512), 1, 5), 2);
    // Cores bound it: 3 cores left with 2-core flavors gives 1.
    EXPECT_EQ(check_instance_quota(limits(10, 20, 100000), {1, 17, 512}, flavor(2, 512), 1, 4), 1);
}

TEST(ComputeApiQuota, NovasMessageForInstances) {
    EXPECT_EQ(quota_message(limits(1, 20, 51200), {1, 1, 512}, flavor(1, 512), 1, 1),
              "Quota exceeded for instances: Requested 1, but already used 1 of 1 instances");
}

TEST(ComputeApiQuota, SeveralResourcesAreSortedAndJoined) {
    EXPECT_EQ(quota_message(limits(2, 2, 1024), {2, 2, 1024}, flavor(1, 512), 2, 3),
              "Quota exceeded for cores, instances, ram: Requested 3, 2-3, 1536, but already "
              "used 2, 2, 1024 of 2, 2, 1024 cores, instances, ram");
}

TEST(ComputeApiQuota, RamOnly) {
    EXPECT_EQ(quota_message(limits(10, 20, 1000), {1, 1, 512}, flavor(1, 1024), 1, 1),
              "Quota exceeded for ram: Requested 1024, but already used 512 of 1000 ram");
}

TEST(ComputeApiHostname, SanitizesAsNova) {
    EXPECT_EQ(sanitize_hostname("My Server_01"), "my-server-01");
    EXPECT_EQ(sanitize_hostname("--a.b--"), "a.b");
    EXPECT_EQ(sanitize_hostname("ünïcode!"), "ncode");
    EXPECT_EQ(sanitize_hostname("..."), "");
    EXPECT_EQ(sanitize_hostname(std::string(80, 'x')).size(), 63u);
}

TEST(ComputeApiBase64, DecodesAsPython) {
    EXPECT_EQ(base64_decode("aGVsbG8="), std::optional<std::string>("hello"));
    EXPECT_EQ(base64_decode("aGVs\nbG8="), std::optional<std::string>("hello"));
    EXPECT_EQ(base64_decode("aGVsbG8"), std::nullopt);  // Incorrect padding
    EXPECT_EQ(base64_decode("a"), std::nullopt);
    EXPECT_EQ(base64_decode(""), std::optional<std::string>(""));
    EXPECT_EQ(base64_encode("hello"), "aGVsbG8=");
    EXPECT_EQ(base64_encode("hi"), "aGk=");
    EXPECT_EQ(base64_encode("abc"), "YWJj");
}

TEST(ComputeApiKeypair, Md5FingerprintOfAnEd25519Key) {
    // ssh-keygen -l -E md5 of this key.
    EXPECT_EQ(ssh_fingerprint("ssh-ed25519 "
                              "AAAAC3NzaC1lZDI1NTE5AAAAIBWXszJNLQ4TrSThXd25KOEkAc0SKwkF2KAVz/"
                              "E7styN root@vm"),
              std::optional<std::string>("3b:4f:33:a8:04:17:4f:68:1b:2c:19:11:c7:4c:f3:27"));
}

TEST(ComputeApiKeypair, RefusesMalformedKeys) {
    EXPECT_EQ(ssh_fingerprint("ssh-rsa"), std::nullopt);
    EXPECT_EQ(ssh_fingerprint("ssh-rsa AAAAnotakey"), std::nullopt);
    // The blob names a different type than the text.
    EXPECT_EQ(ssh_fingerprint("ssh-rsa "
                              "AAAAC3NzaC1lZDI1NTE5AAAAIBWXszJNLQ4TrSThXd25KOEkAc0SKwkF2KAVz/"
                              "E7styN"),
              std::nullopt);
    EXPECT_EQ(x509_fingerprint("not a certificate"), std::nullopt);
}

TEST(ComputeApiKeypair, GeneratedKeyIsConsistent) {
    auto key = generate_ssh_key();
    EXPECT_TRUE(key.private_key.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    EXPECT_TRUE(key.public_key.starts_with("ssh-rsa AAAAB3NzaC1yc2E"));
    EXPECT_TRUE(key.public_key.ends_with(" Generated-by-Nova"));
    EXPECT_EQ(ssh_fingerprint(key.public_key), std::optional<std::string>(key.fingerprint));
}

}  // namespace
}  // namespace onestack::compute::api

namespace onestack::compute::api {
namespace {

TEST(ComputeApiSchemas, EveryNovaSchemaCompiles) {
    for (const auto& [name, text] : schema_texts()) {
        EXPECT_NO_THROW(schema(name)) << name;
    }
}

TEST(ComputeApiSchemas, ServerNameFormatGivesNovasMessage) {
    auto e =
        schema("servers.create_v274")
            .validate(boost::json::parse(
                R"({"server": {"name": " padded", "flavorRef": "1", "imageRef": "x", "networks": "none"}})"));
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(onestack::json::nova_message(*e),
              "An invalid 'name' value was provided. The name must be: printable characters. "
              "Can not start or end with whitespace.");
}

}  // namespace
}  // namespace onestack::compute::api
