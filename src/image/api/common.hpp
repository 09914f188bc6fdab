#pragma once
// What every image handler uses: the caller as glance sees it (admin or
// owner), policy checks with glance's 403, lookups with glance's 404, JSON
// bodies with glance's 400s.
#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "common/api/fault.hpp"
#include "common/http/message.hpp"
#include "image/db/image_list.hpp"
#include "image/db/records.hpp"

namespace onestack::image {
class ImageService;
}

namespace onestack::image::api {

using onestack::api::Fault;
using onestack::http::Request;
using onestack::http::Response;

// context.is_admin: the caller passes "context_is_admin".
bool is_admin(ImageService& svc, const Request& req);
db::Viewer viewer(ImageService& svc, const Request& req);

// The policy target of an image (glance/api/policy.py ImageTarget).
boost::json::object image_target(const ImageRecord& image, const Request& req);
// 403 "You are not authorized to complete <rule> action." when denied.
void enforce(ImageService& svc, const Request& req, std::string_view rule,
             const boost::json::object& target);
bool check(ImageService& svc, const Request& req, std::string_view rule,
           const boost::json::object& target);

// The image if it exists and the caller may see it, else 404 with `missing`
// (glance's default: "No image found with ID <id>").
ImageRecord visible_image(ImageService& svc, const Request& req, const std::string& id,
                          const std::string& missing = {});
// glance/api/v2/policy.py check_is_image_mutable: admin or owner, else 403.
bool owns(ImageService& svc, const Request& req, const ImageRecord& image);
void require_owner(ImageService& svc, const Request& req, const ImageRecord& image,
                   const std::string& message = "You do not own this image");

// The body as JSON: 400 "Body expected in request." when empty and
// "Malformed JSON in request body." when not JSON (glance/common/wsgi.py).
boost::json::value json_body(const Request& req);

Response json_response(unsigned status, const boost::json::value& body);
std::int64_t now_micros();

}  // namespace onestack::image::api
