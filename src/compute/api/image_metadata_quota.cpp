#include "compute/api/image_metadata_quota.hpp"

#include "compute/api/compute_api.hpp"
#include "compute/api/db/quota_store.hpp"

namespace onestack::compute::api {

void check_image_metadata_quota(ComputeApi& api, const Request& req, const json::object& metadata) {
    // mv 2.39 dropped the check (MAX_IMAGE_META_PROXY_API_VERSION).
    if (metadata.empty() || at_least(req, 2, 39)) {
        return;
    }
    const auto wanted = static_cast<int>(metadata.size());
    // quota.py limit_check: the project's limit and the user's (the user's
    // rows over the project's), each -1 for unlimited.
    bool over = api.db().read([&](onestack::db::Conn& c) {
        auto exceeds = [&](const std::map<std::string, int>& limits) {
            int limit = limits.at("metadata_items");
            return limit >= 0 && limit < wanted;
        };
        const auto& defaults = api.options().quota;
        return exceeds(db::project_limits(c, defaults, req.ctx.project_id)) ||
               exceeds(db::project_limits(c, defaults, req.ctx.project_id, req.ctx.user_id));
    });
    if (over) {
        throw Fault::forbidden("Image metadata limit exceeded");
    }
}

}  // namespace onestack::compute::api
