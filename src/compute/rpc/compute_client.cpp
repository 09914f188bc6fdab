#include "compute/rpc/compute_client.hpp"

#include "compute/rpc/context.hpp"
#include "compute/rpc/topics.hpp"

namespace onestack::compute::rpc {

using onestack::rpc::Target;

ComputeClient::ComputeClient(std::shared_ptr<onestack::rpc::Transport> transport,
                             std::chrono::milliseconds timeout)
    : client_(std::move(transport), Target{rpc_topic::kCompute}, timeout) {}

void ComputeClient::cast_to(const RequestContext& ctx, const std::string& host, const char* method,
                            boost::json::object args) const {
    client_.cast(context_to_json(ctx), method, std::move(args), Target{rpc_topic::kCompute, host});
}

void ComputeClient::build_and_run_instance(const RequestContext& ctx, const std::string& host,
                                           const std::string& instance_uuid,
                                           const boost::json::object& request_spec,
                                           const boost::json::array& alternates,
                                           const std::string& node) const {
    cast_to(ctx, host, "build_and_run_instance",
            {{"instance_uuid", instance_uuid},
             {"request_spec", request_spec},
             {"alternates", alternates},
             {"node", node}});
}

void ComputeClient::terminate_instance(const RequestContext& ctx, const std::string& host,
                                       const std::string& instance_uuid) const {
    cast_to(ctx, host, "terminate_instance", {{"instance_uuid", instance_uuid}});
}

void ComputeClient::reboot_instance(const RequestContext& ctx, const std::string& host,
                                    const std::string& instance_uuid,
                                    const std::string& reboot_type) const {
    cast_to(ctx, host, "reboot_instance",
            {{"instance_uuid", instance_uuid}, {"reboot_type", reboot_type}});
}

void ComputeClient::stop_instance(const RequestContext& ctx, const std::string& host,
                                  const std::string& instance_uuid) const {
    cast_to(ctx, host, "stop_instance", {{"instance_uuid", instance_uuid}});
}

void ComputeClient::start_instance(const RequestContext& ctx, const std::string& host,
                                   const std::string& instance_uuid) const {
    cast_to(ctx, host, "start_instance", {{"instance_uuid", instance_uuid}});
}

void ComputeClient::pause_instance(const RequestContext& ctx, const std::string& host,
                                   const std::string& instance_uuid) const {
    cast_to(ctx, host, "pause_instance", {{"instance_uuid", instance_uuid}});
}

void ComputeClient::unpause_instance(const RequestContext& ctx, const std::string& host,
                                     const std::string& instance_uuid) const {
    cast_to(ctx, host, "unpause_instance", {{"instance_uuid", instance_uuid}});
}

void ComputeClient::suspend_instance(const RequestContext& ctx, const std::string& host,
                                     const std::string& instance_uuid) const {
    cast_to(ctx, host, "suspend_instance", {{"instance_uuid", instance_uuid}});
}

void ComputeClient::resume_instance(const RequestContext& ctx, const std::string& host,
                                    const std::string& instance_uuid) const {
    cast_to(ctx, host, "resume_instance", {{"instance_uuid", instance_uuid}});
}

void ComputeClient::rebuild_instance(const RequestContext& ctx, const std::string& host,
                                     const std::string& instance_uuid, const std::string& image_ref,
                                     const boost::json::array& injected_files) const {
    cast_to(ctx, host, "rebuild_instance",
            {{"instance_uuid", instance_uuid},
             {"image_ref", image_ref},
             {"injected_files", injected_files}});
}

void ComputeClient::prep_resize(const RequestContext& ctx, const std::string& dest_host,
                                const std::string& instance_uuid, const Flavor& new_flavor,
                                const std::string& migration_uuid,
                                const boost::json::object& request_spec) const {
    cast_to(ctx, dest_host, "prep_resize",
            {{"instance_uuid", instance_uuid},
             {"new_flavor", new_flavor.to_json()},
             {"migration_uuid", migration_uuid},
             {"request_spec", request_spec}});
}

void ComputeClient::resize_instance(const RequestContext& ctx, const std::string& source_host,
                                    const std::string& instance_uuid,
                                    const std::string& migration_uuid) const {
    cast_to(ctx, source_host, "resize_instance",
            {{"instance_uuid", instance_uuid}, {"migration_uuid", migration_uuid}});
}

void ComputeClient::finish_resize(const RequestContext& ctx, const std::string& dest_host,
                                  const std::string& instance_uuid,
                                  const std::string& migration_uuid) const {
    cast_to(ctx, dest_host, "finish_resize",
            {{"instance_uuid", instance_uuid}, {"migration_uuid", migration_uuid}});
}

void ComputeClient::confirm_resize(const RequestContext& ctx, const std::string& source_host,
                                   const std::string& instance_uuid,
                                   const std::string& migration_uuid) const {
    cast_to(ctx, source_host, "confirm_resize",
            {{"instance_uuid", instance_uuid}, {"migration_uuid", migration_uuid}});
}

void ComputeClient::revert_resize(const RequestContext& ctx, const std::string& dest_host,
                                  const std::string& instance_uuid,
                                  const std::string& migration_uuid) const {
    cast_to(ctx, dest_host, "revert_resize",
            {{"instance_uuid", instance_uuid}, {"migration_uuid", migration_uuid}});
}

void ComputeClient::finish_revert_resize(const RequestContext& ctx, const std::string& source_host,
                                         const std::string& instance_uuid,
                                         const std::string& migration_uuid) const {
    cast_to(ctx, source_host, "finish_revert_resize",
            {{"instance_uuid", instance_uuid}, {"migration_uuid", migration_uuid}});
}

void ComputeClient::snapshot_instance(const RequestContext& ctx, const std::string& host,
                                      const std::string& instance_uuid,
                                      const std::string& image_id) const {
    cast_to(ctx, host, "snapshot_instance",
            {{"instance_uuid", instance_uuid}, {"image_id", image_id}});
}

void ComputeClient::backup_instance(const RequestContext& ctx, const std::string& host,
                                    const std::string& instance_uuid, const std::string& image_id,
                                    const std::string& backup_type, int rotation) const {
    cast_to(ctx, host, "backup_instance",
            {{"instance_uuid", instance_uuid},
             {"image_id", image_id},
             {"backup_type", backup_type},
             {"rotation", rotation}});
}

std::string ComputeClient::get_console_output(const RequestContext& ctx, const std::string& host,
                                              const std::string& instance_uuid, int length) const {
    auto reply = client_.call(context_to_json(ctx), "get_console_output",
                              {{"instance_uuid", instance_uuid}, {"length", length}},
                              Target{rpc_topic::kCompute, host});
    return std::string(reply.as_object().at("output").as_string());
}

boost::json::object ComputeClient::get_diagnostics(const RequestContext& ctx,
                                                   const std::string& host,
                                                   const std::string& instance_uuid) const {
    auto reply =
        client_.call(context_to_json(ctx), "get_diagnostics", {{"instance_uuid", instance_uuid}},
                     Target{rpc_topic::kCompute, host});
    return reply.as_object();
}

void ComputeClient::rescue_instance(const RequestContext& ctx, const std::string& host,
                                    const std::string& instance_uuid,
                                    const std::string& rescue_image_ref,
                                    const std::string& rescue_password) const {
    cast_to(ctx, host, "rescue_instance",
            {{"instance_uuid", instance_uuid},
             {"rescue_image_ref", rescue_image_ref},
             {"rescue_password", rescue_password}});
}

void ComputeClient::unrescue_instance(const RequestContext& ctx, const std::string& host,
                                      const std::string& instance_uuid) const {
    cast_to(ctx, host, "unrescue_instance", {{"instance_uuid", instance_uuid}});
}

void ComputeClient::set_admin_password(const RequestContext& ctx, const std::string& host,
                                       const std::string& instance_uuid,
                                       const std::string& password) const {
    client_.call(context_to_json(ctx), "set_admin_password",
                 {{"instance_uuid", instance_uuid}, {"new_pass", password}},
                 Target{rpc_topic::kCompute, host});
}

void ComputeClient::external_instance_event(const RequestContext& ctx, const std::string& host,
                                            const std::string& instance_uuid,
                                            const boost::json::array& events) const {
    cast_to(ctx, host, "external_instance_event",
            {{"instance_uuid", instance_uuid}, {"events", events}});
}

void ComputeClient::shelve_instance(const RequestContext& ctx, const std::string& host,
                                    const std::string& instance_uuid,
                                    const std::string& image_id) const {
    cast_to(ctx, host, "shelve_instance",
            {{"instance_uuid", instance_uuid}, {"image_id", image_id}});
}

void ComputeClient::shelve_offload_instance(const RequestContext& ctx, const std::string& host,
                                            const std::string& instance_uuid) const {
    cast_to(ctx, host, "shelve_offload_instance", {{"instance_uuid", instance_uuid}});
}

void ComputeClient::unshelve_instance(const RequestContext& ctx, const std::string& host,
                                      const std::string& instance_uuid,
                                      const std::string& node) const {
    cast_to(ctx, host, "unshelve_instance", {{"instance_uuid", instance_uuid}, {"node", node}});
}

}  // namespace onestack::compute::rpc
