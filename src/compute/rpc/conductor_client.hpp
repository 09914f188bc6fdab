#pragma once
// Typed client for the conductor topic (rpc/README.md). Callers (the API, the
// compute agents when they reschedule) write the instance rows first, then
// cast here.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "common/context/request_context.hpp"
#include "common/rpc/client.hpp"
#include "compute/objects/instance.hpp"

namespace onestack::compute::rpc {

class ConductorClient {
  public:
    explicit ConductorClient(std::shared_ptr<onestack::rpc::Transport> transport,
                             std::chrono::milliseconds timeout = std::chrono::seconds(60));

    // cast build_instances {instance_uuids, request_spec}: schedule and build
    // instances already stored in vm_state building / task_state scheduling.
    void build_instances(const RequestContext& ctx, const std::vector<std::string>& instance_uuids,
                         const boost::json::object& request_spec) const;

    // cast build_instances with host_lists: an agent whose spawn failed hands
    // one instance back with the alternates it still has (rpc/README.md).
    void reschedule(const RequestContext& ctx, const std::string& instance_uuid,
                    const boost::json::object& request_spec,
                    const boost::json::array& alternates) const;

    // cast migrate_server {instance_uuid, new_flavor?, migration_uuid}: a
    // resize when new_flavor is given, a cold migration otherwise. The
    // migration row (status "pre-migrating") is written by the caller.
    void migrate_server(const RequestContext& ctx, const std::string& instance_uuid,
                        const std::optional<Flavor>& new_flavor,
                        const std::string& migration_uuid) const;

    // cast unshelve_instance {instance_uuid, host?}: schedule a shelved
    // offloaded instance again (to `host` only, when given; 2.91) and hand it
    // to the chosen host's agent.
    void unshelve_instance(const RequestContext& ctx, const std::string& instance_uuid,
                           const std::string& host) const;

  private:
    onestack::rpc::RpcClient client_;
};

}  // namespace onestack::compute::rpc
