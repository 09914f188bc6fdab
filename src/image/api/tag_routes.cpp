// PUT and DELETE /v2/images/{id}/tags/{tag} (glance/api/v2/image_tags.py).
#include <algorithm>

#include "image/api/common.hpp"
#include "image/api/image_validation.hpp"
#include "image/api/quotas.hpp"
#include "image/api/routes.hpp"
#include "image/db/image_table.hpp"
#include "image/image_service.hpp"

namespace onestack::image::api {
namespace {

Response change_tag(ImageService& svc, Request& req, bool add) {
    const auto& id = req.param("image_id");
    const auto& tag = req.param("tag_value");
    if (add) {
        validate_against_image_schema(boost::json::object{{"tags", boost::json::array{tag}}});
    }
    auto image = visible_image(svc, req, id, "Image " + id + " not found.");
    if (!owns(svc, req, image)) {
        throw Fault::forbidden(std::string("Not allowed to ") + (add ? "update" : "delete") +
                               " tags for image " + id + ".");
    }
    svc.db().write([&](onestack::db::Conn& c) {
        auto current = db::find_image(c, id);
        if (!current) {
            throw Fault::not_found("Image " + id + " not found.");
        }
        auto it = std::find(current->tags.begin(), current->tags.end(), tag);
        if (add) {
            if (it != current->tags.end()) {
                return;
            }
            current->tags.push_back(tag);
            try {
                enforce_property_and_tag_quota(svc, *current);
            } catch (const Fault& f) {
                throw Fault::too_large("Image tag limit exceeded for image " + id + ": " +
                                       f.message() + ":");
            }
        } else {
            if (it == current->tags.end()) {
                throw Fault::not_found("The resource could not be found.");
            }
            current->tags.erase(it);
        }
        current->updated_at = now_micros();
        db::update_image(c, *current);
    });
    return Response::empty(204);
}

}  // namespace

void add_tag_routes(ImageService& svc, http::Router& r) {
    r.add(http::Verb::put, "/v2/images/{image_id}/tags/{tag_value}",
          [&svc](Request& req) { return change_tag(svc, req, true); });
    r.add(http::Verb::delete_, "/v2/images/{image_id}/tags/{tag_value}",
          [&svc](Request& req) { return change_tag(svc, req, false); });
}

}  // namespace onestack::image::api
