// POST /os-server-external-events (server_external_events.py): events from
// Neutron and Cinder, each answered with its own code (200 accepted, 404
// unknown server, 422 server without a host, 400 tag missing where one is
// required); 207 when any was not accepted. Accepted events go to the
// agent of the server's host; volume-extended and power-update also start
// an instance action, as Nova's compute API does.
#include "common/util/ids.hpp"
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/routes.hpp"
#include "compute/api/schemas.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/rpc/compute_client.hpp"

namespace onestack::compute::api {
namespace {

using onestack::db::Conn;

bool tag_required(std::string_view name) {
    return name == "volume-extended" || name == "power-update" ||
           name == "accelerator-request-bound";
}

const char* schema_for(const Request& req) {
    if (at_least(req, 2, 93)) {
        return "server_external_events.create_v293";
    }
    if (at_least(req, 2, 82)) {
        return "server_external_events.create_v282";
    }
    if (at_least(req, 2, 76)) {
        return "server_external_events.create_v276";
    }
    if (at_least(req, 2, 51)) {
        return "server_external_events.create_v251";
    }
    return "server_external_events.create";
}

}  // namespace

void add_external_event_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::post, "/os-server-external-events", [&api](Request& req) {
        auto b = body(req);
        validate(schema(schema_for(req)), b);
        // An empty target: Neutron's project is not the server's.
        authorize(api, req, "os_compute_api:os-server-external-events:create", {});
        json::array out;
        unsigned status = 200;
        // Per host and server, the accepted events in request order.
        std::vector<std::tuple<std::string, std::string, json::array>> accepted;
        for (const auto& e : b.at("events").as_array()) {
            auto ev = e.as_object();
            std::string uuid(ev.at("server_uuid").as_string());
            std::string name(ev.at("name").as_string());
            std::string tag = ev.contains("tag") ? std::string(ev.at("tag").as_string()) : "";
            auto inst = api.db().read([&](Conn& c) { return compute::db::get_instance(c, uuid); });
            if (!inst) {
                ev["status"] = "failed";
                ev["code"] = 404;
                status = 207;
            } else if (tag_required(name) && !ev.contains("tag")) {
                ev["status"] = "failed";
                ev["code"] = 400;
                status = 207;
            } else if (!inst->host.empty()) {
                json::object sent{
                    {"name", name},
                    {"status", ev.contains("status") ? ev.at("status") : json::value("completed")},
                    {"tag", tag}};
                auto it = std::find_if(accepted.begin(), accepted.end(),
                                       [&](const auto& a) { return std::get<1>(a) == uuid; });
                if (it == accepted.end()) {
                    accepted.emplace_back(inst->host, uuid, json::array{sent});
                } else {
                    std::get<2>(*it).push_back(sent);
                }
                const char* action = nullptr;
                if (name == "volume-extended") {
                    action = "extend_volume";
                } else if (name == "power-update") {
                    action = tag == "POWER_ON" ? "start" : tag == "POWER_OFF" ? "stop" : nullptr;
                }
                if (action != nullptr) {
                    api.db().write([&](Conn& c) {
                        compute::db::start_action(c, uuid, action, req.ctx.request_id,
                                                  req.ctx.user_id, req.ctx.project_id);
                    });
                }
                ev["status"] = "completed";
                ev["code"] = 200;
            } else {
                ev["status"] = "failed";
                ev["code"] = 422;
                status = 207;
            }
            out.push_back(ev);
        }
        for (const auto& [host, uuid, events] : accepted) {
            api.compute().external_instance_event(req.ctx, host, uuid, events);
        }
        return json_response(status, json::object{{"events", out}});
    });
}

}  // namespace onestack::compute::api
