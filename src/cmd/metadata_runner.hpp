#pragma once
// The metadata service as a running service: its own listener ([metadata]
// bind_host/bind_port, 8775) over compute's database.
#include <memory>

#include "common/api/service_app.hpp"
#include "common/config/config.hpp"
#include "common/db/database.hpp"
#include "common/http/server.hpp"
#include "compute/metadata/service.hpp"

namespace onestack::cmd {

class MetadataRunner {
  public:
    MetadataRunner(const config::Config& conf, db::Database& compute_db);
    ~MetadataRunner();
    void start();
    void stop();
    std::uint16_t port() const { return server_->port(); }

  private:
    std::unique_ptr<compute::metadata::MetadataService> service_;
    std::unique_ptr<api::ServiceApp> app_;
    std::unique_ptr<http::Server> server_;
};

}  // namespace onestack::cmd
