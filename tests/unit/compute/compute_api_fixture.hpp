#pragma once
// The compute API in one test process, without its listener: requests go
// straight to its app, as the admin (user "user" of project "project"). The
// agent of host "stub-host" is a stub answering what each test gives it; the
// image service is a stub HTTP server that accepts every image record.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "common/auth/token_validator.hpp"
#include "common/db/database.hpp"
#include "common/db/migrations.hpp"
#include "common/http/server.hpp"
#include "common/rpc/server.hpp"
#include "common/rpc/transport.hpp"
#include "common/util/ids.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/routes.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/db/schema.hpp"
#include "compute/objects/states.hpp"
#include "compute/rpc/topics.hpp"

namespace onestack::compute::testing {

// Every token is the admin's.
class AdminValidator : public auth::TokenValidator {
  public:
    std::optional<RequestContext> validate(std::string_view) override {
        RequestContext c;
        c.authenticated = true;
        c.user_id = "user";
        c.project_id = "project";
        c.roles = {"admin", "member", "reader"};
        return c;
    }
};

// POST /v2/images answers 201 with a new id (and counts them); nothing else.
class StubImageService : public http::Application {
  public:
    bool streams_body(const http::Request&) const override { return false; }
    http::Response handle(http::Request& req) noexcept override {
        if (req.method == http::Verb::post && req.path == "/v2/images") {
            ++created;
            return http::Response::json(201, boost::json::object{{"id", util::uuid_dashed()}});
        }
        return http::Response(404);
    }
    http::Response server_fault(unsigned status, const std::string&) noexcept override {
        return http::Response(status);
    }
    std::atomic<int> created{0};
};

class ComputeApiTest : public ::testing::Test {
  protected:
    static constexpr const char* kHost = "stub-host";

    void SetUp() override {
        dir_ =
            std::filesystem::temp_directory_path() / ("onestack-compute-api-" + util::uuid_hex());
        std::filesystem::create_directories(dir_);
        http::ServerOptions so;
        so.threads = 1;
        so.access_log = false;
        image_server_ = std::make_unique<http::Server>(so, images_);
        image_server_->start();

        auto database = onestack::db::Database::open("sqlite:///" + (dir_ / "compute.db").string());
        onestack::db::migrate(*database, "compute", db::migrations());
        bus_ = onestack::rpc::make_transport("inproc://compute-api-test-" + util::uuid_hex());
        api::ApiOptions options;
        options.image_url = "http://127.0.0.1:" + std::to_string(image_server_->port());
        api_ = std::make_unique<api::ComputeApi>(options, std::move(database), bus_);
        app_ = api::make_app(*api_, std::make_shared<AdminValidator>(), "http://127.0.0.1:5000");
    }

    void TearDown() override {
        agent_.reset();
        image_server_->stop();
        std::filesystem::remove_all(dir_);
    }

    // The stub agent of kHost: method -> what it answers (casts included).
    void start_agent(const std::map<std::string, onestack::rpc::Handler>& endpoints) {
        agent_ = std::make_unique<onestack::rpc::RpcServer>(
            bus_, onestack::rpc::Target{rpc_topic::kCompute, kHost}, 2);
        for (const auto& [method, handler] : endpoints) {
            agent_->add_endpoint(method, handler);
        }
        agent_->start();
    }

    static onestack::rpc::Handler answers(boost::json::value result) {
        return [result](const onestack::rpc::CallContext&, const boost::json::object&) {
            return result;
        };
    }

    // A server of "project" on kHost, in these states; its uuid.
    std::string add_server(const char* vm_state, int power_state) {
        Instance i;
        i.uuid = util::uuid_dashed();
        i.project_id = "project";
        i.user_id = "user";
        i.display_name = "vm";
        i.host = kHost;
        i.node = kHost;
        i.vm_state = vm_state;
        i.power_state = power_state;
        i.image_ref = util::uuid_dashed();
        i.flavor.flavorid = "1";
        i.flavor.name = "f1";
        i.flavor.vcpus = 1;
        i.flavor.memory_mb = 512;
        i.flavor.root_gb = 1;
        api_->db().write([&](onestack::db::Conn& c) { db::insert_instance(c, i); });
        return i.uuid;
    }

    // path is under /v2.1; a null body sends none.
    http::Response call(http::Verb method, const std::string& path, const boost::json::value& body,
                        const std::string& microversion) {
        http::Request req;
        req.method = method;
        req.path = "/v2.1" + path;
        req.target = req.path;
        req.headers.set("X-Auth-Token", "admin");
        req.headers.set("OpenStack-API-Version", "compute " + microversion);
        if (!body.is_null()) {
            req.body = boost::json::serialize(body);
            req.headers.set("Content-Type", "application/json");
        }
        return app_->handle(req);
    }

    http::Response action(const std::string& uuid, const boost::json::value& body,
                          const std::string& microversion) {
        return call(http::Verb::post, "/servers/" + uuid + "/action", body, microversion);
    }

    // A Nova fault body's message: {"<name>": {"code": ..., "message": ...}}.
    static std::string fault_message(const http::Response& res) {
        auto body = boost::json::parse(res.body).as_object();
        if (body.size() != 1 || !body.begin()->value().is_object()) {
            return "not a fault: " + res.body;
        }
        const auto* m = body.begin()->value().as_object().if_contains("message");
        return m && m->is_string() ? std::string(m->as_string()) : "no message: " + res.body;
    }

    std::filesystem::path dir_;
    StubImageService images_;
    std::unique_ptr<http::Server> image_server_;
    std::shared_ptr<onestack::rpc::Transport> bus_;
    std::unique_ptr<api::ComputeApi> api_;
    std::unique_ptr<onestack::api::ServiceApp> app_;
    std::unique_ptr<onestack::rpc::RpcServer> agent_;
};

}  // namespace onestack::compute::testing
