#pragma once
// The conductor (nova/conductor/manager.py ComputeTaskManager): turns a build
// or a move into a scheduling decision and a message to the chosen agent,
// and records "No valid host" on the instance when there is none.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "common/db/database.hpp"
#include "common/rpc/server.hpp"
#include "compute/rpc/compute_client.hpp"
#include "compute/rpc/scheduler_client.hpp"
#include "placement/client/placement_client.hpp"

namespace onestack::compute::conductor {

struct ConductorOptions {
    bool allow_resize_to_same_host = false;  // nova.conf [DEFAULT]
    int task_deadline = 600;
};

class Conductor {
  public:
    Conductor(onestack::db::Database& db, placement::client::PlacementClient& placement,
              const rpc::SchedulerClient& scheduler, const rpc::ComputeClient& compute,
              ConductorOptions options);

    // Schedules instances already stored (building / scheduling) and casts
    // build_and_run_instance to their hosts. With host_lists (a reschedule of
    // one instance), claims an alternate instead of asking the scheduler.
    void build_instances(const RequestContext& ctx, const std::vector<std::string>& uuids,
                         const boost::json::object& request_spec,
                         const std::optional<boost::json::array>& host_lists);

    // Resize (new_flavor) or cold migrate: the instance's allocations move to
    // the migration, the scheduler claims the destination for the instance,
    // prep_resize goes to the destination.
    void migrate_server(const RequestContext& ctx, const std::string& instance_uuid,
                        const std::optional<Flavor>& new_flavor, const std::string& migration_uuid);

    // unshelve.cpp: a shelved server goes back to its host's agent; a shelved
    // offloaded one is scheduled again (to `host` only, when given) and the
    // chosen host's agent spawns it.
    void unshelve_instance(const RequestContext& ctx, const std::string& instance_uuid,
                           const std::string& host);

  private:
    void fail_build(const RequestContext& ctx, const std::string& uuid, const std::string& message);
    bool send_to_host(const RequestContext& ctx, const std::string& uuid,
                      const boost::json::object& spec, const rpc::Selection& chosen,
                      const boost::json::array& alternates);

    onestack::db::Database& db_;
    placement::client::PlacementClient& placement_;
    const rpc::SchedulerClient& scheduler_;
    const rpc::ComputeClient& compute_;
    ConductorOptions options_;
};

// The conductor on the bus: topic "conductor".
class ConductorService {
  public:
    ConductorService(std::shared_ptr<onestack::rpc::Transport> bus, Conductor& conductor,
                     const std::string& host, unsigned workers);
    void start();
    void stop();

  private:
    onestack::rpc::RpcServer server_;
};

}  // namespace onestack::compute::conductor
