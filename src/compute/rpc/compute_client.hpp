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
    // injected_files: [[path, base64 contents], ...] (personality, API < 2.57).
    void rebuild_instance(const RequestContext& ctx, const std::string& host,
                          const std::string& instance_uuid, const std::string& image_ref,
                          const boost::json::array& injected_files = {}) const;

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

    // createBackup: a snapshot to image_id, then older images of this
    // backup_type beyond `rotation` deleted.
    void backup_instance(const RequestContext& ctx, const std::string& host,
                         const std::string& instance_uuid, const std::string& image_id,
                         const std::string& backup_type, int rotation) const;

    // call get_console_output {instance_uuid, length} -> output. length < 0: all of it.
    std::string get_console_output(const RequestContext& ctx, const std::string& host,
                                   const std::string& instance_uuid, int length) const;

    // call get_diagnostics {instance_uuid} -> the driver's Diagnostics as
    // Nova's 2.48 view (state, driver, ..., cpu_details, disk_details, memory_details).
    boost::json::object get_diagnostics(const RequestContext& ctx, const std::string& host,
                                        const std::string& instance_uuid) const;
    // rescue_image_ref: the image to boot from (the instance's own when "").
    void rescue_instance(const RequestContext& ctx, const std::string& host,
                         const std::string& instance_uuid, const std::string& rescue_image_ref,
                         const std::string& rescue_password) const;
    void unrescue_instance(const RequestContext& ctx, const std::string& host,
                           const std::string& instance_uuid) const;
    // call set_admin_password {instance_uuid, new_pass} -> null; a remote
    // error "NotImplementedError" when the driver cannot, else "InstancePasswordSetFailed".
    void set_admin_password(const RequestContext& ctx, const std::string& host,
                            const std::string& instance_uuid, const std::string& password) const;
    // events: [{name, status, tag?}] for instances on this host, as the API accepted them.
    void external_instance_event(const RequestContext& ctx, const std::string& host,
                                 const std::string& instance_uuid,
                                 const boost::json::array& events) const;
    // Shelve: snapshot to image_id (image_id "" for a volume-backed server,
    // none here), power off; offloaded at once when shelved_offload_time is 0.
    void shelve_instance(const RequestContext& ctx, const std::string& host,
                         const std::string& instance_uuid, const std::string& image_id) const;
    void shelve_offload_instance(const RequestContext& ctx, const std::string& host,
                                 const std::string& instance_uuid) const;
    // On the host the conductor chose (allocations already claimed): spawn
    // from the shelved image, or power on when the guest is still there.
    void unshelve_instance(const RequestContext& ctx, const std::string& host,
                           const std::string& instance_uuid, const std::string& node) const;

  private:
    void cast_to(const RequestContext& ctx, const std::string& host, const char* method,
                 boost::json::object args) const;

    onestack::rpc::RpcClient client_;
};

}  // namespace onestack::compute::rpc
