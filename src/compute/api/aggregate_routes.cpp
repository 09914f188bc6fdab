// os-aggregates (aggregates.py): host aggregates with hosts and metadata;
// the availability_zone metadata key makes an aggregate a zone.
#include <charconv>

#include "common/util/ids.hpp"
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/db/group_store.hpp"
#include "compute/api/db/host_admin.hpp"
#include "compute/api/routes.hpp"
#include "compute/api/schemas.hpp"
#include "compute/scheduler/host_rows_epoch.hpp"

namespace onestack::compute::api {
namespace {

using onestack::db::Conn;

json::object aggregate_json(const Request& req, const db::Aggregate& a) {
    json::array hosts;
    for (const auto& h : a.hosts) {
        hosts.emplace_back(h);
    }
    json::object md;
    for (const auto& [k, v] : a.metadata) {
        md[k] = v;
    }
    auto az = a.metadata.find("availability_zone");
    json::object o{{"availability_zone",
                    az == a.metadata.end() ? json::value(nullptr) : json::value(az->second)},
                   {"created_at", py_time(a.created_at)},
                   {"deleted", false},
                   {"deleted_at", nullptr},
                   {"hosts", hosts},
                   {"id", a.id},
                   {"metadata", md},
                   {"name", a.name},
                   {"updated_at", py_time(a.updated_at)}};
    // mv 2.41: the uuid.
    if (at_least(req, 2, 41)) {
        o["uuid"] = a.uuid;
    }
    return o;
}

db::Aggregate find(ComputeApi& api, const std::string& id) {
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
    if (ec != std::errc() || p != id.data() + id.size()) {
        throw Fault::bad_request("Invalid aggregate id " + id);
    }
    auto a = api.db().read([&](Conn& c) { return db::get_aggregate(c, n); });
    if (!a) {
        throw Fault::not_found("Aggregate " + id + " could not be found.");
    }
    return std::move(*a);
}

Response reply(ComputeApi& api, const Request& req, std::int64_t id) {
    auto a = api.db().read([&](Conn& c) { return db::get_aggregate(c, id); });
    return json_response(200, json::object{{"aggregate", aggregate_json(req, *a)}});
}

void check_name_free(Conn& c, const std::string& name, std::int64_t except = 0) {
    for (const auto& other : db::list_aggregates(c)) {
        if (other.name == name && other.id != except) {
            throw Fault::conflict("Aggregate " + name + " already exists.");
        }
    }
}

Response action(ComputeApi& api, Request& req) {
    auto b = body(req);
    if (!b.is_object() || b.as_object().empty()) {
        throw Fault::bad_request("Malformed request body");
    }
    auto a = find(api, req.param("id"));
    auto id = std::to_string(a.id);
    const auto& key = b.as_object().begin()->key();
    if (key == "add_host") {
        authorize(api, req, "os_compute_api:os-aggregates:add_host", {});
        validate(schema("aggregates.add_host"), b);
        std::string host(b.at("add_host").at("host").as_string());
        api.db().write([&](Conn& c) {
            bool known = false;
            for (const auto& s : db::all_services(c)) {
                known = known || (s.host == host && s.binary == "nova-compute");
            }
            if (!known) {
                throw Fault::not_found("Compute host " + host + " could not be found.");
            }
            if (std::find(a.hosts.begin(), a.hosts.end(), host) != a.hosts.end()) {
                throw Fault::conflict("Aggregate " + id + " already has host " + host + ".");
            }
            db::add_aggregate_host(c, a.id, host);
        });
        scheduler::host_rows_changed();
        return reply(api, req, a.id);
    }
    if (key == "remove_host") {
        authorize(api, req, "os_compute_api:os-aggregates:remove_host", {});
        validate(schema("aggregates.remove_host"), b);
        std::string host(b.at("remove_host").at("host").as_string());
        if (std::find(a.hosts.begin(), a.hosts.end(), host) == a.hosts.end()) {
            throw Fault::not_found("Aggregate " + id + " has no host " + host + ".");
        }
        api.db().write([&](Conn& c) { db::remove_aggregate_host(c, a.id, host); });
        scheduler::host_rows_changed();
        return reply(api, req, a.id);
    }
    if (key == "set_metadata") {
        authorize(api, req, "os_compute_api:os-aggregates:set_metadata", {});
        validate(schema("aggregates.set_metadata"), b);
        std::map<std::string, std::optional<std::string>> md;
        for (const auto& [k, v] : b.at("set_metadata").at("metadata").as_object()) {
            if (v.is_null()) {
                md[std::string(k)] = std::nullopt;
            } else {
                md[std::string(k)] =
                    v.is_string() ? std::string(v.as_string()) : json::serialize(v);
            }
        }
        api.db().write([&](Conn& c) { db::set_aggregate_metadata(c, a.id, md); });
        scheduler::host_rows_changed();
        return reply(api, req, a.id);
    }
    throw Fault::bad_request("There is no such action: " + std::string(key));
}

}  // namespace

void add_aggregate_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/os-aggregates", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-aggregates:index", {});
        json::array out;
        for (const auto& a : api.db().read([](Conn& c) { return db::list_aggregates(c); })) {
            out.push_back(aggregate_json(req, a));
        }
        return json_response(200, json::object{{"aggregates", out}});
    });
    add(r, http::Verb::post, "/os-aggregates", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-aggregates:create", {});
        auto b = body(req);
        validate(schema("aggregates.create"), b);
        const auto& in = b.at("aggregate").as_object();
        std::string name(in.at("name").as_string());
        std::int64_t id = api.db().write([&](Conn& c) {
            check_name_free(c, name);
            auto created = db::create_aggregate(c, util::uuid_dashed(), name);
            if (auto* az = in.if_contains("availability_zone"); az && az->is_string()) {
                db::set_aggregate_metadata(c, created,
                                           {{"availability_zone", std::string(az->as_string())}});
            }
            return created;
        });
        scheduler::host_rows_changed();
        auto a = api.db().read([&](Conn& c) { return db::get_aggregate(c, id); });
        // The create answer leaves out hosts and metadata (views: create).
        auto o = aggregate_json(req, *a);
        o.erase("hosts");
        o.erase("metadata");
        return json_response(200, json::object{{"aggregate", o}});
    });
    add(r, http::Verb::get, "/os-aggregates/{id}", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-aggregates:show", {});
        return json_response(
            200, json::object{{"aggregate", aggregate_json(req, find(api, req.param("id")))}});
    });
    add(r, http::Verb::put, "/os-aggregates/{id}", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-aggregates:update", {});
        auto b = body(req);
        validate(schema("aggregates.update"), b);
        auto a = find(api, req.param("id"));
        const auto& in = b.at("aggregate").as_object();
        api.db().write([&](Conn& c) {
            if (auto* n = in.if_contains("name")) {
                check_name_free(c, std::string(n->as_string()), a.id);
                db::rename_aggregate(c, a.id, std::string(n->as_string()));
            }
            if (auto* az = in.if_contains("availability_zone")) {
                db::set_aggregate_metadata(
                    c, a.id,
                    {{"availability_zone", az->is_string()
                                               ? std::optional(std::string(az->as_string()))
                                               : std::nullopt}});
            }
        });
        scheduler::host_rows_changed();
        return reply(api, req, a.id);
    });
    add(r, http::Verb::delete_, "/os-aggregates/{id}", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-aggregates:delete", {});
        auto a = find(api, req.param("id"));
        if (!a.hosts.empty()) {
            throw Fault::bad_request("Invalid aggregate action: delete for aggregate " +
                                     std::to_string(a.id) +
                                     ". Reason: Host aggregate is not empty.");
        }
        api.db().write([&](Conn& c) { db::delete_aggregate(c, a.id); });
        scheduler::host_rows_changed();
        return Response::empty(200);
    });
    add(r, http::Verb::post, "/os-aggregates/{id}/action",
        [&api](Request& req) { return action(api, req); });
}

}  // namespace onestack::compute::api
