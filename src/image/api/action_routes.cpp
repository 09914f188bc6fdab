// POST /v2/images/{id}/actions/{deactivate,reactivate} (glance/api/v2/image_actions.py).
#include "image/api/common.hpp"
#include "image/api/routes.hpp"
#include "image/db/image_table.hpp"
#include "image/image_service.hpp"

namespace onestack::image::api {
namespace {

// from -> to; the other of the pair is a no-op (domain Image.deactivate/reactivate).
Response change_activation(ImageService& svc, Request& req, const std::string& rule,
                           const std::string& verb, const std::string& from,
                           const std::string& to) {
    const auto& id = req.param("image_id");
    auto image = visible_image(svc, req, id);
    enforce(svc, req, rule, image_target(image, req));
    require_owner(svc, req, image);
    if (image.status == to) {
        return Response::empty(204);
    }
    bool changed = svc.db().write([&](onestack::db::Conn& c) {
        return db::transition_status(c, id, from, to, now_micros());
    });
    if (!changed) {
        auto now = visible_image(svc, req, id);
        if (now.status != to) {
            throw Fault::forbidden("Not allowed to " + verb + " image in status '" + now.status +
                                   "'");
        }
    }
    return Response::empty(204);
}

}  // namespace

void add_action_routes(ImageService& svc, http::Router& r) {
    r.add(http::Verb::post, "/v2/images/{image_id}/actions/deactivate", [&svc](Request& req) {
        return change_activation(svc, req, "deactivate", "deactivate", "active", "deactivated");
    });
    r.add(http::Verb::post, "/v2/images/{image_id}/actions/reactivate", [&svc](Request& req) {
        return change_activation(svc, req, "reactivate", "reactivate", "deactivated", "active");
    });
}

}  // namespace onestack::image::api
