#pragma once
// common.check_img_metadata_properties_quota: image properties a request
// asks for (createImage and createBackup up to mv 2.38) count against the
// caller's metadata_items quota.
#include "compute/api/common.hpp"

namespace onestack::compute::api {

// 403 "Image metadata limit exceeded" when `metadata` has more items than
// the caller's project or user metadata_items limit (-1: unlimited); from
// mv 2.39 nothing is checked.
void check_image_metadata_quota(ComputeApi& api, const Request& req, const json::object& metadata);

}  // namespace onestack::compute::api
