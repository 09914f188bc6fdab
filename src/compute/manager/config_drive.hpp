#pragma once
// Config drives (nova/virt/configdrive.py): whether an instance gets one, and
// its files from the metadata builder, for SpawnRequest::config_drive_files.
#include <boost/json/object.hpp>

#include "common/db/database.hpp"
#include "compute/manager/options.hpp"
#include "compute/objects/instance.hpp"
#include "compute/virt/driver.hpp"

namespace onestack::compute::manager {

// configdrive.required_by: asked for at create, forced by [compute]
// force_config_drive (for servers never launched), or demanded by the image
// (img_config_drive=mandatory).
bool config_drive_required(const Instance& instance, const boost::json::object& image_properties,
                           bool force_config_drive);

// Fills request.config_drive_files when the instance needs a config drive
// (its rows read now: metadata, key pair); returns whether it does.
bool add_config_drive(onestack::db::Database& db, const Instance& instance,
                      const AgentOptions& options, virt::SpawnRequest& request);

}  // namespace onestack::compute::manager
