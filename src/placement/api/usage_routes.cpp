// GET /resource_providers/{uuid}/usages and GET /usages
// (placement/handlers/usage.py, objects/usage.py).
#include <map>
#include <set>

#include "placement/api/common.hpp"
#include "placement/api/routes.hpp"
#include "placement/api/schemas.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::api {

namespace {

Response provider_usages(Placement& placement, Request& req) {
    authorize(placement, req, "placement:resource_providers:usages");
    check_accept_json(req);
    const auto& uuid = path_param(req, "uuid");
    auto res = placement.store().read([&](const Model& m) {
        const Provider* p = m.provider(uuid);
        if (!p) {
            const std::string msg = "No resource provider with uuid " + uuid + " found";
            throw Fault(404, msg + ": " + msg);
        }
        boost::json::object usages;
        for (const auto& inv : p->inventories) {
            usages[m.resource_classes.name(inv.resource_class)] = p->used(inv.resource_class);
        }
        return json_response(200,
                             {{"resource_provider_generation", p->generation}, {"usages", usages}});
    });
    set_last_modified(req, res, now());
    return res;
}

// The last value of a query key, as req.GET.get() returns it.
std::optional<std::string> last_value(const Request& req, const char* key) {
    auto all = req.query().get_all(key);
    if (all.empty()) {
        return std::nullopt;
    }
    return all.back();
}

Response total_usages(Placement& placement, Request& req) {
    require_version(req, 9);
    auto project_id = last_value(req, "project_id");
    auto user_id = last_value(req, "user_id");
    auto consumer_type = last_value(req, "consumer_type");
    boost::json::object target;
    target["project_id"] = project_id ? boost::json::value(*project_id) : nullptr;
    authorize(placement, req, "placement:usages", target);
    check_accept_json(req);
    const bool by_type = at_least(req, 38);
    validate_query(req, schemas::usages(by_type));
    boost::json::object usages;
    placement.store().read([&](const Model& m) {
        // Per consumer type (or one "all"/"unknown" bucket): sums and consumers.
        std::map<std::string, std::map<std::string, std::int64_t>> sums;
        std::map<std::string, std::set<std::string>> consumers;
        for (const auto& [uuid, c] : m.consumers) {
            if (c.project_id != *project_id ||
                (user_id && !user_id->empty() && c.user_id != *user_id)) {
                continue;
            }
            std::string bucket = "";
            if (by_type) {
                std::string type = c.consumer_type ? m.consumer_types.name(c.consumer_type)
                                                   : std::string(kUnknownConsumerType);
                if (consumer_type && *consumer_type == "all") {
                    bucket = "all";
                } else if (consumer_type && *consumer_type != type) {
                    continue;
                } else {
                    bucket = type;
                }
            }
            for (const auto& a : c.allocations) {
                sums[bucket][m.resource_classes.name(a.resource_class)] += a.used;
                consumers[bucket].insert(uuid);
            }
        }
        for (const auto& [bucket, by_rc] : sums) {
            boost::json::object o;
            for (const auto& [rc, used] : by_rc) {
                o[rc] = used;
            }
            if (by_type) {
                o["consumer_count"] = consumers[bucket].size();
                usages[bucket] = std::move(o);
            } else {
                usages = std::move(o);
            }
        }
    });
    auto res = json_response(200, {{"usages", usages}});
    set_last_modified(req, res, now());
    return res;
}

}  // namespace

void add_usage_routes(Placement& placement, Router& r) {
    using onestack::http::Verb;
    r.add(Verb::get, "/resource_providers/{uuid}/usages", bind(placement, provider_usages));
    r.add(Verb::get, "/usages", bind(placement, total_usages));
}

}  // namespace onestack::placement::api
