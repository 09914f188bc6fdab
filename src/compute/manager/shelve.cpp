// Shelve, shelve offload and unshelve on the agent (nova/compute/manager.py
// shelve_instance, shelve_offload_instance, unshelve_instance): the guest is
// powered off and snapshotted to the image the API created; offloading
// destroys it and frees the host's placement allocations while the image is
// kept; unshelve spawns from that image on the host the conductor chose (or
// powers the guest on where it still is) and then deletes the image.
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "common/util/time.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/manager/manager.hpp"
#include "compute/objects/states.hpp"

namespace onestack::compute::manager {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::db::null;
using StrList = std::vector<std::string>;

constexpr const char* kShelvedKeys[] = {"shelved_at", "shelved_image_id", "shelved_host"};

std::string sysmeta_str(const Instance& i, const char* key) {
    const auto* v = i.system_metadata.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

void ComputeManager::shelve_instance(const RequestContext& ctx, const std::string& uuid,
                                     const std::string& image_id) {
    static constexpr const char* kEvent = "compute_shelve_instance";
    InstanceLocks::Guard guard(locks_, uuid);
    auto inst = load(uuid);
    if (!inst) {
        return;
    }
    try {
        deps_.db.write([&](Conn& c) {
            db::update_instance(
                c, uuid,
                {{"task_state", std::string(task_state::kShelvingImagePendingUpload)},
                 {"task_deadline", deadline()}},
                StrList{task_state::kShelving});
            db::start_event(c, uuid, ctx.request_id, kEvent, host_);
        });
    } catch (const db::UnexpectedTaskState&) {
        return;
    }
    try {
        driver_->power_off(*inst, std::chrono::seconds(60));
        upload_snapshot(ctx, *inst, image_id, task_state::kShelvingImageUploading);
    } catch (const std::exception& e) {
        task_failed(ctx, uuid, kEvent, std::string("Shelve failed: ") + e.what(), false);
        return;
    }
    bool offload_now = options_.shelved_offload_time == 0;
    try {
        deps_.db.write([&](Conn& c) {
            auto current = db::get_instance(c, uuid);
            auto sysmeta = current ? current->system_metadata : inst->system_metadata;
            sysmeta["shelved_at"] = util::iso8601_micros(util::now_unix_micros());
            sysmeta["shelved_image_id"] = image_id;
            sysmeta["shelved_host"] = host_;
            db::update_instance(
                c, uuid,
                {{"vm_state", std::string(vm_state::kShelved)},
                 {"power_state", std::int64_t{power_state::kShutdown}},
                 {"task_state",
                  offload_now ? onestack::db::Value(std::string(task_state::kShelvingOffloading))
                              : null()},
                 {"task_deadline", offload_now ? onestack::db::Value(deadline()) : null()},
                 {"system_metadata", json::serialize(sysmeta)}},
                StrList{task_state::kShelvingImageUploading});
            db::finish_event(c, uuid, ctx.request_id, kEvent, "Success");
        });
    } catch (const db::UnexpectedTaskState&) {
        return;
    }
    if (offload_now) {
        if (auto now = load(uuid)) {
            offload(ctx, *now);
        }
    }
}

void ComputeManager::shelve_offload_instance(const RequestContext& ctx, const std::string& uuid) {
    InstanceLocks::Guard guard(locks_, uuid);
    auto inst = load(uuid);
    if (!inst || inst->task_state != task_state::kShelvingOffloading) {
        return;
    }
    offload(ctx, *inst);
}

// The instance lock is held; task_state is shelving_offloading.
void ComputeManager::offload(const RequestContext& ctx, const Instance& inst) {
    static constexpr const char* kEvent = "compute_shelve_offload_instance";
    deps_.db.write([&](Conn& c) { db::start_event(c, inst.uuid, ctx.request_id, kEvent, host_); });
    try {
        driver_->power_off(inst, std::chrono::seconds(0));
        driver_->destroy(inst, true);
    } catch (const virt::InstanceNotFound&) {
        // Gone already: nothing left to free on the hypervisor.
    } catch (const std::exception& e) {
        task_failed(ctx, inst.uuid, kEvent, std::string("Shelve offload failed: ") + e.what(),
                    false);
        return;
    }
    // delete_allocation_for_shelve_offloaded_instance: the host's resources are
    // free. Before the state changes, so that whoever sees SHELVED_OFFLOADED
    // also finds the allocations gone (a delete racing with this frees them too).
    try {
        deps_.placement.delete_allocations(inst.uuid);
    } catch (const std::exception& e) {
        spdlog::warn("compute {}: allocations of offloaded {} not deleted: {}", host_, inst.uuid,
                     e.what());
    }
    try {
        deps_.db.write([&](Conn& c) {
            db::update_instance(c, inst.uuid,
                                {{"vm_state", std::string(vm_state::kShelvedOffloaded)},
                                 {"power_state", std::int64_t{power_state::kShutdown}},
                                 {"task_state", null()},
                                 {"task_deadline", null()},
                                 {"host", null()},
                                 {"node", null()}},
                                StrList{task_state::kShelvingOffloading});
            db::finish_event(c, inst.uuid, ctx.request_id, kEvent, "Success");
        });
    } catch (const db::UnexpectedTaskState&) {
        return;
    }
}

void ComputeManager::offload_shelved() {
    auto now = util::now_unix();
    auto shelved = deps_.db.read([&](Conn& c) { return db::instances_on_host(c, host_); });
    for (const auto& i : shelved) {
        if (i.vm_state != vm_state::kShelved || !i.task_state.empty()) {
            continue;
        }
        auto at = util::parse_iso8601(sysmeta_str(i, "shelved_at"));
        if (!at || now - *at < options_.shelved_offload_time) {
            continue;
        }
        RequestContext ctx;
        ctx.request_id = "req-" + i.uuid;
        ctx.project_id = i.project_id;
        ctx.user_id = i.user_id;
        InstanceLocks::Guard guard(locks_, i.uuid);
        try {
            deps_.db.write([&](Conn& c) {
                db::update_instance(c, i.uuid,
                                    {{"task_state", std::string(task_state::kShelvingOffloading)},
                                     {"task_deadline", deadline()}},
                                    StrList{""});
            });
        } catch (const db::UnexpectedTaskState&) {
            continue;
        }
        if (auto fresh = load(i.uuid)) {
            offload(ctx, *fresh);
        }
    }
}

void ComputeManager::unshelve_instance(const RequestContext& ctx, const std::string& uuid,
                                       const std::string& node) {
    static constexpr const char* kEvent = "compute_unshelve_instance";
    InstanceLocks::Guard guard(locks_, uuid);
    auto inst = load(uuid);
    if (!inst) {
        deps_.placement.delete_allocations(uuid);
        return;
    }
    bool still_here = inst->vm_state == vm_state::kShelved;
    try {
        deps_.db.write([&](Conn& c) {
            db::InstanceUpdate u{{"task_state", std::string(still_here ? task_state::kPoweringOn
                                                                       : task_state::kSpawning)},
                                 {"task_deadline", deadline()}};
            if (!still_here) {
                u["host"] = host_;
                u["node"] = node;
            }
            db::update_instance(c, uuid, u, StrList{task_state::kUnshelving});
            db::start_event(c, uuid, ctx.request_id, kEvent, host_);
        });
    } catch (const db::UnexpectedTaskState&) {
        return;
    }
    auto image_id = sysmeta_str(*inst, "shelved_image_id");
    try {
        if (still_here) {
            driver_->power_on(*inst);
        } else {
            virt::SpawnRequest req;
            req.image.id = image_id.empty() ? inst->image_ref : image_id;
            cache_image(ctx, req.image);
            driver_->spawn(*inst, req);
        }
    } catch (const std::exception& e) {
        spdlog::warn("compute {}: unshelve of {} failed: {}", host_, uuid, e.what());
        if (!still_here) {
            try {
                driver_->destroy(*inst, true);
            } catch (const std::exception&) {
            }
            deps_.placement.delete_allocations(uuid);
            deps_.db.write([&](Conn& c) {
                db::update_instance(c, uuid, {{"host", null()}, {"node", null()}});
            });
        }
        task_failed(ctx, uuid, kEvent, std::string("Unshelve failed: ") + e.what(), false);
        return;
    }
    try {
        deps_.db.write([&](Conn& c) {
            auto current = db::get_instance(c, uuid);
            auto sysmeta = current ? current->system_metadata : inst->system_metadata;
            for (const char* k : kShelvedKeys) {
                sysmeta.erase(k);
            }
            db::update_instance(
                c, uuid,
                {{"vm_state", std::string(vm_state::kActive)},
                 {"power_state", std::int64_t{power_state::kRunning}},
                 {"task_state", null()},
                 {"task_deadline", null()},
                 {"system_metadata", json::serialize(sysmeta)}},
                StrList{still_here ? task_state::kPoweringOn : task_state::kSpawning});
            db::finish_event(c, uuid, ctx.request_id, kEvent, "Success");
        });
    } catch (const db::UnexpectedTaskState&) {
        return;
    }
    // _delete_snapshot_of_shelved_instance.
    if (!image_id.empty() && deps_.images != nullptr) {
        try {
            deps_.images->delete_image(ctx, image_id);
        } catch (const std::exception& e) {
            spdlog::warn("compute {}: shelved image {} of {} not deleted: {}", host_, image_id,
                         uuid, e.what());
        }
    }
}

}  // namespace onestack::compute::manager
