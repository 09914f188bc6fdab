// The metadata document builder: Nova's exact JSON (key order, spacing),
// the EC2 tree and its listings, path lookup, config drive files, the
// password chunks; expected texts come from Python's json.dumps of the
// dicts nova/api/metadata/base.py builds for the same instance.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "compute/metadata/instance_metadata.hpp"
#include "compute/metadata/password.hpp"
#include "compute/metadata/python_json.hpp"
#include "compute/metadata/versions.hpp"

namespace onestack::compute::metadata {
namespace {

namespace json = boost::json;

constexpr const char* kUuid = "6f5a2d3e-1111-4222-8333-444455556666";

MetadataSource source(bool with_user_data = true) {
    MetadataSource s;
    Instance& i = s.instance;
    i.id = 42;
    i.uuid = kUuid;
    i.project_id = "p1";
    i.user_id = "u1";
    i.display_name = "VM One";
    i.hostname = "vm1";
    i.host = "h1";  // scheduled, no zone asked: the default zone
    i.image_ref = "a1b2c3d4-0000-4000-8000-000000000001";
    i.flavor.name = "m1.small";
    i.key_name = "k1";
    i.key_data = "ssh-ed25519 AAAA k1";
    i.reservation_id = "r-abc12345";
    if (with_user_data) {
        i.user_data = "I2Nsb3VkLWNvbmZpZwo=";  // "#cloud-config\n"
    }
    s.meta = {{"role", "web"}};
    s.keypair = KeyPairData{"k1", "ssh", "ssh-ed25519 AAAA k1"};
    return s;
}

InstanceMetadata md(bool with_user_data = true) {
    return InstanceMetadata(source(with_user_data), DocumentOptions{});
}

TEST(MetadataPythonJson, MatchesJsonDumps) {
    json::value v = json::parse(
        R"({"a": [1, "x"], "b": null, "c": true, "\u00e9": "\u2603 \n\t\"\\/ \ud83d\ude00 \u0001"})");
    // python3 -c 'print(json.dumps({...}))'
    EXPECT_EQ(
        python_json_dumps(v),
        R"({"a": [1, "x"], "b": null, "c": true, "\u00e9": "\u2603 \n\t\"\\/ \ud83d\ude00 \u0001"})");
    EXPECT_EQ(python_json_dumps(json::object{}), "{}");
    EXPECT_EQ(python_json_dumps(json::array{}), "[]");
}

TEST(MetadataDocuments, FolsomMetaDataJsonIsNovas) {
    EXPECT_EQ(md().meta_data_json("2012-08-10"),
              R"({"uuid": "6f5a2d3e-1111-4222-8333-444455556666", "meta": {"role": "web"}, )"
              R"("public_keys": {"k1": "ssh-ed25519 AAAA k1"}, "keys": [{"name": "k1", )"
              R"("type": "ssh", "data": "ssh-ed25519 AAAA k1"}], "hostname": "vm1.novalocal", )"
              R"("name": "VM One", "launch_index": 0, "availability_zone": "nova"})");
}

TEST(MetadataDocuments, LatestMetaDataJsonFieldsInNovasOrder) {
    auto text = md().meta_data_json("latest");
    auto o = json::parse(text).as_object();
    std::vector<std::string> keys;
    for (const auto& [k, _] : o) {
        keys.emplace_back(k);
    }
    EXPECT_EQ(keys,
              (std::vector<std::string>{"uuid", "meta", "public_keys", "keys", "hostname", "name",
                                        "launch_index", "availability_zone", "random_seed",
                                        "project_id", "devices", "dedicated_cpus"}));
    EXPECT_EQ(o["random_seed"].as_string().size(), 684u);  // base64 of 512 bytes
    EXPECT_EQ(o["project_id"], "p1");
    EXPECT_EQ(o["devices"], json::array{});
    // Each document has a fresh seed.
    EXPECT_NE(text, md().meta_data_json("latest"));
}

TEST(MetadataDocuments, NoMetaNoKeysWhenAbsent) {
    auto s = source();
    s.meta.clear();
    s.instance.key_name.clear();
    s.keypair.reset();
    s.instance.host.clear();  // not scheduled: no zone
    DocumentOptions o;
    o.dhcp_domain = "";
    EXPECT_EQ(InstanceMetadata(s, o).meta_data_json("2012-08-10"),
              R"({"uuid": "6f5a2d3e-1111-4222-8333-444455556666", "hostname": "vm1", )"
              R"("name": "VM One", "launch_index": 0, "availability_zone": null})");
}

TEST(MetadataDocuments, Ec2MetaDataJsonIsNovas) {
    auto data = md().ec2_metadata("latest");
    EXPECT_EQ(
        python_json_dumps(data.at("meta-data")),
        R"({"ami-id": "ami-a1b2c3d4", "ami-launch-index": 0, "ami-manifest-path": "FIXME", )"
        R"("instance-id": "i-0000002a", "hostname": "vm1.novalocal", "local-ipv4": null, )"
        R"("reservation-id": "r-abc12345", "security-groups": [], "public-keys": {"0": )"
        R"({"_name": "0=k1", "openssh-key": "ssh-ed25519 AAAA k1"}}, "local-hostname": )"
        R"("vm1.novalocal", "public-hostname": "vm1.novalocal", "public-ipv4": "", )"
        R"("instance-type": "m1.small", "block-device-mapping": {"ami": "sda1", "ephemeral0": )"
        R"("sda2", "root": "/dev/sda1", "swap": "sda3"}, "placement": {"availability-zone": )"
        R"("nova"}, "instance-action": "none"})");
    EXPECT_EQ(data.at("user-data"), "#cloud-config\n");
    // Version 1.0 has none of the later keys.
    auto old = md().ec2_metadata("1.0").at("meta-data").as_object();
    EXPECT_FALSE(old.contains("local-hostname"));
    EXPECT_FALSE(old.contains("placement"));
    EXPECT_TRUE(old.contains("public-keys"));
}

TEST(MetadataDocuments, VendorAndNetworkData) {
    EXPECT_EQ(md().vendor_data_json(), "{}");
    EXPECT_EQ(md().vendor_data2_json(), R"({"static": {}})");
    EXPECT_EQ(md().network_data_json(), "{}");
    DocumentOptions o;
    o.vendordata = json::object{{"k", "v"}};
    InstanceMetadata m(source(), o);
    EXPECT_EQ(m.vendor_data_json(), R"({"k": "v"})");
    EXPECT_EQ(m.vendor_data2_json(), R"({"static": {"k": "v"}})");
}

TEST(MetadataLookup, ListingsAsNovaPrintsThem) {
    auto m = md();
    auto r = m.lookup("/openstack");
    EXPECT_EQ(r.kind, LookupResult::Kind::Data);
    EXPECT_EQ(r.body,
              "2012-08-10\n2013-04-04\n2013-10-17\n2015-10-15\n2016-06-30\n2016-10-06\n"
              "2017-02-22\n2018-08-27\n2020-10-14\nlatest");
    EXPECT_EQ(m.lookup("/openstack/latest/").body,
              "meta_data.json\nuser_data\npassword\nvendor_data.json\nnetwork_data.json\n"
              "vendor_data2.json");
    EXPECT_EQ(md(false).lookup("/openstack/2012-08-10").body, "meta_data.json");
    EXPECT_EQ(m.lookup("/latest").body, "meta-data/\nuser-data");
    EXPECT_EQ(m.lookup("/ec2").body.substr(0, 11), "1.0\n2007-01");
    EXPECT_EQ(m.lookup("/latest/meta-data/").body,
              "ami-id\nami-launch-index\nami-manifest-path\nblock-device-mapping/\nhostname\n"
              "instance-action\ninstance-id\ninstance-type\nlocal-hostname\nlocal-ipv4\n"
              "placement/\npublic-hostname\npublic-ipv4\npublic-keys/\nreservation-id\n"
              "security-groups");
    EXPECT_EQ(m.lookup("/latest/meta-data/public-keys").body, "0=k1");
    EXPECT_EQ(m.lookup("/latest/meta-data/public-keys/0/").body, "openssh-key");
    EXPECT_EQ(m.lookup("/latest/meta-data/block-device-mapping").body,
              "ami\nephemeral0\nroot\nswap");
}

TEST(MetadataLookup, LeavesAndTypes) {
    auto m = md();
    EXPECT_EQ(m.lookup("/latest/meta-data/public-keys/0/openssh-key").body, "ssh-ed25519 AAAA k1");
    EXPECT_EQ(m.lookup("/2009-04-04/meta-data/ami-launch-index").body, "0");
    EXPECT_EQ(m.lookup("/latest/meta-data/local-ipv4").body, "None");  // str(None)
    EXPECT_EQ(m.lookup("/latest/meta-data/security-groups").body, "");
    EXPECT_EQ(m.lookup("/latest/meta-data/placement/availability-zone").body, "nova");
    EXPECT_EQ(m.lookup("latest/meta-data/../meta-data//hostname").body, "vm1.novalocal");
    EXPECT_EQ(m.lookup("/latest/user-data").body, "#cloud-config\n");
    auto j = m.lookup("/openstack/latest/meta_data.json");
    EXPECT_EQ(j.content_type, "application/json");
    EXPECT_EQ(m.lookup("/openstack/latest/network_data.json").content_type, "text/plain");
    EXPECT_EQ(m.lookup("/openstack/latest/vendor_data2.json").content_type, "application/json");
    EXPECT_EQ(m.lookup("/openstack/latest/user_data").body, "#cloud-config\n");
    EXPECT_EQ(m.lookup("/openstack/latest/password").kind, LookupResult::Kind::Password);
}

TEST(MetadataLookup, NotFound) {
    using K = LookupResult::Kind;
    auto m = md(false);
    for (const char* p :
         {"/openstack/latest/user_data", "/latest/user-data", "/openstack/2012-08-10/password",
          "/openstack/2013-04-04/vendor_data.json", "/openstack/2016-06-30/vendor_data2.json",
          "/openstack/2099-01-01/meta_data.json", "/openstack/latest/nothing", "/openstack/content",
          "/openstack/content/0000", "/2010-01-01/meta-data", "/latest/meta-data/nothing",
          "/latest/meta-data/hostname/more"}) {
        EXPECT_EQ(m.lookup(p).kind, K::NotFound) << p;
    }
}

TEST(MetadataConfigDrive, NovasFiles) {
    auto files = md().config_drive_files();
    std::vector<std::string> names;
    for (const auto& [k, _] : files) {
        names.push_back(k);
    }
    // 2 EC2 versions x 2 files, then per OpenStack version: meta_data.json,
    // user_data, and vendor_data.json / network_data.json / vendor_data2.json
    // from Havana / Liberty / Newton on.
    EXPECT_EQ(files.size(), 4u + 10 * 2 + 8 + 7 + 5);
    EXPECT_TRUE(files.contains("ec2/2009-04-04/meta-data.json"));
    EXPECT_TRUE(files.contains("ec2/latest/user-data"));
    EXPECT_FALSE(files.contains("ec2/2008-09-01/meta-data.json"));
    EXPECT_FALSE(files.contains("openstack/2013-04-04/vendor_data.json"));
    EXPECT_TRUE(files.contains("openstack/2013-10-17/vendor_data.json"));
    EXPECT_FALSE(files.contains("openstack/2015-10-15/vendor_data2.json"));
    EXPECT_TRUE(files.contains("openstack/latest/vendor_data2.json"));
    EXPECT_FALSE(files.contains("openstack/latest/password"));
    EXPECT_EQ(files["openstack/latest/user_data"], "#cloud-config\n");
    EXPECT_EQ(files["openstack/latest/network_data.json"], "{}");
    // Nova leaves public-keys/0/_name in the EC2 file (it looks for it a level too high).
    EXPECT_NE(files["ec2/latest/meta-data.json"].find(R"("_name": "0=k1")"), std::string::npos);
    auto meta = json::parse(files["openstack/2012-08-10/meta_data.json"]).as_object();
    EXPECT_EQ(meta["uuid"], kUuid);
    // No user data: no user_data files.
    auto bare = md(false).config_drive_files();
    EXPECT_FALSE(bare.contains("openstack/latest/user_data"));
    EXPECT_FALSE(bare.contains("ec2/latest/user-data"));
}

TEST(MetadataConfigDrive, AdminPassAndSkipVersions) {
    auto s = source();
    s.admin_pass = "pw";
    DocumentOptions o;
    o.config_drive_skip_versions = {};
    auto files = InstanceMetadata(s, o).config_drive_files();
    EXPECT_TRUE(files.contains("ec2/1.0/meta-data.json"));
    auto meta = json::parse(files["openstack/latest/meta_data.json"]).as_object();
    EXPECT_EQ(meta["admin_pass"], "pw");
}

TEST(MetadataEc2Ids, AsNovaSpellsThem) {
    EXPECT_EQ(ec2_instance_id(42), "i-0000002a");
    EXPECT_EQ(ec2_image_id("A1B2C3D4-0000"), "ami-a1b2c3d4");
    EXPECT_EQ(ec2_image_id("0123abcd-1", "aki"), "aki-0123abcd");
    EXPECT_TRUE(ec2_image_id("").is_null());
}

TEST(MetadataPassword, ChunksOf255) {
    std::string pw(600, 'x');
    auto chunks = convert_password(pw);
    ASSERT_EQ(chunks.size(), 4u);
    EXPECT_EQ(chunks["password_0"].as_string().size(), 255u);
    EXPECT_EQ(chunks["password_2"].as_string().size(), 90u);
    EXPECT_EQ(chunks["password_3"], "");
    json::object sysmeta = chunks;
    sysmeta["image_base_image_ref"] = "x";
    EXPECT_EQ(extract_password(sysmeta), pw);
    EXPECT_FALSE(extract_password(convert_password("")).has_value());
    EXPECT_FALSE(extract_password(json::object{}).has_value());
}

TEST(MetadataVersions, LatestIsTheLast) {
    EXPECT_TRUE(openstack_at_least("latest", kVictoria));
    EXPECT_FALSE(openstack_at_least("2013-10-17", kLiberty));
    EXPECT_TRUE(ec2_at_least("latest", "2009-04-04"));
    EXPECT_EQ(ec2_version_index("2000-01-01"), -1);
}

}  // namespace
}  // namespace onestack::compute::metadata
