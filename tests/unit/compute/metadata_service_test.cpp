// The metadata service's identification (nova's handler.py): the proxy's
// HMAC signature of the instance id, the tenant check, Nova's 400/403/404
// messages, the password set once; and the agent's config drive decision.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/api/fault.hpp"
#include "common/db/database.hpp"
#include "common/db/migrations.hpp"
#include "common/util/ids.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/db/schema.hpp"
#include "compute/manager/config_drive.hpp"
#include "compute/metadata/service.hpp"
#include "compute/metadata/signature.hpp"

namespace onestack::compute::metadata {
namespace {

constexpr const char* kUuid = "6f5a2d3e-1111-4222-8333-444455556666";

TEST(MetadataSignature, HexHmacSha256OfTheInstanceId) {
    // python3: hmac.new(b'secret', uuid.encode(), hashlib.sha256).hexdigest()
    EXPECT_EQ(instance_id_signature("secret", kUuid),
              "32b0694ed2fee4a05a72d475522a9f2cba6189fcd07f950aec737b7bde3e09ca");
    EXPECT_EQ(instance_id_signature("", kUuid),
              "a92b827496b68492e92405ecf87e2c415a7e68c2923621b46fd320f40d513960");
    EXPECT_TRUE(signature_valid(
        "secret", kUuid, "32b0694ed2fee4a05a72d475522a9f2cba6189fcd07f950aec737b7bde3e09ca"));
    EXPECT_FALSE(signature_valid(
        "secret", kUuid, "32b0694ed2fee4a05a72d475522a9f2cba6189fcd07f950aec737b7bde3e09cb"));
    EXPECT_FALSE(signature_valid("secret", kUuid, "32b0694e"));
    EXPECT_FALSE(signature_valid("secret", kUuid, ""));
    EXPECT_FALSE(signature_valid("other", kUuid, instance_id_signature("secret", kUuid)));
}

class MetadataServiceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("md-test-" + util::uuid_hex());
        std::filesystem::create_directories(dir_);
        db_ = onestack::db::Database::open("sqlite:///" + (dir_ / "compute.db").string());
        onestack::db::migrate(*db_, "compute", compute::db::migrations());
        Instance i;
        i.uuid = kUuid;
        i.project_id = "p1";
        i.user_id = "u1";
        i.display_name = "vm1";
        i.hostname = "vm1";
        i.vm_state = "active";
        i.flavor.name = "m1";
        i.user_data = "aGVsbG8=";  // "hello"
        db_->write([&](onestack::db::Conn& c) {
            compute::db::insert_instance(c, i);
            compute::db::set_instance_metadata(c, kUuid, {{"a", "b"}}, true);
        });
        ServiceOptions o;
        o.shared_secret = "secret";
        service_ = std::make_unique<MetadataService>(*db_, o);
    }
    void TearDown() override {
        service_.reset();
        db_.reset();
        std::filesystem::remove_all(dir_);
    }

    http::Request request(const std::string& path, bool sign = true) {
        http::Request r;
        r.path = path;
        r.headers.set("X-Instance-ID", kUuid);
        r.headers.set("X-Tenant-ID", "p1");
        if (sign) {
            r.headers.set("X-Instance-ID-Signature", instance_id_signature("secret", kUuid));
        }
        return r;
    }

    // The status and message of the fault handle() throws (0: none).
    std::pair<unsigned, std::string> fault(http::Request r) {
        try {
            service_->handle(r);
        } catch (const onestack::api::Fault& f) {
            return {f.status(), f.message()};
        }
        return {0, ""};
    }

    std::filesystem::path dir_;
    std::unique_ptr<onestack::db::Database> db_;
    std::unique_ptr<MetadataService> service_;
};

TEST_F(MetadataServiceTest, SignedRequestGetsItsDocuments) {
    auto r = request("/openstack/latest/user_data");
    auto res = service_->handle(r);
    EXPECT_EQ(res.status, 200u);
    EXPECT_EQ(res.body, "hello");
    auto m = request("/openstack/latest/meta_data.json");
    res = service_->handle(m);
    EXPECT_EQ(res.headers["Content-Type"], "application/json");
    EXPECT_NE(res.body.find(R"("meta": {"a": "b"})"), std::string::npos);
    auto e = request("/latest/meta-data/hostname");
    res = service_->handle(e);
    EXPECT_EQ(res.headers["Content-Type"], "text/plain; charset=UTF-8");
    EXPECT_EQ(res.body, "vm1.novalocal");
}

TEST_F(MetadataServiceTest, RootNeedsNoInstance) {
    http::Request r;
    r.path = "/";
    auto res = service_->handle(r);
    EXPECT_EQ(res.status, 200u);
    EXPECT_EQ(res.body.substr(0, 4), "1.0\n");
}

TEST_F(MetadataServiceTest, NovasRefusals) {
    const std::string path = "/openstack/latest/meta_data.json";
    EXPECT_EQ(fault(request(path, false)),
              std::make_pair(400u, std::string("X-Instance-ID-Signature header is missing from "
                                               "request.")));
    auto r = request(path);
    r.headers.set("X-Instance-ID-Signature", "");
    EXPECT_EQ(fault(r), std::make_pair(403u, std::string("Invalid proxy request signature.")));
    r.headers.set("X-Instance-ID-Signature", instance_id_signature("wrong", kUuid));
    EXPECT_EQ(fault(r).first, 403u);
    r = request(path);
    r.headers.erase("X-Tenant-ID");
    EXPECT_EQ(fault(r), std::make_pair(400u, std::string("X-Tenant-ID header is missing from "
                                                         "request.")));
    r = request(path);
    r.headers.erase("X-Instance-ID");
    EXPECT_EQ(fault(r).first, 400u);
    // Another project's instance and an unknown one look the same: 404.
    r = request(path);
    r.headers.set("X-Tenant-ID", "p2");
    EXPECT_EQ(fault(r), std::make_pair(404u, std::string("The resource could not be found.")));
    std::string other = util::uuid_dashed();
    r = request(path);
    r.headers.set("X-Instance-ID", other);
    r.headers.set("X-Instance-ID-Signature", instance_id_signature("secret", other));
    EXPECT_EQ(fault(r).first, 404u);
    // A load-balancer provider needs networking to find the instance.
    r = request(path);
    r.headers.set("X-Metadata-Provider", "prov");
    EXPECT_EQ(fault(r), std::make_pair(400u, std::string("X-Forwarded-For is missing from "
                                                         "request.")));
}

TEST_F(MetadataServiceTest, WithoutTheProxyCallersAreFoundByAddressAndNoneMatchesYet) {
    ServiceOptions o;
    o.shared_secret = "secret";
    o.service_metadata_proxy = false;
    MetadataService by_address(*db_, o);
    // The proxy's headers are ignored (with a warning), as Nova does.
    auto r = request("/openstack/latest/meta_data.json");
    r.remote_addr = "10.0.0.5";
    try {
        by_address.handle(r);
        ADD_FAILURE() << "no fault";
    } catch (const onestack::api::Fault& f) {
        EXPECT_EQ(f.status(), 404u);
    }
    http::Request root;
    root.path = "/";
    EXPECT_EQ(by_address.handle(root).status, 200u);
}

TEST_F(MetadataServiceTest, ProviderRequestsAreSignedThenNeedNetworking) {
    auto r = request("/latest/meta-data/");
    r.headers.set("X-Metadata-Provider", "prov");
    r.headers.set("X-Forwarded-For", "10.0.0.5, 10.0.0.1");
    EXPECT_EQ(fault(r), std::make_pair(403u, std::string("Invalid proxy request signature.")));
    r.headers.set("X-Metadata-Provider-Signature", instance_id_signature("secret", "prov"));
    EXPECT_EQ(fault(r), std::make_pair(400u, std::string("Could not find any subnets for "
                                                         "provider prov")));
}

TEST_F(MetadataServiceTest, PasswordIsSetOnce) {
    auto get = request("/openstack/latest/password");
    EXPECT_EQ(service_->handle(get).body, "");
    auto post = request("/openstack/latest/password");
    post.method = http::Verb::post;
    post.body = "pw";
    EXPECT_EQ(service_->handle(post).status, 200u);
    get = request("/openstack/latest/password");
    EXPECT_EQ(service_->handle(get).body, "pw");
    post = request("/openstack/latest/password");
    post.method = http::Verb::post;
    post.body = "again";
    EXPECT_EQ(fault(post).first, 409u);
    auto put = request("/openstack/latest/password");
    put.method = http::Verb::put;
    EXPECT_EQ(fault(put), std::make_pair(400u, std::string("GET and POST only are supported.")));
}

TEST_F(MetadataServiceTest, TooLargePasswordIsRefused) {
    auto post = request("/openstack/latest/password");
    post.method = http::Verb::post;
    post.body = std::string(1021, 'x');
    EXPECT_EQ(fault(post), std::make_pair(400u, std::string("Request is too large.")));
}

TEST_F(MetadataServiceTest, AgentFillsConfigDriveFiles) {
    Instance i;
    i.uuid = kUuid;
    AgentOptions options;
    virt::SpawnRequest req;
    EXPECT_FALSE(manager::add_config_drive(*db_, i, options, req));
    EXPECT_TRUE(req.config_drive_files.empty());
    options.force_config_drive = true;
    EXPECT_TRUE(manager::add_config_drive(*db_, i, options, req));
    EXPECT_EQ(req.config_drive_files["openstack/latest/user_data"], "hello");
}

TEST(MetadataConfigDriveRequired, AsNovaDecides) {
    Instance i;
    boost::json::object none;
    EXPECT_FALSE(manager::config_drive_required(i, none, false));
    EXPECT_TRUE(manager::config_drive_required(i, none, true));
    i.launched_at = "2024-01-01T00:00:00.000000";  // forcing spares launched servers
    EXPECT_FALSE(manager::config_drive_required(i, none, true));
    EXPECT_TRUE(manager::config_drive_required(
        i, boost::json::object{{"img_config_drive", "mandatory"}}, false));
    EXPECT_FALSE(manager::config_drive_required(
        i, boost::json::object{{"img_config_drive", "optional"}}, false));
    i.config_drive = "True";
    EXPECT_TRUE(manager::config_drive_required(i, none, false));
}

}  // namespace
}  // namespace onestack::compute::metadata
