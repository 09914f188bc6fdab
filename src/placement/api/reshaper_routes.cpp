// POST /reshaper (placement/handlers/reshaper.py), mv 1.30+.
#include "placement/api/common.hpp"
#include "placement/api/routes.hpp"
#include "placement/api/schemas.hpp"
#include "placement/ops/reshape.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::api {

namespace {

Inventory inventory_values(const boost::json::object& o) {
    Inventory inv;
    inv.total = o.at("total").as_int64();
    auto number = [&](const char* key, std::int64_t& out) {
        if (auto* v = o.if_contains(key)) {
            out = v->as_int64();
        }
    };
    number("reserved", inv.reserved);
    number("min_unit", inv.min_unit);
    number("max_unit", inv.max_unit);
    number("step_size", inv.step_size);
    if (auto* v = o.if_contains("allocation_ratio")) {
        inv.allocation_ratio = v->is_double() ? v->as_double() : static_cast<double>(v->as_int64());
    }
    return inv;
}

Response reshape(Placement& placement, Request& req) {
    require_version(req, 30);
    require_json_content(req);
    authorize(placement, req, "placement:reshaper:reshape");
    const int minor = version(req).minor;
    auto data = extract_json(req, schemas::reshaper(minor)).as_object();
    std::vector<ops::ProviderInventories> inventories;
    for (const auto& [rp, body] : data.at("inventories").as_object()) {
        const auto& o = body.as_object();
        ops::ProviderInventories pi;
        pi.provider_uuid = std::string(rp);
        pi.generation = o.at("resource_provider_generation").as_int64();
        for (const auto& [rc, inv] : o.at("inventories").as_object()) {
            pi.inventories.push_back({std::string(rc), inventory_values(inv.as_object())});
        }
        inventories.push_back(std::move(pi));
    }
    std::vector<ops::ConsumerAllocations> allocations;
    for (const auto& [consumer, body] : data.at("allocations").as_object()) {
        const auto& o = body.as_object();
        ops::ConsumerAllocations c;
        c.consumer_uuid = std::string(consumer);
        for (const auto& [rp, alloc] : o.at("allocations").as_object()) {
            ops::ProviderResources pr{std::string(rp), {}};
            for (const auto& [rc, amount] : alloc.as_object().at("resources").as_object()) {
                pr.resources.emplace_back(std::string(rc), amount.as_int64());
            }
            c.allocations.push_back(std::move(pr));
        }
        c.project_id = std::string(o.at("project_id").as_string());
        c.user_id = std::string(o.at("user_id").as_string());
        if (auto* g = o.if_contains("consumer_generation"); g && g->is_int64()) {
            c.consumer_generation = g->as_int64();
        }
        if (auto* t = o.if_contains("consumer_type")) {
            c.consumer_type = std::string(t->as_string());
        }
        allocations.push_back(std::move(c));
    }
    ops::AllocationOptions options;
    options.check_consumer_generation = true;  // the reshaper exists only from 1.30
    options.set_consumer_type = at_least(req, 38);
    options.incomplete_project_id = placement.options().incomplete_consumer_project_id;
    options.incomplete_user_id = placement.options().incomplete_consumer_user_id;
    ops::reshape(placement.store(), inventories, allocations, options);
    return Response::empty(204);
}

}  // namespace

void add_reshaper_routes(Placement& placement, Router& r) {
    r.add(onestack::http::Verb::post, "/reshaper", bind(placement, reshape));
}

}  // namespace onestack::placement::api
