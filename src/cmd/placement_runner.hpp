#pragma once
// Placement as a running service: its database migrated, the standard
// names synced, the model loaded, its HTTP server up.
#include <memory>
#include <string>

#include "common/auth/token_validator.hpp"
#include "common/config/config.hpp"
#include "common/http/server.hpp"
#include "placement/placement.hpp"

namespace onestack::cmd {

class PlacementRunner {
  public:
    // validator: how tokens are checked (null with [placement] auth_strategy
    // = noauth2); identity_uri: where clients get tokens (WWW-Authenticate).
    PlacementRunner(const config::Config& conf, std::shared_ptr<auth::TokenValidator> validator,
                    std::string identity_uri);
    ~PlacementRunner();
    void start();
    void stop();
    placement::Placement& placement() { return *placement_; }
    std::uint16_t port() const { return server_->port(); }

  private:
    std::unique_ptr<placement::Placement> placement_;
    std::unique_ptr<http::Application> app_;
    std::unique_ptr<http::Server> server_;
};

// Opens placement's database and brings its schema up to date.
std::unique_ptr<placement::Placement> open_placement(const config::Config& conf);

}  // namespace onestack::cmd
