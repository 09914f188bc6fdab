#include "cmd/image_runner.hpp"

#include "common/db/migrations.hpp"
#include "common/runtime/common_options.hpp"
#include "image/api/routes.hpp"
#include "image/db/schema.hpp"
#include "image/options.hpp"

namespace onestack::cmd {

std::unique_ptr<image::ImageService> open_image(const config::Config& conf) {
    auto database = db::Database::open(image::database_url(conf));
    db::migrate(*database, "image", image::db::migrations());
    return std::make_unique<image::ImageService>(image::options_from(conf), std::move(database));
}

ImageRunner::ImageRunner(const config::Config& conf,
                         std::shared_ptr<auth::TokenValidator> validator, std::string identity_uri)
    : service_(open_image(conf)) {
    app_ = image::api::make_app(*service_, std::move(validator), std::move(identity_uri));
    auto options = runtime::listen_options(conf, image::kSection);
    // Uploads and downloads of several images at once each hold a blocking thread.
    options.blocking_threads = 16;
    server_ = std::make_unique<http::Server>(options, *app_);
}

ImageRunner::~ImageRunner() {
    stop();
}

void ImageRunner::start() {
    server_->start();
}

void ImageRunner::stop() {
    if (server_) {
        server_->stop();
    }
}

}  // namespace onestack::cmd
