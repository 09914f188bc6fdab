#pragma once
// The image API's route groups and the application that serves them.
#include <memory>
#include <string>

#include "common/api/service_app.hpp"
#include "common/auth/token_validator.hpp"
#include "common/http/router.hpp"

namespace onestack::image {
class ImageService;
}

namespace onestack::image::api {

void add_version_routes(ImageService& svc, http::Router& r);
void add_schema_routes(ImageService& svc, http::Router& r);
void add_info_routes(ImageService& svc, http::Router& r);
void add_image_routes(ImageService& svc, http::Router& r);
void add_action_routes(ImageService& svc, http::Router& r);
void add_data_routes(ImageService& svc, http::Router& r);
void add_import_routes(ImageService& svc, http::Router& r);
void add_tag_routes(ImageService& svc, http::Router& r);
void add_member_routes(ImageService& svc, http::Router& r);
void add_task_routes(ImageService& svc, http::Router& r);

// Glance's fault dialect, keystonemiddleware's auth_token in front, every route group.
std::unique_ptr<onestack::api::ServiceApp> make_app(ImageService& svc,
                                                    std::shared_ptr<auth::TokenValidator> validator,
                                                    std::string identity_uri);

}  // namespace onestack::image::api
