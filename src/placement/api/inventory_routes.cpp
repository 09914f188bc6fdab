// /resource_providers/{uuid}/inventories[/{resource_class}]
// (placement/handlers/inventory.py).
#include "placement/api/common.hpp"
#include "placement/api/routes.hpp"
#include "placement/api/schemas.hpp"
#include "placement/api/views.hpp"
#include "placement/errors.hpp"
#include "placement/ops/inventories.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::api {

namespace {

// INVENTORY_DEFAULTS overlaid with the body's fields.
Inventory inventory_from(const boost::json::object& o) {
    Inventory inv;
    inv.total = o.at("total").as_int64();
    if (auto* v = o.if_contains("reserved")) {
        inv.reserved = v->as_int64();
    }
    if (auto* v = o.if_contains("min_unit")) {
        inv.min_unit = v->as_int64();
    }
    if (auto* v = o.if_contains("max_unit")) {
        inv.max_unit = v->as_int64();
    }
    if (auto* v = o.if_contains("step_size")) {
        inv.step_size = v->as_int64();
    }
    if (auto* v = o.if_contains("allocation_ratio")) {
        inv.allocation_ratio = v->is_double() ? v->as_double() : static_cast<double>(v->as_int64());
    }
    return inv;
}

// "No resource provider with uuid X found : <the same>": upstream's wording.
const Provider& provider_for_get(const Model& m, const std::string& uuid) {
    const auto* p = m.provider(uuid);
    if (!p) {
        const std::string msg = "No resource provider with uuid " + uuid + " found";
        throw Fault(404, msg + " : " + msg);
    }
    return *p;
}

void ensure_provider(Placement& placement, const std::string& uuid) {
    placement.store().read([&](const Model& m) { ops::require_provider(m, uuid); });
}

Response send_inventories(const Request& req, const Model& m, const Provider& p) {
    boost::json::object invs;
    Timestamp last = 0;
    for (const auto& inv : p.inventories) {
        invs[m.resource_classes.name(inv.resource_class)] = inventory_json(inv);
        last = std::max(last, modified(inv.created_at, inv.updated_at));
    }
    auto res =
        json_response(200, {{"resource_provider_generation", p.generation}, {"inventories", invs}});
    set_last_modified(req, res, last);
    return res;
}

Response list_inventories(Placement& placement, Request& req) {
    authorize(placement, req, "placement:resource_providers:inventories:list");
    check_accept_json(req);
    return placement.store().read([&](const Model& m) {
        return send_inventories(req, m, provider_for_get(m, path_param(req, "uuid")));
    });
}

Response show_inventory(Placement& placement, Request& req) {
    authorize(placement, req, "placement:resource_providers:inventories:show");
    check_accept_json(req);
    const auto& uuid = path_param(req, "uuid");
    const auto& rc = path_param(req, "resource_class");
    return placement.store().read([&](const Model& m) {
        const Provider& p = provider_for_get(m, uuid);
        auto id = m.resource_classes.id(rc);
        const Inventory* inv = id ? p.inventory(*id) : nullptr;
        if (!inv) {
            throw Fault(404, "No inventory of class " + rc + " for " + uuid);
        }
        auto res = json_response(200, inventory_json(*inv, p.generation));
        set_last_modified(req, res, modified(inv->created_at, inv->updated_at));
        return res;
    });
}

Response create_inventory(Placement& placement, Request& req) {
    authorize(placement, req, "placement:resource_providers:inventories:create");
    require_json_content(req);
    const auto& uuid = path_param(req, "uuid");
    ensure_provider(placement, uuid);
    auto data = extract_json(req, schemas::post_inventory()).as_object();
    ops::InventoryInput in{std::string(data.at("resource_class").as_string()),
                           inventory_from(data)};
    auto r = ops::create_inventory(placement.store(), uuid, in, at_least(req, 26));
    auto res = json_response(201, inventory_json(r.inventory, r.generation));
    res.set("Location", provider_url(uuid) + "/inventories/" + r.resource_class);
    set_last_modified(req, res, modified(r.inventory.created_at, r.inventory.updated_at));
    return res;
}

Response update_inventory(Placement& placement, Request& req) {
    authorize(placement, req, "placement:resource_providers:inventories:update");
    require_json_content(req);
    const auto& uuid = path_param(req, "uuid");
    ensure_provider(placement, uuid);
    auto data = extract_json(req, schemas::put_inventory()).as_object();
    ops::InventoryInput in{path_param(req, "resource_class"), inventory_from(data)};
    auto r = ops::update_inventory(placement.store(), uuid,
                                   data.at("resource_provider_generation").as_int64(), in,
                                   at_least(req, 26));
    auto res = json_response(200, inventory_json(r.inventory, r.generation));
    set_last_modified(req, res, modified(r.inventory.created_at, r.inventory.updated_at));
    return res;
}

Response delete_inventory(Placement& placement, Request& req) {
    authorize(placement, req, "placement:resource_providers:inventories:delete");
    const auto& uuid = path_param(req, "uuid");
    ensure_provider(placement, uuid);
    ops::delete_inventory(placement.store(), uuid, path_param(req, "resource_class"));
    return Response::empty(204);
}

Response set_inventories(Placement& placement, Request& req) {
    authorize(placement, req, "placement:resource_providers:inventories:update");
    require_json_content(req);
    const auto& uuid = path_param(req, "uuid");
    ensure_provider(placement, uuid);
    auto data = extract_json(req, schemas::put_inventories()).as_object();
    std::vector<ops::InventoryInput> inputs;
    for (const auto& [rc, body] : data.at("inventories").as_object()) {
        inputs.push_back({std::string(rc), inventory_from(body.as_object())});
    }
    auto result = ops::set_inventories(placement.store(), uuid,
                                       data.at("resource_provider_generation").as_int64(),
                                       std::move(inputs), at_least(req, 26));
    boost::json::object invs;
    Timestamp last = 0;
    for (const auto& [rc, inv] : result.inventories) {
        invs[rc] = inventory_json(inv);
        last = std::max(last, modified(inv.created_at, inv.updated_at));
    }
    auto res = json_response(
        200, {{"resource_provider_generation", result.generation}, {"inventories", invs}});
    set_last_modified(req, res, last);
    return res;
}

Response delete_inventories(Placement& placement, Request& req) {
    require_version(req, 5, 405);
    authorize(placement, req, "placement:resource_providers:inventories:delete");
    const auto& uuid = path_param(req, "uuid");
    ensure_provider(placement, uuid);
    try {
        ops::delete_inventories(placement.store(), uuid);
    } catch (const Fault& f) {
        if (f.status() == 409 && f.code() == errors::kConcurrentUpdate) {
            throw Fault(409,
                        "Unable to delete inventory for resource provider " + uuid +
                            " because the inventory was updated by another process. Please "
                            "retry your request.",
                        f.code());
        }
        throw;
    }
    return Response::empty(204);
}

}  // namespace

void add_inventory_routes(Placement& placement, Router& r) {
    using onestack::http::Verb;
    const std::string base = "/resource_providers/{uuid}/inventories";
    r.add(Verb::get, base, bind(placement, list_inventories));
    r.add(Verb::post, base, bind(placement, create_inventory));
    r.add(Verb::put, base, bind(placement, set_inventories));
    r.add(Verb::delete_, base, bind(placement, delete_inventories));
    r.add(Verb::get, base + "/{resource_class}", bind(placement, show_inventory));
    r.add(Verb::put, base + "/{resource_class}", bind(placement, update_inventory));
    r.add(Verb::delete_, base + "/{resource_class}", bind(placement, delete_inventory));
}

}  // namespace onestack::placement::api
