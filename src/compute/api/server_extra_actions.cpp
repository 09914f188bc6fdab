// createBackup (create_backup.py), rescue/unrescue (rescue.py) and
// changePassword (admin_password.py), with compute/api.py's checks.
#include "common/rpc/errors.hpp"
#include "common/util/ids.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/image_metadata_quota.hpp"
#include "compute/api/schemas.hpp"
#include "compute/api/server_action.hpp"
#include "compute/objects/states.hpp"
#include "compute/rpc/compute_client.hpp"

namespace onestack::compute::api {
namespace {

// nova.utils.generate_password: 12 characters of an unambiguous alphabet.
std::string generate_password() {
    static constexpr std::string_view kAlphabet =
        "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string out;
    for (unsigned char b : util::random_bytes(12)) {
        out.push_back(kAlphabet[b % kAlphabet.size()]);
    }
    return out;
}

}  // namespace

Response create_backup(Ctx& x) {
    validate(schema("create_backup.create_backup"), json::object{{"createBackup", x.args}});
    authorize(x.api, x.req, "os_compute_api:os-create-backup", {{"project_id", x.i.project_id}});
    auto name = normalize_name(x.args.at("name").as_string());
    std::string backup_type(x.args.at("backup_type").as_string());
    int rotation = json_int(x.args.at("rotation"));
    json::object properties;
    if (auto* md = x.args.if_contains("metadata"); md && md->is_object()) {
        properties = md->as_object();
    }
    check_image_metadata_quota(x.api, x.req, properties);
    check_state(x.i, "createBackup",
                {vm_state::kActive, vm_state::kStopped, vm_state::kPaused, vm_state::kSuspended},
                {""});
    need_host(x, "createBackup");
    properties["backup_type"] = backup_type;
    auto image_id = create_image_record(x, json::value(name), "backup", properties);
    start_task(x, "createBackup", task_state::kImageBackup, {""});
    x.api.compute().backup_instance(x.req.ctx, x.i.host, x.i.uuid, image_id, backup_type, rotation);
    // mv 2.45: the id in the body; before, a Location only when rotating.
    if (at_least(x.req, 2, 45)) {
        return json_response(202, json::object{{"image_id", image_id}});
    }
    auto r = Response::empty(202);
    if (rotation > 0) {
        r.set("Location", x.req.base_url() + "/v2.1/images/" + image_id);
    }
    return r;
}

Response rescue(Ctx& x) {
    validate(schema("rescue.rescue"), json::object{{"rescue", x.args}});
    std::string password = x.args.contains("adminPass")
                               ? std::string(x.args.at("adminPass").as_string())
                               : generate_password();
    authorize(x.api, x.req, "os_compute_api:os-rescue",
              {{"user_id", x.i.user_id}, {"project_id", x.i.project_id}});
    std::string image_ref;
    if (auto* ref = x.args.if_contains("rescue_image_ref"); ref && ref->is_string()) {
        image_ref = std::string(ref->as_string());
    }
    check_lock(x.api, x.req, x.i);
    check_state(x.i, "rescue", {vm_state::kActive, vm_state::kStopped, vm_state::kError}, {""});
    need_host(x, "rescue");
    start_task(x, "rescue", task_state::kRescuing, {""});
    x.api.compute().rescue_instance(x.req.ctx, x.i.host, x.i.uuid, image_ref, password);
    // [api] enable_instance_password is Nova's default (true) here, as for create.
    return json_response(200, json::object{{"adminPass", password}});
}

Response unrescue(Ctx& x) {
    authorize(x.api, x.req, "os_compute_api:os-unrescue", {{"project_id", x.i.project_id}});
    check_lock(x.api, x.req, x.i);
    check_state(x.i, "unrescue", {vm_state::kRescued}, {""});
    need_host(x, "unrescue");
    start_task(x, "unrescue", task_state::kUnrescuing, {""});
    x.api.compute().unrescue_instance(x.req.ctx, x.i.host, x.i.uuid);
    return Response::empty(202);
}

// A call to the agent, as Nova's: the answer waits for the driver.
Response change_password(Ctx& x) {
    authorize(x.api, x.req, "os_compute_api:os-admin-password",
              {{"user_id", x.i.user_id}, {"project_id", x.i.project_id}});
    validate(schema("admin_password.change_password"), json::object{{"changePassword", x.args}});
    std::string password(x.args.at("adminPass").as_string());
    check_lock(x.api, x.req, x.i);
    check_state(x.i, "changePassword", {vm_state::kActive}, {""});
    need_host(x, "changePassword");
    start_task(x, "changePassword", task_state::kUpdatingPassword, {""});
    try {
        x.api.compute().set_admin_password(x.req.ctx, x.i.host, x.i.uuid, password);
    } catch (const onestack::rpc::RpcError& e) {
        if (e.remote_type == "NotImplementedError") {
            throw Fault::not_implemented("Unable to set password on instance");
        }
        // admin_password.py: these answer 409 with the agent's words.
        for (const char* conflict : {"InstancePasswordSetFailed", "SetAdminPasswdNotSupported",
                                     "InstanceAgentNotEnabled", "QemuGuestAgentNotEnabled"}) {
            if (e.remote_type == conflict) {
                throw Fault::conflict(e.message);
            }
        }
        throw;
    }
    return Response::empty(202);
}

}  // namespace onestack::compute::api
