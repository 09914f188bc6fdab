#pragma once
// The image service as a running service: its database migrated, its stores
// opened, its HTTP server up behind token authentication.
#include <memory>
#include <string>

#include "common/api/service_app.hpp"
#include "common/auth/token_validator.hpp"
#include "common/config/config.hpp"
#include "common/http/server.hpp"
#include "image/image_service.hpp"

namespace onestack::cmd {

class ImageRunner {
  public:
    // identity_uri: where clients get tokens (WWW-Authenticate on 401).
    ImageRunner(const config::Config& conf, std::shared_ptr<auth::TokenValidator> validator,
                std::string identity_uri);
    ~ImageRunner();
    void start();
    void stop();
    image::ImageService& service() { return *service_; }
    std::uint16_t port() const { return server_->port(); }

  private:
    std::unique_ptr<image::ImageService> service_;
    std::unique_ptr<api::ServiceApp> app_;
    std::unique_ptr<http::Server> server_;
};

// Opens the image database and brings its schema up to date.
std::unique_ptr<image::ImageService> open_image(const config::Config& conf);

}  // namespace onestack::cmd
