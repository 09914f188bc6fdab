#pragma once
// Per-project and per-image limits, with glance's 413 wording.
#include <cstdint>
#include <optional>
#include <string>

#include "common/db/database.hpp"
#include "image/db/records.hpp"

namespace onestack::image {
class ImageService;
}

namespace onestack::image::api {

// glance/quota/keystone.py enforce_image_count_total (oslo.limit's words).
void enforce_image_count(ImageService& svc, onestack::db::Conn& c, const std::string& owner);
// glance/quota/__init__.py: properties and tags per image.
void enforce_property_and_tag_quota(ImageService& svc, const ImageRecord& image);
void enforce_member_quota(ImageService& svc, std::int64_t attempted);
// Bytes the owner may still store (user_storage_quota), nullopt when unlimited.
std::optional<std::uint64_t> storage_remaining(ImageService& svc, const std::string& owner,
                                               const std::string& image_id);
// "Image exceeds the storage quota: The size of the data N will exceed the limit. R bytes
// remaining."
[[noreturn]] void throw_storage_quota(std::uint64_t size, std::uint64_t remaining);

}  // namespace onestack::image::api
