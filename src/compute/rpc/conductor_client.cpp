#include "compute/rpc/conductor_client.hpp"

#include <boost/json/array.hpp>

#include "compute/rpc/context.hpp"
#include "compute/rpc/topics.hpp"

namespace onestack::compute::rpc {

ConductorClient::ConductorClient(std::shared_ptr<onestack::rpc::Transport> transport,
                                 std::chrono::milliseconds timeout)
    : client_(std::move(transport), onestack::rpc::Target{rpc_topic::kConductor}, timeout) {}

void ConductorClient::build_instances(const RequestContext& ctx,
                                      const std::vector<std::string>& instance_uuids,
                                      const boost::json::object& request_spec) const {
    boost::json::array uuids;
    for (const auto& u : instance_uuids) {
        uuids.emplace_back(u);
    }
    client_.cast(context_to_json(ctx), "build_instances",
                 {{"instance_uuids", std::move(uuids)}, {"request_spec", request_spec}});
}

void ConductorClient::reschedule(const RequestContext& ctx, const std::string& instance_uuid,
                                 const boost::json::object& request_spec,
                                 const boost::json::array& alternates) const {
    client_.cast(context_to_json(ctx), "build_instances",
                 {{"instance_uuids", boost::json::array{boost::json::value(instance_uuid)}},
                  {"request_spec", request_spec},
                  {"host_lists", boost::json::array{boost::json::value(alternates)}}});
}

void ConductorClient::migrate_server(const RequestContext& ctx, const std::string& instance_uuid,
                                     const std::optional<Flavor>& new_flavor,
                                     const std::string& migration_uuid) const {
    boost::json::object args{{"instance_uuid", instance_uuid}, {"migration_uuid", migration_uuid}};
    if (new_flavor) {
        args["new_flavor"] = new_flavor->to_json();
    }
    client_.cast(context_to_json(ctx), "migrate_server", std::move(args));
}

void ConductorClient::unshelve_instance(const RequestContext& ctx, const std::string& instance_uuid,
                                        const std::string& host) const {
    boost::json::object args{{"instance_uuid", instance_uuid}};
    if (!host.empty()) {
        args["host"] = host;
    }
    client_.cast(context_to_json(ctx), "unshelve_instance", std::move(args));
}

}  // namespace onestack::compute::rpc
