#pragma once
// PATCH /v2/images/{id}: JSON-patch documents of media type
// application/openstack-images-v2.1-json-patch (and the older v2.0 form),
// parsed and applied as glance/api/v2/images.py does.
#include "image/api/common.hpp"

namespace onestack::image::api {

Response patch_image(ImageService& svc, Request& req);

}  // namespace onestack::image::api
