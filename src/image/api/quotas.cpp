#include "image/api/quotas.hpp"

#include "common/api/fault.hpp"
#include "image/db/image_table.hpp"
#include "image/image_service.hpp"

namespace onestack::image::api {

using onestack::api::Fault;

namespace {

// glance/common/exception.py LimitExceeded.
std::string limit_exceeded(const std::string& body) {
    return "The request returned a 413 Request Entity Too Large. This generally means that rate "
           "limiting or a quota threshold was breached.\n\nThe response body:\n" +
           body;
}

}  // namespace

void enforce_image_count(ImageService& svc, onestack::db::Conn& c, const std::string& owner) {
    auto limit = svc.options().image_count_quota;
    if (limit < 0) {
        return;
    }
    auto usage = db::count_owned(c, owner);
    if (usage + 1 > limit) {
        throw Fault::too_large(
            limit_exceeded("Project " + owner +
                           " is over a limit for [Resource image_count_total is over limit "
                           "of " +
                           std::to_string(limit) + " due to current usage " +
                           std::to_string(usage) + " and delta 1]"));
    }
}

void enforce_property_and_tag_quota(ImageService& svc, const ImageRecord& image) {
    const auto& o = svc.options();
    // Properties the service sets itself (os_glance_*) do not count against the user.
    std::int64_t props = 0;
    for (const auto& [k, v] : image.properties) {
        props += k.rfind("os_glance", 0) == 0 ? 0 : 1;
    }
    if (o.image_property_quota >= 0 && props > o.image_property_quota) {
        throw Fault::too_large(
            "The limit has been exceeded on the number of allowed image properties. Attempted: " +
            std::to_string(props) + ", Maximum: " + std::to_string(o.image_property_quota));
    }
    auto tags = static_cast<std::int64_t>(image.tags.size());
    if (o.image_tag_quota >= 0 && tags > o.image_tag_quota) {
        throw Fault::too_large(
            "The limit has been exceeded on the number of allowed image tags. Attempted: " +
            std::to_string(tags) + ", Maximum: " + std::to_string(o.image_tag_quota));
    }
}

void enforce_member_quota(ImageService& svc, std::int64_t attempted) {
    auto max = svc.options().image_member_quota;
    if (max >= 0 && attempted > max) {
        throw Fault::too_large(
            "The limit has been exceeded on the number of allowed image members for this image. "
            "Attempted: " +
            std::to_string(attempted) + ", Maximum: " + std::to_string(max));
    }
}

std::optional<std::uint64_t> storage_remaining(ImageService& svc, const std::string& owner,
                                               const std::string& image_id) {
    auto quota = svc.options().user_storage_quota;
    if (quota == 0) {
        return std::nullopt;
    }
    auto used =
        svc.db().read([&](onestack::db::Conn& c) { return db::bytes_stored(c, owner, image_id); });
    auto u = static_cast<std::uint64_t>(std::max<std::int64_t>(used, 0));
    return u >= quota ? 0 : quota - u;
}

void throw_storage_quota(std::uint64_t size, std::uint64_t remaining) {
    throw Fault::too_large("Image exceeds the storage quota: The size of the data " +
                           std::to_string(size) + " will exceed the limit. " +
                           std::to_string(remaining) + " bytes remaining.");
}

}  // namespace onestack::image::api
