// The agent's side of server diagnostics, rescue/unrescue, changePassword
// and external events (nova/compute/manager.py of the same names).
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "common/rpc/errors.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/manager/manager.hpp"
#include "compute/objects/states.hpp"
#include "compute/rpc/context.hpp"
#include "compute/rpc/json_fields.hpp"

namespace onestack::compute::manager {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::db::null;
using StrList = std::vector<std::string>;

template <typename T>
json::value or_null(const std::optional<T>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

// The 2.48 view of nova's Diagnostics object (views/server_diagnostics.py).
json::object to_json(const virt::Diagnostics& d) {
    json::array cpus;
    for (const auto& c : d.cpus) {
        cpus.push_back(json::object{
            {"id", c.id}, {"time", or_null(c.time_ns)}, {"utilisation", or_null(c.utilisation)}});
    }
    json::array disks;
    for (const auto& k : d.disks) {
        disks.push_back(json::object{{"read_bytes", k.read_bytes},
                                     {"read_requests", k.read_requests},
                                     {"write_bytes", k.write_bytes},
                                     {"write_requests", k.write_requests},
                                     {"errors_count", k.errors_count}});
    }
    return {{"state", power_state_name(d.power_state)},
            {"driver", d.driver},
            {"hypervisor", d.hypervisor.empty() ? json::value(nullptr) : json::value(d.hypervisor)},
            {"hypervisor_os",
             d.hypervisor_os.empty() ? json::value(nullptr) : json::value(d.hypervisor_os)},
            {"uptime", or_null(d.uptime_s)},
            {"config_drive", d.config_drive},
            {"num_cpus", static_cast<std::int64_t>(cpus.size())},
            {"num_nics", 0},
            {"num_disks", static_cast<std::int64_t>(disks.size())},
            {"cpu_details", cpus},
            {"nic_details", json::array{}},
            {"disk_details", disks},
            {"memory_details", json::object{{"maximum", or_null(d.memory_max_mb)},
                                            {"used", or_null(d.memory_used_mb)}}}};
}

}  // namespace

json::object ComputeManager::get_diagnostics(const RequestContext&, const std::string& uuid) {
    auto inst = load(uuid);
    if (!inst) {
        throw onestack::rpc::HandlerError("InstanceNotFound",
                                          "Instance " + uuid + " could not be found.");
    }
    try {
        return to_json(driver_->diagnostics(*inst));
    } catch (const virt::NotSupported& e) {
        throw onestack::rpc::HandlerError("NotImplementedError", e.what());
    } catch (const virt::InstanceNotFound& e) {
        throw onestack::rpc::HandlerError("InstanceNotFound", e.what());
    }
}

void ComputeManager::rescue_instance(const RequestContext& ctx, const std::string& uuid,
                                     const std::string& rescue_image_ref,
                                     const std::string& rescue_password) {
    simple_action(ctx, uuid,
                  {"compute_rescue_instance",
                   {task_state::kRescuing},
                   vm_state::kRescued,
                   power_state::kRunning},
                  [&](const Instance& i) {
                      // The rescue image by id, fetched into the host's image
                      // cache for drivers that boot from local files (libvirt).
                      virt::ImageMeta image;
                      image.id = rescue_image_ref.empty() ? i.image_ref : rescue_image_ref;
                      cache_image(ctx, image);
                      driver_->rescue(i, image, rescue_password);
                  });
}

void ComputeManager::unrescue_instance(const RequestContext& ctx, const std::string& uuid) {
    simple_action(ctx, uuid,
                  {"compute_unrescue_instance",
                   {task_state::kUnrescuing},
                   vm_state::kActive,
                   power_state::kRunning},
                  [&](const Instance& i) { driver_->unrescue(i); });
}

// A call: the API answers once the driver has set it (or 409/501).
void ComputeManager::set_admin_password(const RequestContext& ctx, const std::string& uuid,
                                        const std::string& password) {
    static constexpr const char* kEvent = "compute_set_admin_password";
    InstanceLocks::Guard guard(locks_, uuid);
    auto inst = load(uuid);
    if (!inst) {
        throw onestack::rpc::HandlerError("InstanceNotFound",
                                          "Instance " + uuid + " could not be found.");
    }
    deps_.db.write([&](Conn& c) { db::start_event(c, uuid, ctx.request_id, kEvent, host_); });
    std::string error_type;
    std::string message;
    // nova's InstancePasswordSetFailed wording.
    auto failed = [&](const std::string& reason) {
        error_type = "InstancePasswordSetFailed";
        message = "Failed to set admin password on " + uuid + " because " + reason;
    };
    try {
        int power = power_state::kNoState;  // _get_power_state: NOSTATE when the guest is gone
        try {
            power = driver_->instance_info(*inst).power_state;
        } catch (const virt::InstanceNotFound&) {
        }
        if (power != power_state::kRunning) {
            failed("instance " + uuid + " is not running");
        } else {
            driver_->set_admin_password(*inst, password);
        }
    } catch (const virt::GuestAgentNotEnabled& e) {
        error_type = "QemuGuestAgentNotEnabled";
        message = e.what();
    } catch (const virt::NotSupported&) {
        error_type = "NotImplementedError";
        message = "set_admin_password is not implemented by this driver or guest instance.";
    } catch (const std::exception& e) {
        // As nova: the caller gets a generic reason, the log the driver's.
        spdlog::warn("compute {}: set_admin_password failed for {}: {}", host_, uuid, e.what());
        failed("error setting admin password");
    }
    deps_.db.write([&](Conn& c) {
        try {
            db::update_instance(c, uuid, {{"task_state", null()}, {"task_deadline", null()}},
                                StrList{task_state::kUpdatingPassword});
        } catch (const db::UnexpectedTaskState&) {
        }
        db::finish_event(c, uuid, ctx.request_id, kEvent, error_type.empty() ? "Success" : "Error",
                         message);
    });
    if (!error_type.empty()) {
        throw onestack::rpc::HandlerError(error_type, message);
    }
}

// Nothing on this host waits for Neutron's or Cinder's events yet (no
// networking, no volumes): they are logged, as Nova logs an unexpected one.
void ComputeManager::external_instance_event(const RequestContext&, const std::string& uuid,
                                             const json::array& events) {
    for (const auto& e : events) {
        const auto& o = e.as_object();
        spdlog::info("compute {}: event {}:{} ({}) for {}, nobody waiting", host_,
                     rpc::str_field(o, "name"), rpc::str_field(o, "tag"),
                     rpc::str_field(o, "status"), uuid);
    }
}

void ComputeManager::add_extra_endpoints() {
    using Args = const json::object&;
    using Call = const onestack::rpc::CallContext&;
    auto uuid_of = [](Args a) { return std::string(a.at("instance_uuid").as_string()); };
    auto cast = [&](const char* method, std::function<void(const RequestContext&, Args)> f) {
        server_->add_endpoint(method, [f](Call call, Args args) -> json::value {
            f(rpc::context_from_json(call.context), args);
            return nullptr;
        });
    };
    server_->add_endpoint("get_diagnostics", [this, uuid_of](Call call, Args a) -> json::value {
        return get_diagnostics(rpc::context_from_json(call.context), uuid_of(a));
    });
    server_->add_endpoint("set_admin_password", [this, uuid_of](Call call, Args a) -> json::value {
        set_admin_password(rpc::context_from_json(call.context), uuid_of(a),
                           rpc::str_field(a, "new_pass"));
        return nullptr;
    });
    cast("rescue_instance", [this, uuid_of](const RequestContext& ctx, Args a) {
        rescue_instance(ctx, uuid_of(a), rpc::str_field(a, "rescue_image_ref"),
                        rpc::str_field(a, "rescue_password"));
    });
    cast("unrescue_instance", [this, uuid_of](const RequestContext& ctx, Args a) {
        unrescue_instance(ctx, uuid_of(a));
    });
    cast("external_instance_event", [this, uuid_of](const RequestContext& ctx, Args a) {
        json::array events;
        if (const auto* v = a.if_contains("events"); v != nullptr && v->is_array()) {
            events = v->get_array();
        }
        external_instance_event(ctx, uuid_of(a), events);
    });
    cast("shelve_instance", [this, uuid_of](const RequestContext& ctx, Args a) {
        shelve_instance(ctx, uuid_of(a), rpc::str_field(a, "image_id"));
    });
    cast("shelve_offload_instance", [this, uuid_of](const RequestContext& ctx, Args a) {
        shelve_offload_instance(ctx, uuid_of(a));
    });
    cast("unshelve_instance", [this, uuid_of](const RequestContext& ctx, Args a) {
        unshelve_instance(ctx, uuid_of(a), rpc::str_field(a, "node"));
    });
}

}  // namespace onestack::compute::manager
