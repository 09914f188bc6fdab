#include "cmd/metadata_runner.hpp"

#include "common/runtime/common_options.hpp"
#include "compute/metadata/options.hpp"

namespace onestack::cmd {

MetadataRunner::MetadataRunner(const config::Config& conf, db::Database& compute_db)
    : service_(std::make_unique<compute::metadata::MetadataService>(
          compute_db, compute::metadata::service_options_from(conf))) {
    app_ = compute::metadata::make_app(*service_);
    server_ = std::make_unique<http::Server>(
        runtime::listen_options(conf, compute::metadata::kSection), *app_);
}

MetadataRunner::~MetadataRunner() {
    stop();
}

void MetadataRunner::start() {
    server_->start();
}

void MetadataRunner::stop() {
    if (server_) {
        server_->stop();
    }
}

}  // namespace onestack::cmd
