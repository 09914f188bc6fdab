#include "image/api/common.hpp"

#include "common/policy/credentials.hpp"
#include "common/util/time.hpp"
#include "image/db/image_table.hpp"
#include "image/image_service.hpp"

namespace onestack::image::api {

bool is_admin(ImageService& svc, const Request& req) {
    return svc.policy().check("context_is_admin", {}, policy::credentials_from(req.ctx));
}

db::Viewer viewer(ImageService& svc, const Request& req) {
    db::Viewer v;
    v.admin = is_admin(svc, req);
    if (!req.ctx.project_id.empty()) {
        v.project = req.ctx.project_id;
    }
    return v;
}

boost::json::object image_target(const ImageRecord& image, const Request& req) {
    boost::json::object t;
    boost::json::value owner = image.owner ? boost::json::value(*image.owner) : nullptr;
    t["project_id"] = owner;
    t["owner"] = owner;
    t["visibility"] = image.visibility;
    t["id"] = image.id;
    // ImageTarget answers member_id with the caller's project when it is a member.
    t["member_id"] = req.ctx.project_id;
    return t;
}

bool check(ImageService& svc, const Request& req, std::string_view rule,
           const boost::json::object& target) {
    return svc.policy().check(rule, target, policy::credentials_from(req.ctx));
}

void enforce(ImageService& svc, const Request& req, std::string_view rule,
             const boost::json::object& target) {
    if (!check(svc, req, rule, target)) {
        throw Fault::forbidden("You are not authorized to complete " + std::string(rule) +
                               " action.");
    }
}

ImageRecord visible_image(ImageService& svc, const Request& req, const std::string& id,
                          const std::string& missing) {
    auto v = viewer(svc, req);
    auto found = svc.db().read([&](onestack::db::Conn& c) -> std::optional<ImageRecord> {
        auto image = db::find_image(c, id);
        if (!image || !db::is_visible(c, *image, v)) {
            return std::nullopt;
        }
        return image;
    });
    if (!found) {
        throw Fault::not_found(missing.empty() ? "No image found with ID " + id : missing);
    }
    return std::move(*found);
}

bool owns(ImageService& svc, const Request& req, const ImageRecord& image) {
    if (is_admin(svc, req)) {
        return true;
    }
    return image.owner && !req.ctx.project_id.empty() && *image.owner == req.ctx.project_id;
}

void require_owner(ImageService& svc, const Request& req, const ImageRecord& image,
                   const std::string& message) {
    if (!owns(svc, req, image)) {
        throw Fault::forbidden(message);
    }
}

boost::json::value json_body(const Request& req) {
    if (req.body.empty()) {
        throw Fault::bad_request("Body expected in request.");
    }
    boost::system::error_code ec;
    auto v = boost::json::parse(req.body, ec);
    if (ec) {
        throw Fault::bad_request("Malformed JSON in request body.");
    }
    return v;
}

Response json_response(unsigned status, const boost::json::value& body) {
    return Response::json(status, body);
}

std::int64_t now_micros() {
    return util::now_unix_micros();
}

}  // namespace onestack::image::api
