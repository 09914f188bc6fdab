// /allocations, /allocations/{consumer_uuid} and
// /resource_providers/{uuid}/allocations (placement/handlers/allocation.py).
#include "common/util/ids.hpp"
#include "placement/api/allocation_writes.hpp"
#include "placement/api/common.hpp"
#include "placement/api/routes.hpp"
#include "placement/api/schemas.hpp"
#include "placement/errors.hpp"
#include "placement/ops/allocations.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::api {

namespace {

std::vector<std::pair<std::string, std::int64_t>> resources_of(const boost::json::object& o) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const auto& [rc, amount] : o) {
        out.emplace_back(std::string(rc), amount.as_int64());
    }
    return out;
}

// A consumer's part of a 1.12+ body: {"allocations": {rp: {"resources": {...}}},
// "project_id", "user_id", "consumer_generation", "consumer_type"}.
ops::ConsumerAllocations consumer_from(const std::string& uuid, const boost::json::object& data) {
    ops::ConsumerAllocations c;
    c.consumer_uuid = uuid;
    for (const auto& [rp, body] : data.at("allocations").as_object()) {
        c.allocations.push_back(
            {std::string(rp), resources_of(body.as_object().at("resources").as_object())});
    }
    if (auto* v = data.if_contains("project_id")) {
        c.project_id = std::string(v->as_string());
    }
    if (auto* v = data.if_contains("user_id")) {
        c.user_id = std::string(v->as_string());
    }
    if (auto* v = data.if_contains("consumer_generation"); v && v->is_int64()) {
        c.consumer_generation = v->as_int64();
    }
    if (auto* v = data.if_contains("consumer_type")) {
        c.consumer_type = std::string(v->as_string());
    }
    return c;
}

ops::AllocationOptions options_for(Placement& placement, const Request& req,
                                   ops::AllocationOptions::Wording wording) {
    ops::AllocationOptions o;
    o.check_consumer_generation = at_least(req, 28);
    o.set_consumer_type = at_least(req, 38);
    o.wording = wording;
    o.incomplete_project_id = placement.options().incomplete_consumer_project_id;
    o.incomplete_user_id = placement.options().incomplete_consumer_user_id;
    return o;
}

// str(uuid.UUID(x)).
std::string canonical(const std::string& text) {
    std::string hex;
    for (char ch : text) {
        if (std::isxdigit(static_cast<unsigned char>(ch))) {
            hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
        }
    }
    if (hex.size() != 32) {
        return text;
    }
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20);
}

Response put_allocations(Placement& placement, Request& req) {
    require_json_content(req);
    authorize(placement, req, "placement:allocations:update");
    const std::string uuid = consumer_uuid_of(path_param(req, "consumer_uuid"));
    const int minor = version(req).minor;
    auto data = extract_json(req, schemas::put_allocations(minor)).as_object();
    ops::ConsumerAllocations c;
    if (minor < 12) {
        // The list form: [{"resource_provider": {"uuid"}, "resources": {...}}].
        c.consumer_uuid = uuid;
        for (const auto& a : data.at("allocations").as_array()) {
            const auto& o = a.as_object();
            std::string rp(o.at("resource_provider").as_object().at("uuid").as_string());
            auto res = resources_of(o.at("resources").as_object());
            auto it = std::find_if(c.allocations.begin(), c.allocations.end(),
                                   [&](const auto& pr) { return pr.provider_uuid == rp; });
            if (it != c.allocations.end()) {
                it->resources = std::move(res);  // a dict keyed by provider: the last wins
            } else {
                c.allocations.push_back({rp, std::move(res)});
            }
        }
        if (auto* v = data.if_contains("project_id")) {
            c.project_id = std::string(v->as_string());
        }
        if (auto* v = data.if_contains("user_id")) {
            c.user_id = std::string(v->as_string());
        }
    } else {
        c = consumer_from(uuid, data);
    }
    put_consumer_allocations(placement, req, c);
    return Response::empty(204);
}

Response post_allocations(Placement& placement, Request& req) {
    require_version(req, 13);
    require_json_content(req);
    authorize(placement, req, "placement:allocations:manage");
    auto data = extract_json(req, schemas::post_allocations(version(req).minor)).as_object();
    std::vector<ops::ConsumerAllocations> consumers;
    for (const auto& [uuid, body] : data) {
        consumers.push_back(consumer_from(std::string(uuid), body.as_object()));
    }
    ops::set_allocations(placement.store(), consumers,
                         options_for(placement, req, ops::AllocationOptions::Wording::post));
    return Response::empty(204);
}

Response get_consumer_allocations(Placement& placement, Request& req) {
    check_accept_json(req);
    authorize(placement, req, "placement:allocations:list");
    const auto& uuid = path_param(req, "consumer_uuid");
    boost::json::object body;
    Timestamp last = 0;
    placement.store().read([&](const Model& m) {
        boost::json::object allocations;
        const Consumer* c = m.consumer(uuid);
        if (c) {
            for (const auto& a : c->allocations) {
                const Provider* p = m.provider(a.provider_id);
                auto& entry = allocations[p->uuid];
                if (!entry.is_object()) {
                    entry = boost::json::object{{"resources", boost::json::object{}}};
                }
                entry.as_object()["resources"]
                    .as_object()[m.resource_classes.name(a.resource_class)] = a.used;
                entry.as_object()["generation"] = p->generation;
                last = std::max(last, a.updated_at ? a.updated_at : a.created_at);
            }
        }
        body["allocations"] = std::move(allocations);
        if (c && !c->allocations.empty() && at_least(req, 12)) {
            body["project_id"] = c->project_id;
            body["user_id"] = c->user_id;
            if (at_least(req, 28)) {
                body["consumer_generation"] = c->generation;
            }
            if (at_least(req, 38)) {
                body["consumer_type"] = c->consumer_type ? m.consumer_types.name(c->consumer_type)
                                                         : std::string(kUnknownConsumerType);
            }
        }
    });
    auto res = json_response(200, body);
    set_last_modified(req, res, last);
    return res;
}

Response delete_consumer_allocations(Placement& placement, Request& req) {
    authorize(placement, req, "placement:allocations:delete");
    ops::delete_allocations(placement.store(), path_param(req, "consumer_uuid"));
    return Response::empty(204);
}

Response get_provider_allocations(Placement& placement, Request& req) {
    check_accept_json(req);
    authorize(placement, req, "placement:resource_providers:allocations:list");
    const auto& uuid = path_param(req, "uuid");
    const bool with_generation = at_least(req, 28);
    boost::json::object body;
    Timestamp last = 0;
    placement.store().read([&](const Model& m) {
        const Provider* p = m.provider(uuid);
        if (!p) {
            throw Fault(404, "Resource provider '" + uuid +
                                 "' not found: No resource provider with uuid " + uuid + " found");
        }
        boost::json::object allocations;
        for (const auto& consumer_uuid : p->consumers) {
            const Consumer* c = m.consumer(consumer_uuid);
            boost::json::object resources;
            for (const auto& a : c->allocations) {
                if (a.provider_id == p->id) {
                    resources[m.resource_classes.name(a.resource_class)] = a.used;
                    last = std::max(last, a.updated_at ? a.updated_at : a.created_at);
                }
            }
            boost::json::object entry{{"resources", std::move(resources)}};
            if (with_generation) {
                entry["consumer_generation"] = c->generation;
            }
            allocations[consumer_uuid] = std::move(entry);
        }
        body["allocations"] = std::move(allocations);
        body["resource_provider_generation"] = p->generation;
    });
    auto res = json_response(200, body);
    set_last_modified(req, res, last);
    return res;
}

}  // namespace

std::string consumer_uuid_of(const std::string& raw) {
    if (!util::is_uuid_like(raw)) {
        throw errors::bad_request("Malformed consumer_uuid: " + raw);
    }
    return canonical(raw);
}

void put_consumer_allocations(Placement& placement, const Request& req,
                              const ops::ConsumerAllocations& consumer) {
    ops::set_allocations(placement.store(), {consumer},
                         options_for(placement, req, ops::AllocationOptions::Wording::put));
}

void add_allocation_routes(Placement& placement, Router& r) {
    using onestack::http::Verb;
    r.add(Verb::post, "/allocations", bind(placement, post_allocations));
    r.add(Verb::get, "/allocations/{consumer_uuid}", bind(placement, get_consumer_allocations));
    r.add(Verb::put, "/allocations/{consumer_uuid}", bind(placement, put_allocations));
    r.add(Verb::delete_, "/allocations/{consumer_uuid}",
          bind(placement, delete_consumer_allocations));
    r.add(Verb::get, "/resource_providers/{uuid}/allocations",
          bind(placement, get_provider_allocations));
}

}  // namespace onestack::placement::api
