#include "compute/rpc/scheduler_client.hpp"

#include <boost/json/array.hpp>

#include "common/rpc/errors.hpp"
#include "compute/rpc/context.hpp"
#include "compute/rpc/json_fields.hpp"
#include "compute/rpc/topics.hpp"

namespace onestack::compute::rpc {
boost::json::object Selection::to_json() const {
    return {{"host", host},
            {"nodename", nodename},
            {"compute_node_uuid", compute_node_uuid},
            {"allocation_request", allocation_request},
            {"limits", limits}};
}

Selection Selection::from_json(const boost::json::object& o) {
    Selection s;
    s.host = str_field(o, "host");
    s.nodename = str_field(o, "nodename");
    s.compute_node_uuid = str_field(o, "compute_node_uuid");
    s.allocation_request = obj_field(o, "allocation_request");
    s.limits = obj_field(o, "limits");
    return s;
}

SchedulerClient::SchedulerClient(std::shared_ptr<onestack::rpc::Transport> transport,
                                 std::chrono::milliseconds timeout)
    : client_(std::move(transport), onestack::rpc::Target{rpc_topic::kScheduler}, timeout) {}

std::vector<std::vector<Selection>> SchedulerClient::select_destinations(
    const RequestContext& ctx, const boost::json::object& request_spec,
    const std::vector<std::string>& instance_uuids, bool return_alternates) const {
    boost::json::array uuids;
    for (const auto& u : instance_uuids) {
        uuids.emplace_back(u);
    }
    boost::json::value reply;
    try {
        reply = client_.call(context_to_json(ctx), "select_destinations",
                             {{"request_spec", request_spec},
                              {"instance_uuids", std::move(uuids)},
                              {"return_alternates", return_alternates}});
    } catch (const onestack::rpc::RpcError& e) {
        if (e.kind == onestack::rpc::ErrorKind::remote_error && e.remote_type == "NoValidHost") {
            throw NoValidHost(e.message);
        }
        throw;
    }
    std::vector<std::vector<Selection>> out;
    for (const auto& per_instance : reply.at("selections").as_array()) {
        auto& list = out.emplace_back();
        for (const auto& s : per_instance.as_array()) {
            list.push_back(Selection::from_json(s.as_object()));
        }
    }
    return out;
}

}  // namespace onestack::compute::rpc
