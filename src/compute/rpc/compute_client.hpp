#pragma once
// Typed client for the compute topic (rpc/README.md): every message goes to
// one named host's agent. Casts unless noted; the caller has already written
// the intent (task_state, deadline, action) to the instance row.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "common/context/request_context.hpp"
#include "common/rpc/client.hpp"
#include "compute/objects/instance.hpp"

namespace onestack::compute::rpc {

class ComputeClient {
  public:
    explicit ComputeClient(std::shared_ptr<onestack::rpc::Transport> transport,
                           std::chrono::milliseconds timeout = std::chrono::seconds(60));

    // alternates: Selection json objects (scheduler_client.hpp) to reschedule onto.
    void build_and_run_instance(const RequestContext& ctx, const std::string& host,
                                const std::string& instance_uuid,
                                const boost::json::object& request_spec,
                                const boost::json::array& alternates,
                                const std::string& node) const;
    void terminate_instance(const RequestContext& ctx, const std::string& host,
                            const std::string& instance_uuid) const;
    // reboot_type "SOFT" or "HARD".
    void reboot_instance(const RequestContext& ctx, const std::string& host,
                         const std::string& instance_uuid, const std::string& reboot_type) const;
    void stop_instance(const RequestContext& ctx, const std::string& host,
                       const std::string& instance_uuid) const;
    void start_instance(const RequestContext& ctx, const std::string& host,
                        const std::string& instance_uuid) const;
    void pause_instance(const RequestContext& ctx, const std::string& host,
                        const std::string& instance_uuid) const;
    void unpause_instance(const RequestContext& ctx, const std::string& host,
                          const std::string& instance_uuid) const;
    void suspend_instance(const RequestContext& ctx, const std::string& host,
                          const std::string& instance_uuid) const;
    void resume_instance(const RequestContext& ctx, const std::string& host,
                         const std::string& instance_uuid) const;
    void rebuild_instance(const RequestContext& ctx, const std::string& host,
                          const std::string& instance_uuid, const std::string& image_ref) const;

    // Resize / cold migrate, in Nova's order: prep (dest), resize (source),
    // finish (dest); then confirm (source) or revert (dest) -> finish_revert (source).
    void prep_resize(const RequestContext& ctx, const std::string& dest_host,
                     const std::string& instance_uuid, const Flavor& new_flavor,
                     const std::string& migration_uuid,
                     const boost::json::object& request_spec) const;
    void resize_instance(const RequestContext& ctx, const std::string& source_host,
                         const std::string& instance_uuid, const std::string& migration_uuid) const;
    void finish_resize(const RequestContext& ctx, const std::string& dest_host,
                       const std::string& instance_uuid, const std::string& migration_uuid) const;
    void confirm_resize(const RequestContext& ctx, const std::string& source_host,
                        const std::string& instance_uuid, const std::string& migration_uuid) const;
    void revert_resize(const RequestContext& ctx, const std::string& dest_host,
                       const std::string& instance_uuid, const std::string& migration_uuid) const;
    void finish_revert_resize(const RequestContext& ctx, const std::string& source_host,
                              const std::string& instance_uuid,
                              const std::string& migration_uuid) const;

    // The image record exists (queued) before this is sent; the agent uploads its data.
    void snapshot_instance(const RequestContext& ctx, const std::string& host,
                           const std::string& instance_uuid, const std::string& image_id) const;

    // call get_console_output {instance_uuid, length} -> output. length < 0: all of it.
    std::string get_console_output(const RequestContext& ctx, const std::string& host,
                                   const std::string& instance_uuid, int length) const;

  private:
    void cast_to(const RequestContext& ctx, const std::string& host, const char* method,
                 boost::json::object args) const;

    onestack::rpc::RpcClient client_;
};

}  // namespace onestack::compute::rpc
