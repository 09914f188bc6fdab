#include "cmd/compute_runner.hpp"

#include "common/db/migrations.hpp"
#include "common/runtime/common_options.hpp"
#include "compute/api/options.hpp"
#include "compute/api/routes.hpp"
#include "compute/database_options.hpp"
#include "compute/db/schema.hpp"

namespace onestack::cmd {

std::unique_ptr<db::Database> open_compute_db(const config::Config& conf) {
    auto database = db::Database::open(compute::database_url(conf));
    db::migrate(*database, "compute", compute::db::migrations());
    return database;
}

ComputeApiRunner::ComputeApiRunner(const config::Config& conf,
                                   std::shared_ptr<auth::TokenValidator> validator,
                                   std::string identity_uri,
                                   std::shared_ptr<rpc::Transport> transport)
    : api_(std::make_unique<compute::api::ComputeApi>(
          compute::api::options_from(conf), open_compute_db(conf), std::move(transport))) {
    app_ = compute::api::make_app(*api_, std::move(validator), std::move(identity_uri));
    server_ = std::make_unique<http::Server>(runtime::listen_options(conf, compute::api::kSection),
                                             *app_);
}

ComputeApiRunner::~ComputeApiRunner() {
    stop();
}

void ComputeApiRunner::start() {
    server_->start();
}

void ComputeApiRunner::stop() {
    if (server_) {
        server_->stop();
    }
}

}  // namespace onestack::cmd
