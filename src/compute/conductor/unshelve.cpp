// nova/conductor/manager.py unshelve_instance: a shelved (not offloaded)
// server is still on its host, whose agent powers it on; an offloaded one
// needs a host again: the scheduler picks one (and claims its allocations),
// then that host's agent spawns the server from its shelved image.
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "compute/conductor/conductor.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/objects/states.hpp"

namespace onestack::compute::conductor {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::db::null;

constexpr const char* kEvent = "conductor_unshelve_instance";

}  // namespace

void Conductor::unshelve_instance(const RequestContext& ctx, const std::string& uuid,
                                  const std::string& host) {
    std::optional<Instance> inst;
    std::optional<json::object> stored_spec;
    db_.read([&](Conn& c) {
        inst = db::get_instance(c, uuid);
        stored_spec = db::load_request_spec(c, uuid);
    });
    if (!inst || inst->task_state != task_state::kUnshelving) {
        spdlog::warn("conductor: unshelve of {}: not waiting to unshelve", uuid);
        return;
    }
    if (inst->vm_state == vm_state::kShelved && !inst->host.empty()) {
        compute_.unshelve_instance(ctx, inst->host, uuid, inst->node);
        return;
    }
    db_.write([&](Conn& c) { db::start_event(c, uuid, ctx.request_id, kEvent, ""); });
    json::object spec = stored_spec.value_or(json::object{});
    spec["project_id"] = inst->project_id;
    spec["user_id"] = inst->user_id;
    spec["flavor"] = inst->flavor.to_json();
    spec.erase("force_hosts");
    spec.erase("force_nodes");
    spec.erase("requested_destination");
    spec.erase("ignore_hosts");
    spec.erase("retry");
    if (!host.empty()) {
        spec["force_hosts"] = json::array{json::value(host)};  // 2.91 unshelve to a host
    }
    std::vector<std::vector<rpc::Selection>> selections;
    std::string failure;
    try {
        selections = scheduler_.select_destinations(ctx, spec, {uuid}, false);
    } catch (const std::exception& e) {
        failure = e.what();
    }
    if (!failure.empty()) {
        // The server stays shelved offloaded, with the reason as its fault.
        db_.write([&](Conn& c) {
            try {
                db::update_instance(c, uuid, {{"task_state", null()}, {"task_deadline", null()}},
                                    std::vector<std::string>{task_state::kUnshelving});
            } catch (const db::UnexpectedTaskState&) {
            }
            db::add_fault(c, uuid, {500, failure, "", "", ""});
            db::finish_event(c, uuid, ctx.request_id, kEvent, "Error", failure);
        });
        return;
    }
    const auto& dest = selections.front().front();
    db_.write([&](Conn& c) { db::finish_event(c, uuid, ctx.request_id, kEvent, "Success"); });
    compute_.unshelve_instance(ctx, dest.host, uuid, dest.nodename);
}

}  // namespace onestack::compute::conductor
