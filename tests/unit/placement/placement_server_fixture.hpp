#pragma once
// Placement served over HTTP in this process (noauth2) for the client tests:
// the typed client talks to a real server, token "admin".
#include <memory>
#include <string>

#include "common/http/server.hpp"
#include "placement/api/routes.hpp"
#include "placement/client/placement_client.hpp"
#include "placement_fixture.hpp"

namespace onestack::placement::testing {

class PlacementServerTest : public PlacementTest {
  protected:
    void SetUp() override {
        options_.auth_strategy = "noauth2";
        PlacementTest::SetUp();
        app_ = api::make_app(*placement_, nullptr, "");
        http::ServerOptions so;
        so.threads = 4;
        so.access_log = false;
        server_ = std::make_unique<http::Server>(so, *app_);
        server_->start();
    }
    void TearDown() override {
        server_->stop();
        server_.reset();
        app_.reset();
        PlacementTest::TearDown();
    }
    client::ClientOptions client_options() const {
        client::ClientOptions o;
        o.endpoint = "http://127.0.0.1:" + std::to_string(server_->port());
        o.token = [] { return std::string("admin"); };
        return o;
    }
    // A typed client of the server; local: claims, reads and candidates
    // call the placement in this process directly (ClientOptions::local).
    client::PlacementClient make_client(bool local = false) {
        auto o = client_options();
        o.local = local ? placement_.get() : nullptr;
        return client::PlacementClient(o);
    }

    std::unique_ptr<http::Application> app_;
    std::unique_ptr<http::Server> server_;
};

}  // namespace onestack::placement::testing
