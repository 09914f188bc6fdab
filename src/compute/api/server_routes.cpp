// Servers: create, list, detail, show, update, delete
// (nova/api/openstack/compute/servers.py and nova/compute/api.py).
#include <algorithm>
#include <charconv>
#include <set>

#include "common/api/pagination.hpp"
#include "common/json/python_regex.hpp"
#include "common/util/ids.hpp"
#include "common/util/time.hpp"
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/db/flavor_store.hpp"
#include "compute/api/db/keypair_store.hpp"
#include "compute/api/db/quota_store.hpp"
#include "compute/api/db/server_query.hpp"
#include "compute/api/routes.hpp"
#include "compute/api/schemas.hpp"
#include "compute/api/server_create.hpp"
#include "compute/api/server_view.hpp"
#include "compute/db/host_store.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/objects/states.hpp"
#include "compute/rpc/compute_client.hpp"

namespace onestack::compute::api {
namespace {

using onestack::db::Conn;

const char* const kVmStates[] = {
    vm_state::kActive,  vm_state::kBuilding, vm_state::kPaused,  vm_state::kSuspended,
    vm_state::kStopped, vm_state::kRescued,  vm_state::kResized, vm_state::kSoftDeleted,
    vm_state::kDeleted, vm_state::kError,    vm_state::kShelved, vm_state::kShelvedOffloaded};
const char* const kTaskStates[] = {task_state::kScheduling,
                                   task_state::kBlockDeviceMapping,
                                   task_state::kNetworking,
                                   task_state::kSpawning,
                                   task_state::kImageSnapshot,
                                   task_state::kImageSnapshotPending,
                                   task_state::kImagePendingUpload,
                                   task_state::kImageUploading,
                                   task_state::kResizePrep,
                                   task_state::kResizeMigrating,
                                   task_state::kResizeMigrated,
                                   task_state::kResizeFinish,
                                   task_state::kResizeReverting,
                                   task_state::kResizeConfirming,
                                   task_state::kRebooting,
                                   task_state::kRebootPending,
                                   task_state::kRebootStarted,
                                   task_state::kRebootingHard,
                                   task_state::kRebootPendingHard,
                                   task_state::kRebootStartedHard,
                                   task_state::kPausing,
                                   task_state::kUnpausing,
                                   task_state::kSuspending,
                                   task_state::kResuming,
                                   task_state::kPoweringOff,
                                   task_state::kPoweringOn,
                                   task_state::kRebuilding,
                                   task_state::kRebuildSpawning,
                                   task_state::kMigrating,
                                   task_state::kDeleting};

// common.task_and_vm_state_from_status: the vm states (and, unless some vm
// state shows the status by default, the task states) a status stands for.
struct StatusFilter {
    std::set<std::string> vm_states;
    std::set<std::string> task_states;
    bool any_task = false;
    bool matches(const Instance& i) const {
        return vm_states.contains(i.vm_state) && (any_task || task_states.contains(i.task_state));
    }
};

StatusFilter status_filter(const std::vector<std::string>& statuses) {
    StatusFilter f;
    for (auto s : statuses) {
        std::transform(s.begin(), s.end(), s.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        for (const char* v : kVmStates) {
            if (api_status(v, "") == s) {
                f.vm_states.insert(v);
                f.any_task = true;
            }
            for (const char* t : kTaskStates) {
                if (api_status(v, t) == s && api_status(v, "") != s) {
                    f.vm_states.insert(v);
                    f.task_states.insert(t);
                }
            }
        }
    }
    return f;
}

// VALID_SORT_KEYS (servers schema) that are columns here.
std::optional<std::string> sort_column(const std::string& key) {
    static const std::set<std::string> kColumns = {
        "access_ip_v4", "access_ip_v6",  "availability_zone",
        "config_drive", "created_at",    "display_description",
        "display_name", "host",          "hostname",
        "image_ref",    "kernel_id",     "key_name",
        "launch_index", "launched_at",   "locked_by",
        "node",         "power_state",   "progress",
        "project_id",   "ramdisk_id",    "root_device_name",
        "task_state",   "terminated_at", "updated_at",
        "user_id",      "uuid",          "vm_state",
        "locked"};
    if (kColumns.contains(key)) {
        return key;
    }
    if (key == "instance_type_id" || key == "id") {
        return std::string("id");
    }
    return std::nullopt;
}

std::string stored_time(const std::string& text, const char* field) {
    auto t = util::parse_iso8601(text);
    if (!t) {
        throw Fault::bad_request("Invalid input for query parameters " + std::string(field) +
                                 ". Value: " + text + ". '" + text + "' is not a 'date-time'");
    }
    return util::iso8601_micros(*t * 1000000);
}

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto comma = s.find(',', start);
        auto part = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!part.empty()) {
            out.push_back(part);
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

Response list(ComputeApi& api, Request& req, bool detail) {
    const auto& q = req.query();
    auto target = own_target(req);
    authorize(api, req, detail ? "os_compute_api:servers:detail" : "os_compute_api:servers:index",
              target);
    bool admin = is_admin(api, req);
    db::ServerQuery sq;
    bool all_tenants = false;
    if (q.has("all_tenants")) {
        auto v = q.get("all_tenants").value_or("");
        all_tenants =
            v.empty() || query_bool(v) ||
            (v != "0" && v != "false" && v != "False" && v != "f" && v != "off" && v != "no");
    }
    if (all_tenants) {
        authorize(api, req,
                  detail ? "os_compute_api:servers:detail:get_all_tenants"
                         : "os_compute_api:servers:index:get_all_tenants",
                  {});
        if (auto p = q.get("project_id")) {
            sq.project_id = *p;
        } else if (auto t = q.get("tenant_id")) {
            sq.project_id = *t;
        }
    } else {
        sq.project_id = req.ctx.project_id;
    }
    bool privileged_filters = check(api, req, "os_compute_api:servers:allow_all_filters", target);
    if (privileged_filters) {
        sq.host = q.get("host").value_or("");
        sq.node = q.get("node").value_or("");
        if (auto u = q.get("user_id")) {
            sq.user_id = *u;
        }
    }
    if (auto d = q.get("deleted"); d && query_bool(*d)) {
        if (!admin) {
            throw Fault::forbidden("Only administrators may list deleted instances");
        }
        sq.only_deleted = true;
    }
    if (auto cs = q.get("changes-since")) {
        sq.changes_since = stored_time(*cs, "changes-since");
        // Deleted servers changed since then are part of the answer.
        sq.include_deleted = true;
    }
    if (auto cb = q.get("changes-before"); cb && at_least(req, 2, 66)) {
        sq.changes_before = stored_time(*cb, "changes-before");
        sq.include_deleted = true;
        if (!sq.changes_since.empty() && sq.changes_before < sq.changes_since) {
            throw Fault::bad_request(
                "The value of changes-since must be less than or equal to changes-before.");
        }
    }
    if (auto image = q.get("image")) {
        auto slash = image->rfind('/');
        sq.image_ref = slash == std::string::npos ? *image : image->substr(slash + 1);
    }
    sq.reservation_id = q.get("reservation_id").value_or("");
    if (admin) {
        sq.availability_zone = q.get("availability_zone").value_or("");
    }
    auto keys = q.get_all("sort_key");
    auto dirs = q.get_all("sort_dir");
    for (std::size_t k = 0; k < keys.size(); ++k) {
        auto column = sort_column(keys[k]);
        if (!column) {
            continue;  // nova ignores keys of joined tables
        }
        std::string dir = k < dirs.size() ? dirs[k] : (dirs.empty() ? "desc" : dirs.back());
        if (dir != "asc" && dir != "desc") {
            throw Fault::bad_request("Invalid sort direction");
        }
        sq.sort.emplace_back(*column, dir == "asc");
    }
    if (sq.sort.empty()) {
        sq.sort.emplace_back("created_at", false);
    }
    std::optional<StatusFilter> status;
    if (q.has("status")) {
        status = status_filter(q.get_all("status"));
        if (status->vm_states.empty()) {
            if (at_least(req, 2, 38)) {
                throw Fault::bad_request("Invalid status value");
            }
            return json_response(200, json::object{{"servers", json::array{}}});
        }
    }
    std::optional<onestack::json::PythonRegex> name_re;
    if (auto n = q.get("name")) {
        try {
            name_re.emplace(*n);
        } catch (const std::invalid_argument&) {
            return json_response(200, json::object{{"servers", json::array{}}});
        }
    }
    std::string flavor = q.get("flavor").value_or("");
    if (auto slash = flavor.rfind('/'); slash != std::string::npos) {
        flavor = flavor.substr(slash + 1);
    }
    auto page = onestack::api::parse_page(q, api.options().max_limit);
    bool tag_filters = at_least(req, 2, 26) && (q.has("tags") || q.has("tags-any") ||
                                                q.has("not-tags") || q.has("not-tags-any"));
    auto tags_all = split_commas(q.get("tags").value_or(""));
    auto tags_any = split_commas(q.get("tags-any").value_or(""));
    auto not_tags = split_commas(q.get("not-tags").value_or(""));
    auto not_tags_any = split_commas(q.get("not-tags-any").value_or(""));

    std::vector<Instance> matched;
    std::map<std::string, std::vector<std::string>> tags;
    std::map<std::string, std::map<std::string, std::string>> metadata;
    std::map<std::string, compute::db::Fault> faults;
    api.db().read([&](Conn& c) {
        auto all = db::query_servers(c, sq);
        std::vector<std::string> uuids;
        for (const auto& i : all) {
            uuids.push_back(i.uuid);
        }
        if (tag_filters || detail) {
            tags = db::tags_of(c, uuids);
        }
        for (auto& i : all) {
            if (status && !status->matches(i)) {
                continue;
            }
            if (name_re && !name_re->search(i.display_name)) {
                continue;
            }
            if (!flavor.empty() && i.flavor.flavorid != flavor) {
                continue;
            }
            if (tag_filters) {
                const auto& t = tags[i.uuid];
                auto has = [&](const std::string& x) {
                    return std::find(t.begin(), t.end(), x) != t.end();
                };
                if (!std::all_of(tags_all.begin(), tags_all.end(), has)) {
                    continue;
                }
                if (!tags_any.empty() && !std::any_of(tags_any.begin(), tags_any.end(), has)) {
                    continue;
                }
                if (!not_tags.empty() && std::all_of(not_tags.begin(), not_tags.end(), has)) {
                    continue;
                }
                if (std::any_of(not_tags_any.begin(), not_tags_any.end(), has)) {
                    continue;
                }
            }
            matched.push_back(std::move(i));
        }
        std::size_t start = 0;
        if (page.marker) {
            auto it = std::find_if(matched.begin(), matched.end(),
                                   [&](const Instance& i) { return i.uuid == *page.marker; });
            if (it == matched.end()) {
                throw Fault::bad_request("marker [" + *page.marker + "] not found");
            }
            start = static_cast<std::size_t>(it - matched.begin()) + 1;
        }
        auto limit = page.limit_or(api.options().max_limit);
        std::vector<Instance> window;
        for (std::size_t k = start; k < matched.size() && window.size() < limit; ++k) {
            window.push_back(std::move(matched[k]));
        }
        matched = std::move(window);
        if (detail) {
            std::vector<std::string> shown;
            for (const auto& i : matched) {
                shown.push_back(i.uuid);
            }
            metadata = db::metadata_of(c, shown);
            faults = db::faults_of(c, shown);
        }
    });
    // One arena for the whole answer: a thousand servers' views are freed at once.
    json::monotonic_resource arena;
    json::storage_ptr sp(&arena);
    json::array out(sp);
    out.reserve(matched.size());
    auto rights = detail ? view_rights(api, req) : ServerViewRights{};
    for (const auto& i : matched) {
        if (!detail) {
            out.push_back(server_basic(req, i, sp));
            continue;
        }
        ServerExtras x;
        x.metadata = std::move(metadata[i.uuid]);
        x.tags = std::move(tags[i.uuid]);
        if (auto f = faults.find(i.uuid); f != faults.end()) {
            x.fault = f->second;
        }
        out.push_back(server_detail(req, i, x, rights, sp));
    }
    json::object body(sp);
    body["servers"] = std::move(out);
    auto limit = page.limit_or(api.options().max_limit);
    auto links = onestack::api::collection_links(req, limit, matched.size(),
                                                 matched.empty() ? "" : matched.back().uuid);
    if (!links.empty()) {
        body["servers_links"] = links;
    }
    return json_response(200, json::value(std::move(body)));  // moved: no copy of the list
}

Response update(ComputeApi& api, Request& req) {
    auto b = body(req);
    const char* name = "servers.update";
    if (at_least(req, 2, 90)) {
        name = "servers.update_v290";
    } else if (at_least(req, 2, 19)) {
        name = "servers.update_v219";
    }
    validate(schema(name), b);
    auto i = get_instance(api, req, req.param("server_id"));
    authorize(api, req, "os_compute_api:servers:update", instance_target(i));
    const auto& in = b.at("server").as_object();
    compute::db::InstanceUpdate fields;
    if (auto* n = in.if_contains("name")) {
        i.display_name = std::string(n->as_string());
        fields["display_name"] = i.display_name;
    }
    if (auto* d = in.if_contains("description")) {
        i.description = d->is_string() ? std::string(d->as_string()) : std::string();
        fields["description"] =
            d->is_string() ? onestack::db::Value(i.description) : onestack::db::null();
    }
    if (auto* h = in.if_contains("hostname")) {
        i.hostname = std::string(h->as_string());
        fields["hostname"] = i.hostname;
    }
    if (auto* a = in.if_contains("accessIPv4")) {
        i.access_ip_v4 = a->is_string() ? std::string(a->as_string()) : std::string();
        fields["access_ip_v4"] = i.access_ip_v4;
    }
    if (auto* a = in.if_contains("accessIPv6")) {
        i.access_ip_v6 = a->is_string() ? std::string(a->as_string()) : std::string();
        fields["access_ip_v6"] = i.access_ip_v6;
    }
    set_disk_config(i, in, fields);
    if (!fields.empty()) {
        api.db().write([&](Conn& c) {
            try {
                compute::db::update_instance(c, i.uuid, fields);
            } catch (const compute::db::UnexpectedTaskState&) {
                throw Fault::not_found("Instance " + i.uuid + " could not be found.");
            }
        });
        i = get_instance(api, req, i.uuid);
    }
    // nova's update answers with the reduced view.
    return json_response(
        200, json::object{{"server", show_server(api, req, i, at_least(req, 2, 71), true)}});
}

}  // namespace

// nova/compute/api.py delete: a server never scheduled is deleted here; one
// on a host gets task_state deleting and its agent is told to terminate it.
void delete_server(ComputeApi& api, Request& req, const Instance& i, const char* action) {
    api.db().write([&](Conn& c) {
        compute::db::start_action(c, i.uuid, action, req.ctx.request_id, req.ctx.user_id,
                                  req.ctx.project_id);
        if (i.host.empty()) {
            compute::db::soft_delete_instance(c, i.uuid);
            compute::db::finish_action(c, i.uuid, req.ctx.request_id);
            return;
        }
        compute::db::update_instance(
            c, i.uuid,
            {{"task_state", std::string(task_state::kDeleting)},
             {"task_deadline", util::now_unix() + api.options().task_deadline}});
    });
    if (!i.host.empty()) {
        api.compute().terminate_instance(req.ctx, i.host, i.uuid);
    }
}

void add_server_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/servers", [&api](Request& req) { return list(api, req, false); });
    add(r, http::Verb::get, "/servers/detail",
        [&api](Request& req) { return list(api, req, true); });
    add(r, http::Verb::post, "/servers", [&api](Request& req) { return create_servers(api, req); });
    add(r, http::Verb::get, "/servers/{server_id}", [&api](Request& req) {
        auto i = get_instance(api, req, req.param("server_id"));
        authorize(api, req, "os_compute_api:servers:show", instance_target(i));
        return json_response(200, json::object{{"server", show_server(api, req, i, true)}});
    });
    add(r, http::Verb::put, "/servers/{server_id}",
        [&api](Request& req) { return update(api, req); });
    add(r, http::Verb::delete_, "/servers/{server_id}", [&api](Request& req) {
        auto i = get_instance(api, req, req.param("server_id"));
        authorize(api, req, "os_compute_api:servers:delete", instance_target(i));
        check_lock(api, req, i);
        delete_server(api, req, i, "delete");
        return Response::empty(204);
    });
}

}  // namespace onestack::compute::api
