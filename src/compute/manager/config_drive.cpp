#include "compute/manager/config_drive.hpp"

#include <spdlog/spdlog.h>

#include "compute/metadata/instance_metadata.hpp"
#include "compute/metadata/source_store.hpp"

namespace onestack::compute::manager {

bool config_drive_required(const Instance& instance, const boost::json::object& image_properties,
                           bool force_config_drive) {
    const auto* policy = image_properties.if_contains("img_config_drive");
    bool mandatory =
        policy != nullptr && policy->is_string() && policy->get_string() == "mandatory";
    return !instance.config_drive.empty() || (force_config_drive && instance.launched_at.empty()) ||
           mandatory;
}

bool add_config_drive(onestack::db::Database& db, const Instance& instance,
                      const AgentOptions& options, virt::SpawnRequest& request) {
    if (!config_drive_required(instance, request.image.properties, options.force_config_drive)) {
        return false;
    }
    auto source =
        db.read([&](onestack::db::Conn& c) { return metadata::load_source(c, instance.uuid); });
    if (!source) {
        throw virt::DriverError("instance " + instance.uuid + " is gone; no config drive");
    }
    source->admin_pass = request.admin_password;
    metadata::InstanceMetadata md(std::move(*source), options.metadata);
    request.config_drive_files = md.config_drive_files();
    spdlog::info("compute: config drive for {} ({} files)", instance.uuid,
                 request.config_drive_files.size());
    return true;
}

}  // namespace onestack::compute::manager
