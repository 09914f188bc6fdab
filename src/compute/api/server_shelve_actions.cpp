// shelve, shelveOffload and unshelve (shelve.py) with compute/api.py's
// checks: the API writes the intent and the snapshot image record, the
// agent (shelve) or the conductor (unshelve) does the work.
#include <set>

#include "compute/api/compute_api.hpp"
#include "compute/api/db/host_admin.hpp"
#include "compute/api/schemas.hpp"
#include "compute/api/server_action.hpp"
#include "compute/db/host_store.hpp"
#include "compute/objects/states.hpp"
#include "compute/rpc/compute_client.hpp"
#include "compute/rpc/conductor_client.hpp"

namespace onestack::compute::api {
namespace {

using onestack::db::Conn;

json::object user_project(const Instance& i) {
    return {{"user_id", i.user_id}, {"project_id", i.project_id}};
}

// The zone a host is in: its aggregates' zone, else the default one.
std::string zone_of(ComputeApi& api, Conn& c, const std::string& host) {
    auto zones = db::host_zones(c);
    auto it = zones.find(host);
    return it == zones.end() ? api.options().default_availability_zone : it->second;
}

}  // namespace

Response shelve(Ctx& x) {
    authorize(x.api, x.req, "os_compute_api:os-shelve:shelve", user_project(x.i));
    check_lock(x.api, x.req, x.i);
    check_state(x.i, "shelve",
                {vm_state::kActive, vm_state::kStopped, vm_state::kPaused, vm_state::kSuspended},
                {""});
    need_host(x, "shelve");
    auto image_id =
        create_image_record(x, json::value(x.i.display_name + "-shelved"), "snapshot", {});
    auto sysmeta = x.i.system_metadata;
    sysmeta["image_base_image_ref"] = x.i.image_ref;
    start_task(x, "shelve", task_state::kShelving, {""},
               {{"system_metadata", json::serialize(sysmeta)}});
    x.api.compute().shelve_instance(x.req.ctx, x.i.host, x.i.uuid, image_id);
    return Response::empty(202);
}

Response shelve_offload(Ctx& x) {
    authorize(x.api, x.req, "os_compute_api:os-shelve:shelve_offload",
              {{"project_id", x.i.project_id}});
    check_lock(x.api, x.req, x.i);
    check_state(x.i, "shelveOffload", {vm_state::kShelved}, {""});
    need_host(x, "shelveOffload");
    start_task(x, "shelveOffload", task_state::kShelvingOffloading, {""});
    x.api.compute().shelve_offload_instance(x.req.ctx, x.i.host, x.i.uuid);
    return Response::empty(202);
}

Response unshelve(Ctx& x) {
    authorize(x.api, x.req, "os_compute_api:os-shelve:unshelve", {{"project_id", x.i.project_id}});
    auto b = body(x.req);
    if (at_least(x.req, 2, 91)) {
        validate(schema("shelve.unshelve_v291"), b);
    } else if (at_least(x.req, 2, 77)) {
        validate(schema("shelve.unshelve_v277"), b);
    }
    bool az_passed = at_least(x.req, 2, 77) && x.args.contains("availability_zone");
    std::string new_az;
    if (az_passed && x.args.at("availability_zone").is_string()) {
        new_az = std::string(x.args.at("availability_zone").as_string());
    }
    std::string host;
    if (at_least(x.req, 2, 91)) {
        if (auto* h = x.args.if_contains("host"); h && h->is_string()) {
            host = std::string(h->as_string());
        }
    }
    check_lock(x.api, x.req, x.i);
    check_state(x.i, "unshelve", {vm_state::kShelved, vm_state::kShelvedOffloaded}, {""});
    if ((az_passed || !host.empty()) && x.i.vm_state != vm_state::kShelvedOffloaded) {
        throw Fault::conflict(
            "Specifying an availability zone or a host when unshelving server \"" + x.i.uuid +
            "\" with status \"" + x.i.vm_state +
            "\" is not supported. The server status must be SHELVED_OFFLOADED.");
    }
    auto spec =
        x.api.db().read([&](Conn& c) { return compute::db::load_request_spec(c, x.i.uuid); });
    json::object request_spec = spec.value_or(json::object{});
    auto* stored_az = request_spec.if_contains("availability_zone");
    std::string expected_az = az_passed ? new_az
                              : stored_az && stored_az->is_string()
                                  ? std::string(stored_az->as_string())
                                  : std::string();
    x.api.db().read([&](Conn& c) {
        if (!new_az.empty()) {
            std::set<std::string> zones{x.api.options().default_availability_zone};
            for (const auto& [h, z] : db::host_zones(c)) {
                zones.insert(z);
            }
            if (!zones.contains(new_az)) {
                throw Fault::bad_request("The requested availability zone is not available");
            }
        }
        if (!host.empty()) {
            authorize(x.api, x.req, "os_compute_api:os-shelve:unshelve_to_host", user_project(x.i));
            if (compute::db::compute_nodes_on_host(c, host).empty()) {
                throw Fault::bad_request("Compute host " + host + " could not be found.");
            }
            if (!expected_az.empty() && zone_of(x.api, c, host) != expected_az) {
                throw Fault::conflict("Host \"" + host + "\" is not in the availability zone \"" +
                                      expected_az + "\".");
            }
        }
    });
    start_task(x, "unshelve", task_state::kUnshelving, {""}, {}, [&](Conn& c) {
        if (az_passed) {
            // A new zone pins the server there; null unpins it.
            request_spec["availability_zone"] = new_az;
            compute::db::save_request_spec(c, x.i.uuid, request_spec);
            compute::db::update_instance(
                c, x.i.uuid,
                {{"availability_zone",
                  new_az.empty() ? onestack::db::null() : onestack::db::Value(new_az)}});
        }
    });
    x.api.conductor().unshelve_instance(x.req.ctx, x.i.uuid, host);
    return Response::empty(202);
}

}  // namespace onestack::compute::api
