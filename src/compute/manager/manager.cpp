#include "compute/manager/manager.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include <boost/json.hpp>

#include "common/rpc/errors.hpp"
#include "common/util/time.hpp"
#include "compute/db/host_store.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/manager/config_drive.hpp"
#include "compute/manager/injected_files.hpp"
#include "compute/objects/states.hpp"
#include "compute/rpc/context.hpp"
#include "compute/rpc/json_fields.hpp"
#include "compute/rpc/topics.hpp"

namespace onestack::compute::manager {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::db::null;
using StrList = std::vector<std::string>;

constexpr const char* kBinary = "nova-compute";

std::string now_text() {
    return util::iso8601_micros(util::now_unix_micros());
}

virt::ImageMeta image_meta(const json::object& spec, const std::string& image_ref) {
    const auto& image = rpc::obj_field(spec, "image");
    virt::ImageMeta m;
    m.id = rpc::str_field(image, "id").empty() ? image_ref : rpc::str_field(image, "id");
    m.name = rpc::str_field(image, "name");
    m.disk_format = rpc::str_field(image, "disk_format");
    m.container_format = rpc::str_field(image, "container_format");
    m.properties = rpc::obj_field(image, "properties");
    return m;
}

std::string tail_lines(const std::string& text, int length) {
    if (length < 0) {
        return text;
    }
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) {
        lines.push_back(l);
    }
    std::string out;
    std::size_t from = lines.size() > static_cast<std::size_t>(length)
                           ? lines.size() - static_cast<std::size_t>(length)
                           : 0;
    for (std::size_t i = from; i < lines.size(); ++i) {
        out += lines[i] + (i + 1 < lines.size() ? "\n" : "");
    }
    return out;
}

}  // namespace

InstanceLocks::Guard::Guard(InstanceLocks& owner, std::string uuid)
    : owner_(owner), uuid_(std::move(uuid)) {
    Entry* e = nullptr;
    {
        std::lock_guard lock(owner_.mu_);
        auto& slot = owner_.entries_[uuid_];
        if (!slot) {
            slot = std::make_unique<Entry>();
        }
        ++slot->users;
        e = slot.get();
    }
    e->mu.lock();
}

InstanceLocks::Guard::~Guard() {
    std::lock_guard lock(owner_.mu_);
    auto it = owner_.entries_.find(uuid_);
    it->second->mu.unlock();
    if (--it->second->users == 0) {
        owner_.entries_.erase(it);
    }
}

ComputeManager::ComputeManager(std::string host, std::unique_ptr<virt::ComputeDriver> driver,
                               ManagerDeps deps, AgentOptions options)
    : host_(std::move(host)),
      driver_(std::move(driver)),
      deps_(deps),
      options_(std::move(options)) {}

ComputeManager::~ComputeManager() {
    stop_rpc();
}

std::int64_t ComputeManager::deadline() const {
    return util::now_unix() + options_.task_deadline;
}

std::optional<Instance> ComputeManager::load(const std::string& uuid) {
    return deps_.db.read([&](Conn& c) { return db::get_instance(c, uuid); });
}

void ComputeManager::note_build(bool failed) {
    if (failed) {
        ++failed_builds_;
    } else {
        failed_builds_ = 0;  // nova resets the count on a successful build
    }
}

void ComputeManager::task_failed(const RequestContext& ctx, const std::string& uuid,
                                 const char* event, const std::string& message, bool error) {
    deps_.db.write([&](Conn& c) {
        db::InstanceUpdate u{{"task_state", null()}, {"task_deadline", null()}};
        if (error) {
            u["vm_state"] = std::string(vm_state::kError);
        }
        try {
            db::update_instance(c, uuid, u);
        } catch (const db::UnexpectedTaskState&) {
            return;
        }
        db::add_fault(c, uuid, {500, message, "", host_, ""});
        db::finish_event(c, uuid, ctx.request_id, event, "Error", message);
    });
    spdlog::warn("compute {}: {} of {} failed: {}", host_, event, uuid, message);
}

// --- host lifecycle ---------------------------------------------------------

void ComputeManager::init_host() {
    driver_->init_host(host_);
    deps_.db.write([&](Conn& c) { db::ensure_service(c, host_, kBinary, rpc_topic::kCompute); });
    heartbeat();
    update_available_resource();
    auto guests = driver_->list_instance_uuids();
    auto mine = deps_.db.read([&](Conn& c) { return db::instances_on_host(c, host_); });
    auto ctx = rpc::system_context();
    for (const auto& inst : mine) {
        try {
            InstanceLocks::Guard guard(locks_, inst.uuid);
            recover(ctx, inst, guests);
        } catch (const std::exception& e) {
            spdlog::error("compute {}: recovering {} failed: {}", host_, inst.uuid, e.what());
        }
    }
    // Guests the database no longer gives this host: deleted while we were down.
    for (const auto& g : guests) {
        bool known = std::any_of(mine.begin(), mine.end(),
                                 [&](const Instance& i) { return i.uuid == g && !i.deleted; });
        if (!known) {
            spdlog::info("compute {}: guest {} has no instance on this host (orphan)", host_, g);
            driver_->handle_orphan(g);
        }
    }
}

// nova's _init_instance: settle what a restart interrupted.
void ComputeManager::recover(const RequestContext& ctx, const Instance& inst,
                             const StrList& guests) {
    bool has_guest = std::find(guests.begin(), guests.end(), inst.uuid) != guests.end();
    const auto& ts = inst.task_state;
    auto settle = [&](const char* vm, int power) {
        deps_.db.write([&](Conn& c) {
            db::update_instance(c, inst.uuid,
                                {{"vm_state", std::string(vm)},
                                 {"power_state", std::int64_t{power}},
                                 {"task_state", null()},
                                 {"task_deadline", null()}},
                                StrList{ts});
        });
    };
    if (inst.vm_state == vm_state::kBuilding) {
        if (has_guest && ts == task_state::kSpawning) {
            // The guest came up; only the final write was lost.
            deps_.db.write([&](Conn& c) {
                db::update_instance(c, inst.uuid,
                                    {{"vm_state", std::string(vm_state::kActive)},
                                     {"power_state", std::int64_t{power_state::kRunning}},
                                     {"task_state", null()},
                                     {"task_deadline", null()},
                                     {"launched_at", now_text()}},
                                    StrList{ts});
            });
            spdlog::info("compute {}: build of {} had finished; ACTIVE", host_, inst.uuid);
            return;
        }
        if (has_guest) {
            driver_->destroy(inst, true);
        }
        // A failed build holds nothing (as after a spawn failure); if placement
        // does not answer, the row stays building and the reconciler does both.
        deps_.placement.delete_allocations(inst.uuid);
        task_failed(ctx, inst.uuid, "compute_build_and_run_instance",
                    "Instance build was interrupted by a restart of its compute host.", true);
        return;
    }
    if (ts == task_state::kDeleting) {
        destroy_and_delete(ctx, inst.uuid);  // the instance lock is held already
        return;
    }
    if (ts.empty()) {
        return;
    }
    if (ts == task_state::kRebooting || ts == task_state::kRebootPending ||
        ts == task_state::kRebootStarted || ts == task_state::kRebootingHard ||
        ts == task_state::kRebootPendingHard || ts == task_state::kRebootStartedHard) {
        if (has_guest) {
            driver_->reboot(inst, true);
            settle(vm_state::kActive, power_state::kRunning);
            return;
        }
    } else if (ts == task_state::kPoweringOff && has_guest) {
        driver_->power_off(inst, std::chrono::seconds(0));
        settle(vm_state::kStopped, power_state::kShutdown);
        return;
    } else if (ts == task_state::kPoweringOn && has_guest) {
        driver_->power_on(inst);
        settle(vm_state::kActive, power_state::kRunning);
        return;
    } else if ((ts == task_state::kPausing || ts == task_state::kUnpausing ||
                ts == task_state::kSuspending || ts == task_state::kResuming ||
                ts == task_state::kImageSnapshot || ts == task_state::kImageSnapshotPending ||
                ts == task_state::kImagePendingUpload || ts == task_state::kImageUploading ||
                ts == task_state::kResizePrep) &&
               has_guest) {
        // Nothing half-done on the guest: keep what the hypervisor shows.
        auto info = driver_->instance_info(inst);
        const char* vm = info.power_state == power_state::kPaused      ? vm_state::kPaused
                         : info.power_state == power_state::kSuspended ? vm_state::kSuspended
                         : info.power_state == power_state::kShutdown  ? vm_state::kStopped
                                                                       : vm_state::kActive;
        settle(vm, info.power_state);
        return;
    }
    task_failed(ctx, inst.uuid, "compute_init_host",
                "Task " + ts + " was interrupted by a restart of the compute host.", true);
}

void ComputeManager::cache_image(const RequestContext& ctx, virt::ImageMeta& image) {
    image.local_path =
        driver_->cache_image(image, [&](const std::string& id, const std::string& dest) {
            if (deps_.downloads == nullptr) {
                throw std::runtime_error("no image service configured for image downloads");
            }
            deps_.downloads->download(ctx, id, dest);
        });
}

void ComputeManager::heartbeat() {
    deps_.db.write([&](Conn& c) { db::service_heartbeat(c, host_, kBinary); });
}

void ComputeManager::update_available_resource() {
    std::lock_guard lock(tracker_mu_);
    auto service =
        deps_.db.write([&](Conn& c) { return db::ensure_service(c, host_, kBinary, "compute"); });
    auto guests = driver_->list_instance_uuids();
    for (const auto& node : driver_->nodes()) {
        auto res = driver_->host_resources(node);
        db::ComputeNodeRow row;
        row.service_id = service.id;
        row.host = host_;
        row.hypervisor_hostname = res.hypervisor_hostname;
        row.hypervisor_type = res.hypervisor_type;
        row.hypervisor_version = res.hypervisor_version;
        row.vcpus = res.vcpus;
        row.memory_mb = res.memory_mb;
        row.local_gb = res.local_gb;
        row.vcpus_used = res.vcpus_used;
        row.memory_mb_used = res.memory_mb_used + options_.reserved_host_memory_mb;
        row.local_gb_used = res.local_gb_used;
        row.running_vms = static_cast<int>(guests.size());
        row.cpu_info = json::serialize(res.cpu_info);
        row.host_ip = res.host_ip;
        row.cpu_allocation_ratio = options_.cpu_allocation_ratio;
        row.ram_allocation_ratio = options_.ram_allocation_ratio;
        row.disk_allocation_ratio = options_.disk_allocation_ratio;
        std::string arch = rpc::str_field(res.cpu_info, "arch");
        std::string hv = res.hypervisor_type;
        std::transform(hv.begin(), hv.end(), hv.begin(), ::tolower);
        row.stats = {{"failed_builds", failed_builds_.load()},
                     {"num_instances", guests.size()},
                     {"supported_instances",
                      json::array{json::array{json::value(arch.empty() ? "x86_64" : arch),
                                              json::value(hv), json::value("hvm")}}}};
        auto stored = deps_.db.write([&](Conn& c) { return db::upsert_compute_node(c, row); });

        std::map<std::string, placement::client::InventoryRecord> inv;
        placement::client::InventoryRecord vcpu;
        vcpu.total = res.vcpus;
        vcpu.reserved = options_.reserved_host_cpus;
        vcpu.max_unit = res.vcpus;
        vcpu.allocation_ratio = options_.cpu_allocation_ratio;
        inv["VCPU"] = vcpu;
        placement::client::InventoryRecord ram;
        ram.total = res.memory_mb;
        ram.reserved = options_.reserved_host_memory_mb;
        ram.max_unit = res.memory_mb;
        ram.allocation_ratio = options_.ram_allocation_ratio;
        inv["MEMORY_MB"] = ram;
        placement::client::InventoryRecord disk;
        disk.total = res.local_gb;
        disk.reserved = (options_.reserved_host_disk_mb + 1023) / 1024;
        disk.max_unit = res.local_gb;
        disk.allocation_ratio = options_.disk_allocation_ratio;
        inv["DISK_GB"] = disk;
        std::ostringstream key;
        for (const auto& [rc, r] : inv) {
            key << rc << r.total << '/' << r.reserved << '/' << r.allocation_ratio << ';';
        }
        if (last_inventory_[node] == key.str()) {
            continue;  // placement already has it
        }
        deps_.placement.ensure_provider(stored.uuid, node);
        deps_.placement.set_inventories(stored.uuid, inv);
        auto traits = res.traits;
        traits.push_back("COMPUTE_NODE");
        try {
            deps_.placement.set_traits(stored.uuid, traits);
        } catch (const std::exception& e) {
            spdlog::warn("compute {}: traits of {} not set: {}", host_, node, e.what());
        }
        last_inventory_[node] = key.str();
    }
}

void ComputeManager::sync_power_states() {
    auto mine = deps_.db.read([&](Conn& c) { return db::instances_on_host(c, host_); });
    for (const auto& inst : mine) {
        if (!inst.task_state.empty() || inst.deleted) {
            continue;  // an action is under way: it owns the state
        }
        InstanceLocks::Guard guard(locks_, inst.uuid);
        int power = power_state::kNoState;
        try {
            power = driver_->instance_info(inst).power_state;
        } catch (const virt::InstanceNotFound&) {
            power = power_state::kNoState;
        }
        db::InstanceUpdate u;
        if (power != inst.power_state) {
            u["power_state"] = std::int64_t{power};
        }
        // nova's _sync_instance_power_state: a guest that stopped on its own
        // is shown stopped.
        if (inst.vm_state == vm_state::kActive &&
            (power == power_state::kShutdown || power == power_state::kCrashed)) {
            u["vm_state"] = std::string(vm_state::kStopped);
        } else if (inst.vm_state == vm_state::kStopped && power == power_state::kRunning) {
            driver_->power_off(inst, std::chrono::seconds(0));
            u["power_state"] = std::int64_t{power_state::kShutdown};
        }
        if (u.empty()) {
            continue;
        }
        try {
            deps_.db.write([&](Conn& c) { db::update_instance(c, inst.uuid, u, StrList{""}); });
        } catch (const db::UnexpectedTaskState&) {
            // An action started meanwhile.
        }
    }
}

// --- build ------------------------------------------------------------------

void ComputeManager::build_and_run_instance(const RequestContext& ctx, const std::string& uuid,
                                            const json::object& spec, const json::array& alternates,
                                            const std::string& node) {
    static constexpr const char* kEvent = "compute_build_and_run_instance";
    InstanceLocks::Guard guard(locks_, uuid);
    auto inst = load(uuid);
    if (!inst) {
        deps_.placement.delete_allocations(uuid);
        return;
    }
    try {
        deps_.db.write([&](Conn& c) {
            db::update_instance(c, uuid,
                                {{"task_state", std::string(task_state::kSpawning)},
                                 {"task_deadline", deadline()},
                                 {"host", host_},
                                 {"node", node}},
                                StrList{task_state::kScheduling});
            db::start_event(c, uuid, ctx.request_id, kEvent, host_);
        });
    } catch (const db::UnexpectedTaskState&) {
        spdlog::info("compute {}: {} is no longer waiting to build", host_, uuid);
        return;
    }
    inst = load(uuid);
    // The claim: the scheduler's allocation against this node must be there.
    std::string failure;
    try {
        auto held = deps_.placement.get_allocations(uuid);
        bool here = false;
        for (const auto& [rp, r] : held.allocations) {
            auto nodes =
                deps_.db.read([&](Conn& c) { return db::compute_nodes_on_host(c, host_); });
            here = here || std::any_of(nodes.begin(), nodes.end(),
                                       [&](const db::ComputeNodeRow& n) { return n.uuid == rp; });
        }
        if (!here) {
            failure = "no placement allocation for this instance on " + host_;
        }
    } catch (const std::exception& e) {
        failure = std::string("placement: ") + e.what();
    }
    std::string config_drive = inst->config_drive;
    if (failure.empty()) {
        try {
            virt::SpawnRequest req;
            req.image = image_meta(spec, inst->image_ref);
            req.injected_files = decode_injected_files(spec.if_contains("injected_files"));
            if (add_config_drive(deps_.db, *inst, options_, req)) {
                config_drive = "True";  // configdrive.update_instance
            }
            cache_image(ctx, req.image);
            driver_->spawn(*inst, req);
        } catch (const std::exception& e) {
            failure = e.what();
        }
    }
    if (failure.empty()) {
        note_build(false);
        try {
            deps_.db.write([&](Conn& c) {
                db::update_instance(c, uuid,
                                    {{"vm_state", std::string(vm_state::kActive)},
                                     {"task_state", null()},
                                     {"task_deadline", null()},
                                     {"power_state", std::int64_t{power_state::kRunning}},
                                     {"launched_at", now_text()},
                                     {"config_drive", config_drive}},
                                    StrList{task_state::kSpawning});
                db::finish_event(c, uuid, ctx.request_id, kEvent, "Success");
            });
        } catch (const db::UnexpectedTaskState&) {
            // Deleted while spawning: undo.
            driver_->destroy(*inst, true);
            deps_.placement.delete_allocations(uuid);
        }
        return;
    }
    // Failed here: clean up, give back this host's claim, then try an alternate.
    note_build(true);
    spdlog::warn("compute {}: build of {} failed: {}", host_, uuid, failure);
    try {
        driver_->destroy(*inst, true);
    } catch (const std::exception&) {
    }
    deps_.placement.delete_allocations(uuid);
    if (alternates.empty()) {
        task_failed(ctx, uuid, kEvent, "Build of instance " + uuid + " aborted: " + failure, true);
        return;
    }
    try {
        deps_.db.write([&](Conn& c) {
            db::update_instance(c, uuid,
                                {{"task_state", std::string(task_state::kScheduling)},
                                 {"task_deadline", deadline()},
                                 {"host", null()},
                                 {"node", null()}},
                                StrList{task_state::kSpawning});
            db::finish_event(c, uuid, ctx.request_id, kEvent, "Error", failure);
        });
    } catch (const db::UnexpectedTaskState&) {
        return;
    }
    json::object retry_spec = spec;
    json::object retry = rpc::obj_field(spec, "retry");
    int attempts = 1;
    if (const auto* n = retry.if_contains("num_attempts"); n != nullptr && n->is_int64()) {
        attempts = static_cast<int>(n->get_int64());
    }
    retry["num_attempts"] = attempts + 1;
    json::array hosts;
    if (const auto* h = retry.if_contains("hosts"); h != nullptr && h->is_array()) {
        hosts = h->get_array();
    }
    hosts.push_back(json::value(host_));
    retry["hosts"] = std::move(hosts);
    retry_spec["retry"] = std::move(retry);
    deps_.conductor.reschedule(ctx, uuid, retry_spec, alternates);
}

void ComputeManager::terminate_instance(const RequestContext& ctx, const std::string& uuid) {
    InstanceLocks::Guard guard(locks_, uuid);
    destroy_and_delete(ctx, uuid);
}

void ComputeManager::destroy_and_delete(const RequestContext& ctx, const std::string& uuid) {
    static constexpr const char* kEvent = "compute_terminate_instance";
    auto inst = load(uuid);
    if (!inst) {
        return;
    }
    deps_.db.write([&](Conn& c) { db::start_event(c, uuid, ctx.request_id, kEvent, host_); });
    try {
        driver_->destroy(*inst, true);
    } catch (const std::exception& e) {
        task_failed(ctx, uuid, kEvent, e.what(), true);
        return;
    }
    try {
        deps_.placement.delete_allocations(uuid);
    } catch (const std::exception& e) {
        // The guest is gone but its claim is not: the row stays `deleting`,
        // due now, and the reconciler's next sweep gives the claim back and
        // finishes the delete (it does both or neither).
        spdlog::warn(
            "compute {}: delete of {}: allocations not deleted ({}); left to the "
            "reconciler",
            host_, uuid, e.what());
        deps_.db.write([&](Conn& c) {
            db::update_instance(c, uuid, {{"task_deadline", util::now_unix()}});
        });
        return;
    }
    deps_.db.write([&](Conn& c) {
        db::finish_event(c, uuid, ctx.request_id, kEvent, "Success");
        db::soft_delete_instance(c, uuid);
    });
}

// --- simple actions -----------------------------------------------------------

void ComputeManager::simple_action(const RequestContext& ctx, const std::string& uuid,
                                   const SimpleAction& a,
                                   const std::function<void(const Instance&)>& drive) {
    InstanceLocks::Guard guard(locks_, uuid);
    auto inst = load(uuid);
    if (!inst) {
        return;
    }
    if (std::find(a.expected.begin(), a.expected.end(), inst->task_state) == a.expected.end()) {
        spdlog::info("compute {}: {} of {} skipped: task_state is '{}'", host_, a.event, uuid,
                     inst->task_state);
        return;
    }
    deps_.db.write([&](Conn& c) {
        db::update_instance(c, uuid, {{"task_deadline", deadline()}});
        db::start_event(c, uuid, ctx.request_id, a.event, host_);
    });
    try {
        drive(*inst);
    } catch (const std::exception& e) {
        task_failed(ctx, uuid, a.event, e.what(), false);
        return;
    }
    try {
        deps_.db.write([&](Conn& c) {
            db::update_instance(c, uuid,
                                {{"vm_state", std::string(a.vm_state)},
                                 {"power_state", std::int64_t{a.power_state}},
                                 {"task_state", null()},
                                 {"task_deadline", null()}},
                                a.expected);
            db::finish_event(c, uuid, ctx.request_id, a.event, "Success");
        });
    } catch (const db::UnexpectedTaskState&) {
    }
}

void ComputeManager::reboot_instance(const RequestContext& ctx, const std::string& uuid,
                                     bool hard) {
    simple_action(ctx, uuid,
                  {"compute_reboot_instance",
                   {task_state::kRebooting, task_state::kRebootPending, task_state::kRebootStarted,
                    task_state::kRebootingHard, task_state::kRebootPendingHard,
                    task_state::kRebootStartedHard},
                   vm_state::kActive,
                   power_state::kRunning},
                  [&](const Instance& i) { driver_->reboot(i, hard); });
}

void ComputeManager::stop_instance(const RequestContext& ctx, const std::string& uuid) {
    simple_action(ctx, uuid,
                  {"compute_stop_instance",
                   {task_state::kPoweringOff},
                   vm_state::kStopped,
                   power_state::kShutdown},
                  [&](const Instance& i) { driver_->power_off(i, std::chrono::seconds(60)); });
}

void ComputeManager::start_instance(const RequestContext& ctx, const std::string& uuid) {
    simple_action(ctx, uuid,
                  {"compute_start_instance",
                   {task_state::kPoweringOn},
                   vm_state::kActive,
                   power_state::kRunning},
                  [&](const Instance& i) { driver_->power_on(i); });
}

void ComputeManager::pause_instance(const RequestContext& ctx, const std::string& uuid) {
    simple_action(
        ctx, uuid,
        {"compute_pause_instance", {task_state::kPausing}, vm_state::kPaused, power_state::kPaused},
        [&](const Instance& i) { driver_->pause(i); });
}

void ComputeManager::unpause_instance(const RequestContext& ctx, const std::string& uuid) {
    simple_action(ctx, uuid,
                  {"compute_unpause_instance",
                   {task_state::kUnpausing},
                   vm_state::kActive,
                   power_state::kRunning},
                  [&](const Instance& i) { driver_->unpause(i); });
}

void ComputeManager::suspend_instance(const RequestContext& ctx, const std::string& uuid) {
    simple_action(ctx, uuid,
                  {"compute_suspend_instance",
                   {task_state::kSuspending},
                   vm_state::kSuspended,
                   power_state::kSuspended},
                  [&](const Instance& i) { driver_->suspend(i); });
}

void ComputeManager::resume_instance(const RequestContext& ctx, const std::string& uuid) {
    simple_action(ctx, uuid,
                  {"compute_resume_instance",
                   {task_state::kResuming},
                   vm_state::kActive,
                   power_state::kRunning},
                  [&](const Instance& i) { driver_->resume(i); });
}

void ComputeManager::rebuild_instance(const RequestContext& ctx, const std::string& uuid,
                                      const std::string& image_ref,
                                      const json::array& injected_files) {
    // nova: a stopped server is rebuilt and stays stopped.
    auto before = load(uuid);
    bool stopped = before && before->vm_state == vm_state::kStopped;
    simple_action(
        ctx, uuid,
        {"compute_rebuild_instance",
         {task_state::kRebuilding, task_state::kRebuildSpawning},
         stopped ? vm_state::kStopped : vm_state::kActive,
         stopped ? power_state::kShutdown : power_state::kRunning},
        [&](const Instance& i) {
            driver_->destroy(i, true);
            deps_.db.write([&](Conn& c) {
                db::update_instance(c, uuid,
                                    {{"task_state", std::string(task_state::kRebuildSpawning)},
                                     {"image_ref", image_ref}});
            });
            auto spec = deps_.db.read([&](Conn& c) { return db::load_request_spec(c, uuid); });
            virt::SpawnRequest req;
            req.image = image_meta(spec.value_or(json::object{}), image_ref);
            req.image.id = image_ref;
            json::value files(injected_files);
            req.injected_files = decode_injected_files(&files);
            add_config_drive(deps_.db, i, options_, req);
            cache_image(ctx, req.image);
            driver_->spawn(i, req);
            if (stopped) {
                driver_->power_off(i, std::chrono::seconds(0));
            }
        });
}

void ComputeManager::snapshot_instance(const RequestContext& ctx, const std::string& uuid,
                                       const std::string& image_id) {
    snapshot_to(ctx, uuid, image_id, "compute_snapshot_instance");
}

// nova's backup_instance: the snapshot, then _rotate_backups.
void ComputeManager::backup_instance(const RequestContext& ctx, const std::string& uuid,
                                     const std::string& image_id, const std::string& backup_type,
                                     int rotation) {
    if (!snapshot_to(ctx, uuid, image_id, "compute_backup_instance") || deps_.images == nullptr) {
        return;
    }
    try {
        auto ids = deps_.images->find_images(
            ctx, {{"image_type", "backup"}, {"backup_type", backup_type}, {"instance_uuid", uuid}});
        std::size_t keep = static_cast<std::size_t>(std::max(rotation, 0));
        for (std::size_t i = 0; i + keep < ids.size(); ++i) {
            spdlog::info("compute {}: backup rotation of {} deletes image {}", host_, uuid, ids[i]);
            deps_.images->delete_image(ctx, ids[i]);
        }
    } catch (const std::exception& e) {
        spdlog::warn("compute {}: backup rotation of {} failed: {}", host_, uuid, e.what());
    }
}

void ComputeManager::upload_snapshot(const RequestContext& ctx, const Instance& inst,
                                     const std::string& image_id, const char* uploading_state) {
    auto file = driver_->snapshot(inst, image_id);
    deps_.db.write([&](Conn& c) {
        db::update_instance(c, inst.uuid, {{"task_state", std::string(uploading_state)}});
    });
    if (deps_.images == nullptr) {
        throw std::runtime_error("no image service configured for snapshots");
    }
    deps_.images->upload(ctx, image_id, file.path, file.disk_format);
    std::error_code ec;
    std::filesystem::remove(file.path, ec);
}

bool ComputeManager::snapshot_to(const RequestContext& ctx, const std::string& uuid,
                                 const std::string& image_id, const char* kEvent) {
    InstanceLocks::Guard guard(locks_, uuid);
    auto inst = load(uuid);
    if (!inst) {
        return false;
    }
    const StrList expected{task_state::kImageSnapshot, task_state::kImageSnapshotPending,
                           task_state::kImageBackup};
    try {
        deps_.db.write([&](Conn& c) {
            db::update_instance(c, uuid,
                                {{"task_state", std::string(task_state::kImagePendingUpload)},
                                 {"task_deadline", deadline()}},
                                expected);
            db::start_event(c, uuid, ctx.request_id, kEvent, host_);
        });
    } catch (const db::UnexpectedTaskState&) {
        return false;
    }
    try {
        upload_snapshot(ctx, *inst, image_id, task_state::kImageUploading);
    } catch (const std::exception& e) {
        task_failed(ctx, uuid, kEvent, std::string("Snapshot failed: ") + e.what(), false);
        return false;
    }
    deps_.db.write([&](Conn& c) {
        db::update_instance(c, uuid, {{"task_state", null()}, {"task_deadline", null()}});
        db::finish_event(c, uuid, ctx.request_id, kEvent, "Success");
    });
    return true;
}

std::string ComputeManager::get_console_output(const RequestContext&, const std::string& uuid,
                                               int length) {
    auto inst = load(uuid);
    if (!inst) {
        throw onestack::rpc::HandlerError("InstanceNotFound",
                                          "Instance " + uuid + " could not be found.");
    }
    return tail_lines(driver_->console_output(*inst), length);
}

// --- resize and cold migration --------------------------------------------------

void ComputeManager::prep_resize(const RequestContext& ctx, const std::string& uuid,
                                 const Flavor& new_flavor, const std::string& migration_uuid,
                                 const json::object&) {
    static constexpr const char* kEvent = "compute_prep_resize";
    InstanceLocks::Guard guard(locks_, uuid);
    auto inst = load(uuid);
    if (!inst) {
        return;
    }
    auto migration = deps_.db.read([&](Conn& c) { return db::get_migration(c, migration_uuid); });
    if (!migration) {
        return;
    }
    deps_.db.write([&](Conn& c) {
        db::start_event(c, uuid, ctx.request_id, kEvent, host_);
        db::update_instance(c, uuid,
                            {{"new_flavor", json::serialize(new_flavor.to_json())},
                             {"old_flavor", json::serialize(inst->flavor.to_json())},
                             {"task_deadline", deadline()}});
        db::update_migration(c, migration_uuid,
                             {{"status", std::string("pre-migrating")},
                              {"dest_compute", host_},
                              {"dest_host", host_}});
        db::finish_event(c, uuid, ctx.request_id, kEvent, "Success");
    });
    deps_.compute.resize_instance(ctx, inst->host, uuid, migration_uuid);
}

void ComputeManager::resize_instance(const RequestContext& ctx, const std::string& uuid,
                                     const std::string& migration_uuid) {
    static constexpr const char* kEvent = "compute_resize_instance";
    InstanceLocks::Guard guard(locks_, uuid);
    auto inst = load(uuid);
    auto migration = deps_.db.read([&](Conn& c) { return db::get_migration(c, migration_uuid); });
    if (!inst || !migration || !inst->new_flavor) {
        return;
    }
    try {
        deps_.db.write([&](Conn& c) {
            db::update_instance(c, uuid,
                                {{"task_state", std::string(task_state::kResizeMigrating)},
                                 {"task_deadline", deadline()}},
                                StrList{task_state::kResizePrep});
            db::update_migration(c, migration_uuid, {{"status", std::string("migrating")}});
            db::start_event(c, uuid, ctx.request_id, kEvent, host_);
        });
        driver_->migrate_disk_and_power_off(*inst, *inst->new_flavor, migration->dest_compute);
        deps_.db.write([&](Conn& c) {
            db::update_instance(c, uuid, {{"task_state", std::string(task_state::kResizeMigrated)}},
                                StrList{task_state::kResizeMigrating});
            db::update_migration(c, migration_uuid, {{"status", std::string("post-migrating")}});
            db::finish_event(c, uuid, ctx.request_id, kEvent, "Success");
        });
    } catch (const db::UnexpectedTaskState&) {
        return;
    } catch (const std::exception& e) {
        deps_.db.write([&](Conn& c) {
            db::update_migration(c, migration_uuid, {{"status", std::string("error")}});
        });
        task_failed(ctx, uuid, kEvent, e.what(), true);
        return;
    }
    deps_.compute.finish_resize(ctx, migration->dest_compute, uuid, migration_uuid);
}

void ComputeManager::finish_resize(const RequestContext& ctx, const std::string& uuid,
                                   const std::string& migration_uuid) {
    static constexpr const char* kEvent = "compute_finish_resize";
    InstanceLocks::Guard guard(locks_, uuid);
    auto inst = load(uuid);
    auto migration = deps_.db.read([&](Conn& c) { return db::get_migration(c, migration_uuid); });
    if (!inst || !migration || !inst->new_flavor) {
        return;
    }
    bool power_on = inst->vm_state != vm_state::kStopped;
    try {
        deps_.db.write([&](Conn& c) {
            db::update_instance(c, uuid,
                                {{"task_state", std::string(task_state::kResizeFinish)},
                                 {"task_deadline", deadline()}},
                                StrList{task_state::kResizeMigrated});
            db::start_event(c, uuid, ctx.request_id, kEvent, host_);
        });
        auto spec = deps_.db.read([&](Conn& c) { return db::load_request_spec(c, uuid); });
        driver_->finish_migration(*inst, *inst->new_flavor,
                                  image_meta(spec.value_or(json::object{}), inst->image_ref),
                                  power_on);
        auto node = migration->dest_node.empty() ? host_ : migration->dest_node;
        deps_.db.write([&](Conn& c) {
            db::update_instance(c, uuid,
                                {{"flavor", json::serialize(inst->new_flavor->to_json())},
                                 {"vcpus", std::int64_t{inst->new_flavor->vcpus}},
                                 {"memory_mb", std::int64_t{inst->new_flavor->memory_mb}},
                                 {"root_gb", std::int64_t{inst->new_flavor->root_gb}},
                                 {"ephemeral_gb", std::int64_t{inst->new_flavor->ephemeral_gb}},
                                 {"host", host_},
                                 {"node", node},
                                 {"vm_state", std::string(vm_state::kResized)},
                                 {"power_state", std::int64_t{power_on ? power_state::kRunning
                                                                       : power_state::kShutdown}},
                                 {"task_state", null()},
                                 {"task_deadline", null()}},
                                StrList{task_state::kResizeFinish});
            db::update_migration(c, migration_uuid, {{"status", std::string("finished")}});
            db::finish_event(c, uuid, ctx.request_id, kEvent, "Success");
        });
    } catch (const db::UnexpectedTaskState&) {
        return;
    } catch (const std::exception& e) {
        deps_.db.write([&](Conn& c) {
            db::update_migration(c, migration_uuid, {{"status", std::string("error")}});
        });
        task_failed(ctx, uuid, kEvent, e.what(), true);
    }
}

void ComputeManager::confirm_resize(const RequestContext& ctx, const std::string& uuid,
                                    const std::string& migration_uuid) {
    static constexpr const char* kEvent = "compute_confirm_resize";
    InstanceLocks::Guard guard(locks_, uuid);
    auto inst = load(uuid);
    if (!inst) {
        return;
    }
    deps_.db.write([&](Conn& c) { db::start_event(c, uuid, ctx.request_id, kEvent, host_); });
    try {
        Instance source = *inst;
        driver_->confirm_migration(source);
    } catch (const std::exception& e) {
        spdlog::warn("compute {}: confirm of {}: {}", host_, uuid, e.what());
    }
    // The source's resources, held by the migration, are given back.
    deps_.placement.delete_allocations(migration_uuid);
    bool stopped = inst->power_state == power_state::kShutdown;
    deps_.db.write([&](Conn& c) {
        db::update_migration(c, migration_uuid, {{"status", std::string("confirmed")}});
        try {
            db::update_instance(
                c, uuid,
                {{"vm_state", std::string(stopped ? vm_state::kStopped : vm_state::kActive)},
                 {"task_state", null()},
                 {"task_deadline", null()},
                 {"old_flavor", null()},
                 {"new_flavor", null()}},
                StrList{"", task_state::kResizeConfirming});
        } catch (const db::UnexpectedTaskState&) {
        }
        db::finish_event(c, uuid, ctx.request_id, kEvent, "Success");
    });
}

void ComputeManager::revert_resize(const RequestContext& ctx, const std::string& uuid,
                                   const std::string& migration_uuid) {
    static constexpr const char* kEvent = "compute_revert_resize";
    InstanceLocks::Guard guard(locks_, uuid);
    auto inst = load(uuid);
    auto migration = deps_.db.read([&](Conn& c) { return db::get_migration(c, migration_uuid); });
    if (!inst || !migration) {
        return;
    }
    deps_.db.write([&](Conn& c) {
        db::start_event(c, uuid, ctx.request_id, kEvent, host_);
        db::update_instance(c, uuid, {{"task_deadline", deadline()}});
    });
    bool same_host = migration->source_compute == migration->dest_compute;
    if (!same_host) {
        driver_->destroy(*inst, true);
    }
    // The destination's claim (the instance's) goes; the migration's comes back.
    deps_.placement.delete_allocations(uuid);
    deps_.db.write([&](Conn& c) { db::finish_event(c, uuid, ctx.request_id, kEvent, "Success"); });
    deps_.compute.finish_revert_resize(ctx, migration->source_compute, uuid, migration_uuid);
}

void ComputeManager::finish_revert_resize(const RequestContext& ctx, const std::string& uuid,
                                          const std::string& migration_uuid) {
    static constexpr const char* kEvent = "compute_finish_revert_resize";
    InstanceLocks::Guard guard(locks_, uuid);
    auto inst = load(uuid);
    auto migration = deps_.db.read([&](Conn& c) { return db::get_migration(c, migration_uuid); });
    if (!inst || !migration) {
        return;
    }
    auto held = deps_.placement.get_allocations(migration_uuid);
    if (!held.allocations.empty()) {
        deps_.placement.claim(uuid, held.allocations, inst->project_id, inst->user_id);
        deps_.placement.delete_allocations(migration_uuid);
    }
    bool power_on = inst->power_state != power_state::kShutdown;
    Flavor old = inst->old_flavor.value_or(inst->flavor);
    try {
        driver_->finish_revert_migration(*inst, power_on);
    } catch (const std::exception& e) {
        task_failed(ctx, uuid, kEvent, e.what(), true);
        return;
    }
    deps_.db.write([&](Conn& c) {
        db::start_event(c, uuid, ctx.request_id, kEvent, host_);
        db::update_instance(
            c, uuid,
            {{"flavor", json::serialize(old.to_json())},
             {"vcpus", std::int64_t{old.vcpus}},
             {"memory_mb", std::int64_t{old.memory_mb}},
             {"root_gb", std::int64_t{old.root_gb}},
             {"ephemeral_gb", std::int64_t{old.ephemeral_gb}},
             {"host", host_},
             {"node", migration->source_node.empty() ? host_ : migration->source_node},
             {"vm_state", std::string(power_on ? vm_state::kActive : vm_state::kStopped)},
             {"power_state",
              std::int64_t{power_on ? power_state::kRunning : power_state::kShutdown}},
             {"task_state", null()},
             {"task_deadline", null()},
             {"old_flavor", null()},
             {"new_flavor", null()}});
        db::update_migration(c, migration_uuid, {{"status", std::string("reverted")}});
        db::finish_event(c, uuid, ctx.request_id, kEvent, "Success");
    });
}

// --- the bus ----------------------------------------------------------------------

void ComputeManager::start_rpc(std::shared_ptr<onestack::rpc::Transport> bus, unsigned workers) {
    server_ = std::make_unique<onestack::rpc::RpcServer>(
        std::move(bus), onestack::rpc::Target{rpc_topic::kCompute, host_}, workers);
    using Args = const json::object&;
    using Call = const onestack::rpc::CallContext&;
    auto uuid_of = [](Args a) { return std::string(a.at("instance_uuid").as_string()); };
    auto add = [&](const char* method, std::function<void(const RequestContext&, Args)> f) {
        server_->add_endpoint(method, [f](Call call, Args args) -> json::value {
            f(rpc::context_from_json(call.context), args);
            return nullptr;
        });
    };
    add("build_and_run_instance", [this, uuid_of](const RequestContext& ctx, Args a) {
        json::array alternates;
        if (const auto* v = a.if_contains("alternates"); v != nullptr && v->is_array()) {
            alternates = v->get_array();
        }
        build_and_run_instance(ctx, uuid_of(a), rpc::obj_field(a, "request_spec"), alternates,
                               rpc::str_field(a, "node"));
    });
    using UuidOnly = void (ComputeManager::*)(const RequestContext&, const std::string&);
    static const std::pair<const char*, UuidOnly> kUuidOnly[] = {
        {"terminate_instance", &ComputeManager::terminate_instance},
        {"stop_instance", &ComputeManager::stop_instance},
        {"start_instance", &ComputeManager::start_instance},
        {"pause_instance", &ComputeManager::pause_instance},
        {"unpause_instance", &ComputeManager::unpause_instance},
        {"suspend_instance", &ComputeManager::suspend_instance},
        {"resume_instance", &ComputeManager::resume_instance},
    };
    for (const auto& [method, fn] : kUuidOnly) {
        add(method, [this, fn = fn, uuid_of](const RequestContext& ctx, Args a) {
            (this->*fn)(ctx, uuid_of(a));
        });
    }
    add("reboot_instance", [this, uuid_of](const RequestContext& ctx, Args a) {
        reboot_instance(ctx, uuid_of(a), rpc::str_field(a, "reboot_type") == "HARD");
    });
    add("rebuild_instance", [this, uuid_of](const RequestContext& ctx, Args a) {
        const auto* files = a.if_contains("injected_files");
        rebuild_instance(
            ctx, uuid_of(a), rpc::str_field(a, "image_ref"),
            files != nullptr && files->is_array() ? files->get_array() : json::array{});
    });
    add("snapshot_instance", [this, uuid_of](const RequestContext& ctx, Args a) {
        snapshot_instance(ctx, uuid_of(a), rpc::str_field(a, "image_id"));
    });
    add("backup_instance", [this, uuid_of](const RequestContext& ctx, Args a) {
        int rotation = 0;
        if (const auto* r = a.if_contains("rotation"); r != nullptr && r->is_int64()) {
            rotation = static_cast<int>(r->get_int64());
        }
        backup_instance(ctx, uuid_of(a), rpc::str_field(a, "image_id"),
                        rpc::str_field(a, "backup_type"), rotation);
    });
    add("prep_resize", [this, uuid_of](const RequestContext& ctx, Args a) {
        prep_resize(ctx, uuid_of(a), Flavor::from_json(rpc::obj_field(a, "new_flavor")),
                    rpc::str_field(a, "migration_uuid"), rpc::obj_field(a, "request_spec"));
    });
    using MigrationStep =
        void (ComputeManager::*)(const RequestContext&, const std::string&, const std::string&);
    static const std::pair<const char*, MigrationStep> kMigrationSteps[] = {
        {"resize_instance", &ComputeManager::resize_instance},
        {"finish_resize", &ComputeManager::finish_resize},
        {"confirm_resize", &ComputeManager::confirm_resize},
        {"revert_resize", &ComputeManager::revert_resize},
        {"finish_revert_resize", &ComputeManager::finish_revert_resize},
    };
    for (const auto& [method, fn] : kMigrationSteps) {
        add(method, [this, fn = fn, uuid_of](const RequestContext& ctx, Args a) {
            (this->*fn)(ctx, uuid_of(a), rpc::str_field(a, "migration_uuid"));
        });
    }
    server_->add_endpoint("get_console_output", [this, uuid_of](Call call, Args a) -> json::value {
        int length = -1;
        if (const auto* l = a.if_contains("length"); l != nullptr && l->is_int64()) {
            length = static_cast<int>(l->get_int64());
        }
        return json::object{{"output", get_console_output(rpc::context_from_json(call.context),
                                                          uuid_of(a), length)}};
    });
    add_extra_endpoints();
    server_->start();
}

void ComputeManager::stop_rpc() {
    if (server_) {
        server_->stop();
    }
}

// --- periodic tasks -----------------------------------------------------------

AgentRunner::AgentRunner(AgentOptions options) : options_(std::move(options)) {}

AgentRunner::~AgentRunner() {
    stop();
}

void AgentRunner::add(ComputeManager& m) {
    managers_.push_back(&m);
}

void AgentRunner::start() {
    thread_ = std::thread([this] { run(); });
}

void AgentRunner::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void AgentRunner::run() {
    using clock = std::chrono::steady_clock;
    auto every = [](int s) { return std::chrono::seconds(std::max(1, s)); };
    auto next_beat = clock::now() + every(options_.report_interval);
    auto next_resources = clock::now() + every(options_.update_resources_interval);
    auto next_sync = clock::now() + every(options_.sync_power_state_interval);
    auto next_shelved = clock::now() + every(options_.shelved_poll_interval);
    std::unique_lock lock(mu_);
    while (!stopping_) {
        auto wake = std::min({next_beat, next_resources, next_sync, next_shelved});
        cv_.wait_until(lock, wake, [&] { return stopping_; });
        if (stopping_) {
            break;
        }
        lock.unlock();
        auto now = clock::now();
        auto each = [&](const char* what, auto&& f) {
            for (auto* m : managers_) {
                try {
                    f(*m);
                } catch (const std::exception& e) {
                    spdlog::warn("compute {}: {} failed: {}", m->host(), what, e.what());
                }
            }
        };
        if (now >= next_beat) {
            each("heartbeat", [](ComputeManager& m) { m.heartbeat(); });
            next_beat = now + every(options_.report_interval);
        }
        if (now >= next_resources) {
            each("resource update", [](ComputeManager& m) { m.update_available_resource(); });
            next_resources = now + every(options_.update_resources_interval);
        }
        if (now >= next_sync) {
            if (options_.sync_power_state_interval > 0) {
                each("power sync", [](ComputeManager& m) { m.sync_power_states(); });
            }
            next_sync = now + every(options_.sync_power_state_interval);
        }
        if (now >= next_shelved) {
            if (options_.shelved_poll_interval > 0 && options_.shelved_offload_time > 0) {
                each("shelved offload", [](ComputeManager& m) { m.offload_shelved(); });
            }
            next_shelved = now + every(options_.shelved_poll_interval);
        }
        lock.lock();
    }
}

}  // namespace onestack::compute::manager
