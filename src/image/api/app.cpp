#include "common/auth/auth_token.hpp"
#include "image/api/common.hpp"
#include "image/api/routes.hpp"

namespace onestack::image::api {

std::unique_ptr<onestack::api::ServiceApp> make_app(ImageService& svc,
                                                    std::shared_ptr<auth::TokenValidator> validator,
                                                    std::string identity_uri) {
    auto app =
        std::make_unique<onestack::api::ServiceApp>("image", onestack::api::FaultFormat::Glance);
    app->use(auth::auth_token_middleware(std::move(validator), std::move(identity_uri)));
    // Glance's routes.Mapper has no trailing-slash form of a resource: "/v2/images/"
    // (an empty image id) is 404, where our router would read it as "/v2/images".
    app->use([](Request& req, const http::Handler& next) {
        if (req.path.size() > 4 && req.path.back() == '/' && req.path != "/v2/") {
            throw Fault::not_found("The resource could not be found.");
        }
        return next(req);
    });
    auto& r = app->router();
    add_version_routes(svc, r);
    add_schema_routes(svc, r);
    add_info_routes(svc, r);
    add_image_routes(svc, r);
    add_action_routes(svc, r);
    add_data_routes(svc, r);
    add_import_routes(svc, r);
    add_tag_routes(svc, r);
    add_member_routes(svc, r);
    add_task_routes(svc, r);
    return app;
}

}  // namespace onestack::image::api
