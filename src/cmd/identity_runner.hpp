#pragma once
// Identity as a running service: its database migrated, its HTTP server up.
#include <memory>

#include "common/api/service_app.hpp"
#include "common/config/config.hpp"
#include "common/http/server.hpp"
#include "identity/identity.hpp"

namespace onestack::cmd {

class IdentityRunner {
  public:
    explicit IdentityRunner(const config::Config& conf);
    ~IdentityRunner();
    void start();
    void stop();
    identity::Identity& identity() { return *identity_; }
    std::uint16_t port() const { return server_->port(); }

  private:
    std::unique_ptr<identity::Identity> identity_;
    std::unique_ptr<api::ServiceApp> app_;
    std::unique_ptr<http::Server> server_;
};

// Opens identity's database and brings its schema up to date.
std::unique_ptr<identity::Identity> open_identity(const config::Config& conf);

}  // namespace onestack::cmd
