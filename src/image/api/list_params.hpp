#pragma once
// GET /v2/images query parameters into a list query
// (glance/api/v2/images.py RequestDeserializer.index, ImagesController.index
// and the filters of glance/db/sqlalchemy/api.py).
#include "common/http/message.hpp"
#include "image/db/image_list.hpp"
#include "image/image_options.hpp"

namespace onestack::image::api {

// Everything but the marker image, which the caller resolves; 400 with
// glance's words for bad input.
db::ListQuery parse_list_params(const onestack::http::Request& req, const ImageOptions& options,
                                std::optional<std::string>& marker_id);

// "first" and "next" links: /v2/images?<params in request order>[&marker=...].
std::string list_link(const onestack::http::Request& req, const std::string& marker);

}  // namespace onestack::image::api
