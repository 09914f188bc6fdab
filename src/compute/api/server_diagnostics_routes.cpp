// GET /servers/{id}/diagnostics (server_diagnostics.py): a call to the
// agent of the server's host (409 unless the server is running), shown in the
// standardized form from 2.48 and in the libvirt driver's flat legacy form
// before.
#include "common/rpc/errors.hpp"
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/routes.hpp"
#include "compute/objects/states.hpp"
#include "compute/rpc/compute_client.hpp"

namespace onestack::compute::api {
namespace {

// Nova's libvirt get_diagnostics keys: cpuN_time, memory (KiB), vdX_*.
json::object legacy(const json::object& d) {
    json::object out;
    for (const auto& c : d.at("cpu_details").as_array()) {
        const auto& cpu = c.as_object();
        if (!cpu.at("time").is_null()) {
            out["cpu" + std::to_string(cpu.at("id").to_number<std::int64_t>()) + "_time"] =
                cpu.at("time");
        }
    }
    const auto& mem = d.at("memory_details").as_object();
    if (!mem.at("maximum").is_null()) {
        out["memory"] = mem.at("maximum").to_number<std::int64_t>() * 1024;
    }
    char dev = 'a';
    for (const auto& k : d.at("disk_details").as_array()) {
        const auto& disk = k.as_object();
        std::string p = std::string("vd") + dev++;
        out[p + "_read"] = disk.at("read_bytes");
        out[p + "_read_req"] = disk.at("read_requests");
        out[p + "_write"] = disk.at("write_bytes");
        out[p + "_write_req"] = disk.at("write_requests");
        out[p + "_errors"] = disk.at("errors_count");
    }
    return out;
}

}  // namespace

void add_server_diagnostics_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/servers/{server_id}/diagnostics", [&api](Request& req) {
        auto i = get_instance(api, req, req.param("server_id"));
        authorize(api, req, "os_compute_api:os-server-diagnostics", {{"project_id", i.project_id}});
        if (i.host.empty()) {
            throw Fault::conflict("Instance " + i.uuid + " is not ready");
        }
        // compute/manager.py get_diagnostics: a running guest only, else
        // InstanceInvalidState naming the recorded power state (the agent's
        // power-state sync keeps it current; nova asks the hypervisor).
        if (i.power_state != power_state::kRunning) {
            throw Fault::conflict("Cannot 'get_diagnostics' instance " + i.uuid +
                                  " while it is in power state " +
                                  std::string(power_state_name(i.power_state)));
        }
        json::object d;
        try {
            d = api.compute().get_diagnostics(req.ctx, i.host, i.uuid);
        } catch (const onestack::rpc::RpcError& e) {
            if (e.remote_type == "NotImplementedError") {
                throw Fault::not_implemented("The requested functionality is not supported.");
            }
            if (e.remote_type == "InstanceNotFound") {
                throw Fault::conflict("Instance " + i.uuid + " is not ready");
            }
            throw;
        }
        return json_response(200, at_least(req, 2, 48) ? d : legacy(d));
    });
}

}  // namespace onestack::compute::api
