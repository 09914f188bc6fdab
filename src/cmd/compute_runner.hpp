#pragma once
// The compute API as a running service: compute's database migrated, the
// bus clients bound to the transport, its HTTP server up behind token
// authentication. The conductor, scheduler and agents attach to the same
// transport.
#include <memory>
#include <string>

#include "common/api/service_app.hpp"
#include "common/auth/token_validator.hpp"
#include "common/config/config.hpp"
#include "common/http/server.hpp"
#include "compute/api/compute_api.hpp"

namespace onestack::cmd {

class ComputeApiRunner {
  public:
    // identity_uri: where clients get tokens (WWW-Authenticate on 401).
    ComputeApiRunner(const config::Config& conf, std::shared_ptr<auth::TokenValidator> validator,
                     std::string identity_uri, std::shared_ptr<rpc::Transport> transport);
    ~ComputeApiRunner();
    void start();
    void stop();
    compute::api::ComputeApi& api() { return *api_; }
    std::uint16_t port() const { return server_->port(); }

  private:
    std::unique_ptr<compute::api::ComputeApi> api_;
    std::unique_ptr<api::ServiceApp> app_;
    std::unique_ptr<http::Server> server_;
};

// Opens compute's database and brings its schema up to date.
std::unique_ptr<db::Database> open_compute_db(const config::Config& conf);

}  // namespace onestack::cmd
