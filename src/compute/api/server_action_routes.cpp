// POST /servers/{id}/action (nova/api/openstack/compute/servers.py,
// server_actions modules, and the checks of nova/compute/api.py): each
// action checks vm_state and task_state as Nova does, writes its intent
// (task_state by compare-and-set, a deadline, the instance action), then
// casts to the conductor or to the agent of the server's host.
#include <functional>

#include "common/util/ids.hpp"
#include "common/util/time.hpp"
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/db/flavor_store.hpp"
#include "compute/api/db/keypair_store.hpp"
#include "compute/api/db/quota_store.hpp"
#include "compute/api/image_metadata_quota.hpp"
#include "compute/api/injected_files.hpp"
#include "compute/api/routes.hpp"
#include "compute/api/schemas.hpp"
#include "compute/api/server_action.hpp"
#include "compute/api/server_create.hpp"
#include "compute/api/server_view.hpp"
#include "compute/db/host_store.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/objects/states.hpp"
#include "compute/rpc/compute_client.hpp"
#include "compute/rpc/conductor_client.hpp"

namespace onestack::compute::api {

using onestack::db::Conn;

void start_task(Ctx& x, const char* action, const char* to, std::vector<std::string> from,
                compute::db::InstanceUpdate more, const std::function<void(Conn&)>& also) {
    x.api.db().write([&](Conn& c) {
        more["task_state"] = std::string(to);
        more["task_deadline"] = util::now_unix() + x.api.options().task_deadline;
        try {
            compute::db::update_instance(c, x.i.uuid, more, from);
        } catch (const compute::db::UnexpectedTaskState&) {
            auto now = compute::db::get_instance(c, x.i.uuid);
            throw Fault::conflict("Cannot '" + std::string(action) + "' instance " + x.i.uuid +
                                  " while it is in task_state " +
                                  (now && !now->task_state.empty() ? now->task_state : "None"));
        }
        compute::db::start_action(c, x.i.uuid, action, x.req.ctx.request_id, x.req.ctx.user_id,
                                  x.req.ctx.project_id);
        if (also) {
            also(c);
        }
    });
}

void need_host(const Ctx& x, const char* action) {
    if (x.i.host.empty()) {
        throw Fault::conflict("Cannot '" + std::string(action) + "' instance " + x.i.uuid +
                              " while it is in vm_state " + x.i.vm_state);
    }
}

void authorize_server(Ctx& x, const std::string& rule) {
    authorize(x.api, x.req, rule, instance_target(x.i));
}

std::string create_image_record(Ctx& x, const json::value& name, const char* image_type,
                                const json::object& properties) {
    // compute/utils.py create_image: the image record first, in the image service.
    json::object image{{"name", name},
                       {"container_format", "bare"},
                       {"instance_uuid", x.i.uuid},
                       {"user_id", x.req.ctx.user_id},
                       {"image_type", image_type},
                       {"base_image_ref", x.i.image_ref}};
    auto* fmt = x.i.system_metadata.if_contains("image_disk_format");
    image["disk_format"] = fmt && fmt->is_string() ? *fmt : json::value("raw");
    for (const auto& [k, v] : properties) {
        image[k] = v;
    }
    http::Headers headers;
    headers.set("X-Auth-Token", x.req.ctx.auth_token);
    headers.set("Content-Type", "application/json");
    auto res = x.api.http().request(http::Verb::post, x.api.options().image_url + "/v2/images",
                                    headers, json::serialize(image));
    if (res.status != 201) {
        throw Fault::bad_request("The image service refused the snapshot image: " + res.body);
    }
    return std::string(res.json().at("id").as_string());
}

namespace {

using States = std::initializer_list<const char*>;

Response reboot(Ctx& x) {
    authorize_server(x, "os_compute_api:servers:reboot");
    validate(schema("servers.reboot"), json::object{{"reboot", x.args}});
    std::string type(x.args.at("type").as_string());
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    check_lock(x.api, x.req, x.i);
    check_state(x.i, "reboot",
                {vm_state::kActive, vm_state::kStopped, vm_state::kPaused, vm_state::kSuspended,
                 vm_state::kError},
                {"", task_state::kRebooting, task_state::kRebootPending, task_state::kRebootStarted,
                 task_state::kRebootingHard, task_state::kResuming, task_state::kUnpausing,
                 task_state::kPausing, task_state::kSuspending});
    need_host(x, "reboot");
    if (type == "SOFT") {
        check_state(x.i, "reboot", {vm_state::kActive}, {""});
        start_task(x, "reboot", task_state::kRebooting, {""});
    } else {
        start_task(x, "reboot", task_state::kRebootingHard,
                   {"", task_state::kRebooting, task_state::kRebootPending,
                    task_state::kRebootStarted, task_state::kRebootingHard, task_state::kResuming,
                    task_state::kUnpausing, task_state::kPausing, task_state::kSuspending});
    }
    x.api.compute().reboot_instance(x.req.ctx, x.i.host, x.i.uuid, type);
    return Response::empty(202);
}

// The simple power actions: one vm_state set, task_state None, one cast.
struct Simple {
    const char* action;  // nova's name in messages and instance actions
    const char* rule;
    States vm_states;
    const char* task;
    void (rpc::ComputeClient::*cast)(const RequestContext&, const std::string&,
                                     const std::string&) const;
    bool lock_checked = true;
};

Response simple(Ctx& x, const Simple& s) {
    authorize_server(x, s.rule);
    if (s.lock_checked) {
        check_lock(x.api, x.req, x.i);
    }
    check_state(x.i, s.action, s.vm_states, {""});
    need_host(x, s.action);
    start_task(x, s.action, s.task, {""});
    (x.api.compute().*s.cast)(x.req.ctx, x.i.host, x.i.uuid);
    return Response::empty(202);
}

Response lock(Ctx& x) {
    authorize_server(x, "os_compute_api:os-lock-server:lock");
    std::string reason;
    if (at_least(x.req, 2, 73)) {
        validate(schema("lock_server.lock_v2_73"), json::object{{"lock", x.args}});
        if (auto* r = x.args.if_contains("locked_reason")) {
            reason = std::string(r->as_string());
        }
    }
    auto by = x.i.project_id == x.req.ctx.project_id ? "owner" : "admin";
    x.api.db().write([&](Conn& c) {
        compute::db::update_instance(
            c, x.i.uuid,
            {{"locked", std::int64_t{1}},
             {"locked_by", std::string(by)},
             {"locked_reason",
              reason.empty() ? onestack::db::null() : onestack::db::Value(reason)}});
        compute::db::start_action(c, x.i.uuid, "lock", x.req.ctx.request_id, x.req.ctx.user_id,
                                  x.req.ctx.project_id);
    });
    return Response::empty(202);
}

Response unlock(Ctx& x) {
    authorize_server(x, "os_compute_api:os-lock-server:unlock");
    // Only an admin lifts an admin's lock (unlock_override).
    if (x.i.locked && x.i.locked_by == "admin" && x.i.project_id == x.req.ctx.project_id) {
        authorize_server(x, "os_compute_api:os-lock-server:unlock:unlock_override");
    }
    x.api.db().write([&](Conn& c) {
        compute::db::update_instance(c, x.i.uuid,
                                     {{"locked", std::int64_t{0}},
                                      {"locked_by", onestack::db::null()},
                                      {"locked_reason", onestack::db::null()}});
        compute::db::start_action(c, x.i.uuid, "unlock", x.req.ctx.request_id, x.req.ctx.user_id,
                                  x.req.ctx.project_id);
    });
    return Response::empty(202);
}

Response rebuild(Ctx& x) {
    authorize_server(x, "os_compute_api:servers:rebuild");
    const char* name = "servers.rebuild";
    static const std::pair<Version, const char*> kSchemas[] = {{{2, 90}, "servers.rebuild_v290"},
                                                               {{2, 63}, "servers.rebuild_v263"},
                                                               {{2, 57}, "servers.rebuild_v257"},
                                                               {{2, 54}, "servers.rebuild_v254"},
                                                               {{2, 19}, "servers.rebuild_v219"}};
    for (const auto& [min, n] : kSchemas) {
        if (version(x.req) >= min) {
            name = n;
            break;
        }
    }
    validate(schema(name), json::object{{"rebuild", x.args}});
    check_lock(x.api, x.req, x.i);
    check_state(x.i, "rebuild", {vm_state::kActive, vm_state::kStopped, vm_state::kError}, {""});
    need_host(x, "rebuild");
    auto ref = std::string(x.args.at("imageRef").as_string());
    auto image_id = ref.substr(ref.rfind('/') == std::string::npos ? 0 : ref.rfind('/') + 1);
    // The image must exist for the caller and be active (as at create).
    http::Headers headers;
    headers.set("X-Auth-Token", x.req.ctx.auth_token);
    auto res = x.api.http().request(http::Verb::get,
                                    x.api.options().image_url + "/v2/images/" + image_id, headers);
    if (res.status != 200) {
        throw Fault::bad_request("Image " + image_id + " could not be found.");
    }
    auto image = res.json();
    if (!image.is_object() || image.as_object().at("status") != "active") {
        throw Fault::bad_request("Image " + image_id + " is not active.");
    }
    auto files = injected_files_from(x.args.if_contains("personality"));
    if (!files.empty()) {
        auto limits = x.api.db().read([&](Conn& c) {
            return db::project_limits(c, x.api.options().quota, x.i.project_id, x.i.user_id);
        });
        check_injected_file_quota(limits, files);
    }
    compute::db::InstanceUpdate fields{{"image_ref", image_id}};
    if (auto* n = x.args.if_contains("name")) {
        fields["display_name"] = std::string(n->as_string());
    }
    if (auto* d = x.args.if_contains("description")) {
        fields["description"] = d->is_string() ? onestack::db::Value(std::string(d->as_string()))
                                               : onestack::db::null();
    }
    if (auto* k = x.args.if_contains("key_name")) {
        if (k->is_null()) {
            fields["key_name"] = onestack::db::null();
            fields["key_data"] = onestack::db::null();
        } else {
            std::string kn(k->as_string());
            auto kp =
                x.api.db().read([&](Conn& c) { return db::get_keypair(c, x.req.ctx.user_id, kn); });
            if (!kp) {
                throw Fault::bad_request("Invalid key_name provided.");
            }
            fields["key_name"] = kn;
            fields["key_data"] = kp->public_key;
        }
    }
    if (auto* u = x.args.if_contains("user_data")) {
        fields["user_data"] = u->is_string() ? onestack::db::Value(std::string(u->as_string()))
                                             : onestack::db::null();
    }
    if (auto* h = x.args.if_contains("hostname")) {
        fields["hostname"] = std::string(h->as_string());
    }
    set_disk_config(x.i, x.args, fields);
    std::map<std::string, std::string> metadata;
    auto* md = x.args.if_contains("metadata");
    if (md && md->is_object()) {
        for (const auto& [k, v] : md->as_object()) {
            metadata[std::string(k)] = std::string(v.as_string());
        }
    }
    start_task(x, "rebuild", task_state::kRebuilding, {""}, fields, [&](Conn& c) {
        if (md && md->is_object()) {
            compute::db::set_instance_metadata(c, x.i.uuid, metadata, true);
        }
    });
    x.api.compute().rebuild_instance(x.req.ctx, x.i.host, x.i.uuid, image_id,
                                     injected_files_json(files));
    auto now = get_instance(x.api, x.req, x.i.uuid);
    // nova's rebuild: the reduced view before 2.75, then key_name (2.54) and user_data (2.57).
    auto server = show_server(x.api, x.req, now, at_least(x.req, 2, 71), !at_least(x.req, 2, 75));
    if (at_least(x.req, 2, 54)) {
        server["key_name"] =
            now.key_name.empty() ? json::value(nullptr) : json::value(now.key_name);
    }
    if (at_least(x.req, 2, 57)) {
        server.erase("OS-EXT-SRV-ATTR:user_data");
        server["user_data"] =
            now.user_data.empty() ? json::value(nullptr) : json::value(now.user_data);
    }
    if (auto* p = x.args.if_contains("adminPass"); p && p->is_string()) {
        server["adminPass"] = *p;
    } else {
        std::string pass;
        for (unsigned char b : util::random_bytes(12)) {
            pass.push_back("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[b % 56]);
        }
        server["adminPass"] = pass;
    }
    return json_response(202, json::object{{"server", server}});
}

// resize and migrate: a migration row, task resize_prep, then the conductor.
Response migrate_common(Ctx& x, const char* action, const std::optional<Flavor>& new_flavor) {
    check_lock(x.api, x.req, x.i);
    check_state(x.i, action, {vm_state::kActive, vm_state::kStopped}, {""});
    need_host(x, action);
    compute::db::MigrationRow m;
    m.uuid = util::uuid_dashed();
    m.instance_uuid = x.i.uuid;
    m.migration_type = new_flavor ? "resize" : "migration";
    m.status = "pre-migrating";
    m.source_compute = x.i.host;
    m.source_node = x.i.node;
    m.old_flavor_id = x.i.flavor.id;
    m.new_flavor_id = new_flavor ? new_flavor->id : x.i.flavor.id;
    m.user_id = x.req.ctx.user_id;
    m.project_id = x.req.ctx.project_id;
    compute::db::InstanceUpdate fields;
    if (new_flavor) {
        fields["new_flavor"] = json::serialize(new_flavor->to_json());
        set_disk_config(x.i, x.args, fields);
    }
    start_task(x, action, task_state::kResizePrep, {""}, fields, [&](Conn& c) {
        if (new_flavor) {
            // Quota: the growth in cores and ram must fit.
            auto limits = db::project_limits(c, x.api.options().quota, x.i.project_id, x.i.user_id);
            auto usage = db::instance_usage(c, x.i.project_id);
            Flavor delta = *new_flavor;
            delta.vcpus = std::max(0, new_flavor->vcpus - x.i.flavor.vcpus);
            delta.memory_mb = std::max(0, new_flavor->memory_mb - x.i.flavor.memory_mb);
            limits["instances"] = -1;
            check_instance_quota(limits, usage, delta, 1, 1);
        }
        compute::db::insert_migration(c, m);
    });
    x.api.conductor().migrate_server(x.req.ctx, x.i.uuid, new_flavor, m.uuid);
    return Response::empty(202);
}

Response resize(Ctx& x) {
    authorize_server(x, "os_compute_api:servers:resize");
    validate(schema("servers.resize"), json::object{{"resize", x.args}});
    auto ref = std::string(x.args.at("flavorRef").as_string());
    auto id = ref.substr(ref.rfind('/') == std::string::npos ? 0 : ref.rfind('/') + 1);
    auto f = x.api.db().read([&](Conn& c) -> std::optional<Flavor> {
        auto fl = db::get_flavor(c, id);
        if (!fl || fl->disabled || !db::flavor_accessible(c, *fl, x.req.ctx.project_id)) {
            return std::nullopt;
        }
        return fl;
    });
    if (!f) {
        throw Fault::bad_request("Unable to locate requested flavor.");
    }
    if (f->flavorid == x.i.flavor.flavorid) {
        throw Fault::bad_request("When resizing, instances must change flavor!");
    }
    if (f->root_gb < x.i.flavor.root_gb) {
        throw Fault::bad_request("Resize error: Unable to resize disk down.");
    }
    return migrate_common(x, "resize", f);
}

// The finished migration a confirm or revert acts on.
compute::db::MigrationRow finished_migration(Ctx& x) {
    auto m = x.api.db().read([&](Conn& c) -> std::optional<compute::db::MigrationRow> {
        auto r = c.query_one(
            "SELECT uuid FROM migrations WHERE instance_uuid = :u AND status = 'finished'"
            " ORDER BY id DESC",
            {x.i.uuid});
        if (!r) {
            return std::nullopt;
        }
        return compute::db::get_migration(c, r->str("uuid"));
    });
    if (!m) {
        throw Fault::bad_request("Instance has not been resized.");
    }
    return std::move(*m);
}

Response confirm_resize(Ctx& x) {
    authorize_server(x, "os_compute_api:servers:confirm_resize");
    check_lock(x.api, x.req, x.i);
    check_state(x.i, "confirmResize", {vm_state::kResized}, {});
    auto m = finished_migration(x);
    x.api.db().write([&](Conn& c) {
        compute::db::update_migration(c, m.uuid, {{"status", std::string("confirming")}});
        compute::db::start_action(c, x.i.uuid, "confirmResize", x.req.ctx.request_id,
                                  x.req.ctx.user_id, x.req.ctx.project_id);
    });
    x.api.compute().confirm_resize(x.req.ctx, m.source_compute, x.i.uuid, m.uuid);
    return Response::empty(204);
}

Response revert_resize(Ctx& x) {
    authorize_server(x, "os_compute_api:servers:revert_resize");
    check_lock(x.api, x.req, x.i);
    check_state(x.i, "revertResize", {vm_state::kResized}, {""});
    auto m = finished_migration(x);
    start_task(x, "revertResize", task_state::kResizeReverting, {""}, {}, [&](Conn& c) {
        compute::db::update_migration(c, m.uuid, {{"status", std::string("reverting")}});
    });
    x.api.compute().revert_resize(x.req.ctx, m.dest_compute, x.i.uuid, m.uuid);
    return Response::empty(202);
}

Response create_image(Ctx& x) {
    authorize_server(x, "os_compute_api:servers:create_image");
    validate(schema("servers.create_image"), json::object{{"createImage", x.args}});
    json::object metadata;
    if (auto* md = x.args.if_contains("metadata"); md && md->is_object()) {
        metadata = md->as_object();
    }
    check_image_metadata_quota(x.api, x.req, metadata);
    check_state(x.i, "createImage",
                {vm_state::kActive, vm_state::kStopped, vm_state::kPaused, vm_state::kSuspended},
                {""});
    need_host(x, "createImage");
    auto image_id = create_image_record(x, x.args.at("name"), "snapshot", metadata);
    start_task(x, "createImage", task_state::kImageSnapshotPending, {""});
    x.api.compute().snapshot_instance(x.req.ctx, x.i.host, x.i.uuid, image_id);
    // mv 2.45: the id in the body instead of a Location header.
    if (at_least(x.req, 2, 45)) {
        return json_response(202, json::object{{"image_id", image_id}});
    }
    auto r = Response::empty(202);
    r.set("Location", x.api.options().image_url + "/v2/images/" + image_id);
    return r;
}

Response console_output(Ctx& x) {
    authorize_server(x, "os_compute_api:os-console-output");
    validate(schema("console_output.get_console_output"),
             json::object{{"os-getConsoleOutput", x.args}});
    int length = -1;
    if (auto* l = x.args.if_contains("length"); l && !l->is_null()) {
        length = json_int(*l);
    }
    if (x.i.host.empty() || x.i.vm_state == vm_state::kBuilding) {
        throw Fault::conflict("Instance " + x.i.uuid + " is not ready");
    }
    std::string out;
    try {
        out = x.api.compute().get_console_output(x.req.ctx, x.i.host, x.i.uuid, length);
    } catch (const std::exception& e) {
        throw Fault::not_implemented("Unable to get console output: " + std::string(e.what()));
    }
    return json_response(200, json::object{{"output", out}});
}

Response migrate(Ctx& x) {
    authorize_server(x, "os_compute_api:os-migrate-server:migrate");
    if (at_least(x.req, 2, 56)) {
        validate(schema("migrate_server.migrate_v2_56"), json::object{{"migrate", x.args}});
    }
    return migrate_common(x, "migrate", std::nullopt);
}

Response reset_state(Ctx& x) {
    authorize_server(x, "os_compute_api:os-admin-actions:reset_state");
    validate(schema("reset_server_state.reset_state"), json::object{{"os-resetState", x.args}});
    std::string state(x.args.at("state").as_string());
    x.api.db().write([&](Conn& c) {
        compute::db::update_instance(
            c, x.i.uuid,
            {{"vm_state",
              state == "error" ? std::string(vm_state::kError) : std::string(vm_state::kActive)},
             {"task_state", onestack::db::null()},
             {"task_deadline", onestack::db::null()}});
    });
    return Response::empty(202);
}

Response soft_deleted_only(Ctx& x, const char* action, const char* rule) {
    authorize_server(x, rule);
    // reclaim_instance_interval is 0: no server is ever soft-deleted here.
    check_state(x.i, action, {vm_state::kSoftDeleted}, {});
    return Response::empty(202);
}

Response dispatch(ComputeApi& api, Request& req) {
    auto b = body(req);
    if (!b.is_object() || b.as_object().empty()) {
        throw Fault::bad_request("Malformed request body");
    }
    auto i = get_instance(api, req, req.param("server_id"));
    const auto& [key, value] = *b.as_object().begin();
    static const json::object kEmpty;
    const json::object& args = value.is_object() ? value.as_object() : kEmpty;
    Ctx x{api, req, i, args};
    using CC = rpc::ComputeClient;
    if (key == "reboot") {
        if (!value.is_object()) {
            validate(schema("servers.reboot"), b);
        }
        return reboot(x);
    }
    if (key == "os-stop") {
        return simple(x, {"stop",
                          "os_compute_api:servers:stop",
                          {vm_state::kActive, vm_state::kError},
                          task_state::kPoweringOff,
                          &CC::stop_instance});
    }
    if (key == "os-start") {
        return simple(x, {"start",
                          "os_compute_api:servers:start",
                          {vm_state::kStopped},
                          task_state::kPoweringOn,
                          &CC::start_instance});
    }
    if (key == "pause") {
        return simple(x, {"pause",
                          "os_compute_api:os-pause-server:pause",
                          {vm_state::kActive},
                          task_state::kPausing,
                          &CC::pause_instance});
    }
    if (key == "unpause") {
        return simple(x, {"unpause",
                          "os_compute_api:os-pause-server:unpause",
                          {vm_state::kPaused},
                          task_state::kUnpausing,
                          &CC::unpause_instance});
    }
    if (key == "suspend") {
        return simple(x, {"suspend",
                          "os_compute_api:os-suspend-server:suspend",
                          {vm_state::kActive},
                          task_state::kSuspending,
                          &CC::suspend_instance});
    }
    if (key == "resume") {
        return simple(x, {"resume",
                          "os_compute_api:os-suspend-server:resume",
                          {vm_state::kSuspended},
                          task_state::kResuming,
                          &CC::resume_instance});
    }
    if (key == "lock") {
        return lock(x);
    }
    if (key == "unlock") {
        return unlock(x);
    }
    if (key == "rebuild") {
        return rebuild(x);
    }
    if (key == "resize") {
        return resize(x);
    }
    if (key == "confirmResize") {
        return confirm_resize(x);
    }
    if (key == "revertResize") {
        return revert_resize(x);
    }
    if (key == "createImage") {
        return create_image(x);
    }
    if (key == "os-getConsoleOutput") {
        return console_output(x);
    }
    if (key == "createBackup") {
        return create_backup(x);
    }
    if (key == "rescue") {
        return rescue(x);
    }
    if (key == "unrescue") {
        return unrescue(x);
    }
    if (key == "changePassword") {
        return change_password(x);
    }
    if (key == "shelve") {
        return shelve(x);
    }
    if (key == "shelveOffload") {
        return shelve_offload(x);
    }
    if (key == "unshelve") {
        return unshelve(x);
    }
    if (key == "migrate") {
        return migrate(x);
    }
    if (key == "os-resetState") {
        return reset_state(x);
    }
    if (key == "forceDelete") {
        return soft_deleted_only(x, "forceDelete", "os_compute_api:os-deferred-delete:force");
    }
    if (key == "restore") {
        return soft_deleted_only(x, "restore", "os_compute_api:os-deferred-delete:restore");
    }
    throw Fault::bad_request("There is no such action: " + std::string(key));
}

}  // namespace

void add_server_action_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::post, "/servers/{server_id}/action",
        [&api](Request& req) { return dispatch(api, req); });
}

}  // namespace onestack::compute::api
