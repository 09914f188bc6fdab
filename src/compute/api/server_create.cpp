#include "compute/api/server_create.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include "common/util/ids.hpp"
#include "common/util/time.hpp"
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/db/flavor_store.hpp"
#include "compute/api/db/keypair_store.hpp"
#include "compute/api/injected_files.hpp"
#include "compute/api/schemas.hpp"
#include "compute/api/views.hpp"
#include "compute/db/host_store.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/objects/states.hpp"
#include "compute/rpc/conductor_client.hpp"

namespace onestack::compute::api {

using onestack::db::Conn;

int check_instance_quota(const std::map<std::string, int>& limits, const db::Usage& usage,
                         const Flavor& flavor, int min_count, int max_count) {
    const std::pair<const char*, std::int64_t> used[] = {
        {"cores", usage.cores}, {"instances", usage.instances}, {"ram", usage.ram}};
    auto delta = [&](const std::string& r, int count) -> std::int64_t {
        if (r == "instances") {
            return count;
        }
        if (r == "cores") {
            return std::int64_t{count} * flavor.vcpus;
        }
        return std::int64_t{count} * flavor.memory_mb;
    };
    auto limit_of = [&](const std::string& r) {
        auto it = limits.find(r);
        return it == limits.end() ? -1 : it->second;
    };
    std::vector<std::string> overs;  // sorted, as nova's OverQuota carries them
    for (const auto& [r, u] : used) {
        auto l = limit_of(r);
        if (l >= 0 && u + delta(r, max_count) > l) {
            overs.push_back(r);
        }
    }
    if (overs.empty()) {
        return max_count;
    }
    auto headroom = [&](const std::string& r) -> std::int64_t {
        auto l = limit_of(r);
        if (l < 0) {
            return std::numeric_limits<std::int32_t>::max();
        }
        for (const auto& [name, u] : used) {
            if (r == name) {
                return l - u;
            }
        }
        return l;
    };
    std::int64_t allowed = headroom("instances");
    if (flavor.vcpus) {
        allowed = std::min(allowed, headroom("cores") / flavor.vcpus);
    }
    if (flavor.memory_mb) {
        allowed = std::min(allowed, headroom("ram") / flavor.memory_mb);
    }
    if (allowed > 0 && min_count <= allowed && allowed <= max_count) {
        return check_instance_quota(limits, usage, flavor, min_count, static_cast<int>(allowed));
    }
    std::string requested_instances =
        min_count == max_count ? std::to_string(min_count)
                               : std::to_string(min_count) + "-" + std::to_string(max_count);
    std::string o, rq, us, al;
    for (std::size_t k = 0; k < overs.size(); ++k) {
        const auto& r = overs[k];
        auto sep = k ? ", " : "";
        o += sep + r;
        rq += sep + (r == "instances" ? requested_instances : std::to_string(delta(r, max_count)));
        us += sep + std::to_string(limit_of(r) - headroom(r));
        al += sep + std::to_string(limit_of(r));
    }
    throw Fault::forbidden("Quota exceeded for " + o + ": Requested " + rq + ", but already used " +
                           us + " of " + al + " " + o);
}

std::string sanitize_hostname(const std::string& name) {
    std::string h;
    for (char ch : name) {
        auto c = static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(ch)));
        if (c == ' ' || c == '_') {
            h.push_back('-');
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
            h.push_back(static_cast<char>(c));
        }
    }
    if (h.size() > 63) {
        h.resize(63);
    }
    auto b = h.find_first_not_of(".-");
    if (b == std::string::npos) {
        return "";
    }
    auto e = h.find_last_not_of(".-");
    return h.substr(b, e - b + 1);
}

namespace {

std::string last_segment(const std::string& ref) {
    auto slash = ref.rfind('/');
    return slash == std::string::npos ? ref : ref.substr(slash + 1);
}

int as_count(const json::value* v, int dflt) {
    if (!v) {
        return dflt;
    }
    if (v->is_int64()) {
        return static_cast<int>(v->as_int64());
    }
    if (v->is_string()) {
        return std::stoi(std::string(v->as_string()));
    }
    return dflt;
}

std::string random_string(std::size_t n, std::string_view alphabet) {
    std::string out;
    for (unsigned char b : util::random_bytes(n)) {
        out.push_back(alphabet[b % alphabet.size()]);
    }
    return out;
}

// The image as the image service shows it to the caller.
json::object fetch_image(ComputeApi& api, const Request& req, const std::string& id) {
    http::Headers headers;
    headers.set("X-Auth-Token", req.ctx.auth_token);
    headers.set("Accept", "application/json");
    http::ClientResponse res;
    try {
        res = api.http().request(http::Verb::get, api.options().image_url + "/v2/images/" + id,
                                 headers);
    } catch (const http::ClientError& e) {
        throw Fault::unavailable("The image service is not available: " + std::string(e.what()));
    }
    if (res.status == 404 || res.status == 403) {
        throw Fault::bad_request("Image " + id + " could not be found.");
    }
    if (res.status != 200) {
        throw Fault::bad_request("Error fetching image " + id + ": image service answered " +
                                 std::to_string(res.status));
    }
    auto v = res.json();
    if (!v.is_object()) {
        throw Fault::bad_request("Image " + id + " could not be found.");
    }
    return v.as_object();
}

std::int64_t image_int(const json::object& image, const char* key) {
    auto* v = image.if_contains(key);
    if (!v || v->is_null()) {
        return 0;
    }
    return v->is_number() ? v->to_number<std::int64_t>() : 0;
}

// RequestSpec's image: core fields plus every other property (rpc/README.md).
json::object spec_image(const json::object& image) {
    static const std::set<std::string> kCore = {
        "id",           "name",         "status",        "visibility",  "protected",
        "checksum",     "os_hash_algo", "os_hash_value", "owner",       "size",
        "virtual_size", "min_ram",      "min_disk",      "disk_format", "container_format",
        "created_at",   "updated_at",   "tags",          "file",        "schema",
        "self",         "direct_url",   "locations",     "stores",      "os_hidden"};
    json::object props;
    for (const auto& [k, v] : image) {
        if (!kCore.contains(std::string(k))) {
            props[k] = v;
        }
    }
    json::object out{{"properties", props}};
    for (const char* k : {"id", "name", "disk_format", "container_format", "size", "checksum",
                          "min_ram", "min_disk"}) {
        if (auto* v = image.if_contains(k)) {
            out[k] = *v;
        }
    }
    return out;
}

const char* create_schema(const Request& req) {
    static const std::pair<Version, const char*> kSchemas[] = {
        {{2, 90}, "servers.create_v290"}, {{2, 74}, "servers.create_v274"},
        {{2, 67}, "servers.create_v267"}, {{2, 63}, "servers.create_v263"},
        {{2, 57}, "servers.create_v257"}, {{2, 52}, "servers.create_v252"},
        {{2, 42}, "servers.create_v242"}, {{2, 37}, "servers.create_v237"},
        {{2, 33}, "servers.create_v233"}, {{2, 32}, "servers.create_v232"},
        {{2, 19}, "servers.create_v219"}};
    auto v = version(req);
    for (const auto& [min, name] : kSchemas) {
        if (v >= min) {
            return name;
        }
    }
    return "servers.create";
}

}  // namespace

http::Response create_servers(ComputeApi& api, Request& req) {
    auto b = body(req);
    validate(schema(create_schema(req)), b);
    const auto& s = b.at("server").as_object();
    std::string disk_config_asked = "MANUAL";  // OS-DCF:diskConfig, echoed in the answer
    if (auto* dc = s.if_contains("OS-DCF:diskConfig"); dc && dc->is_string()) {
        disk_config_asked = std::string(dc->get_string());
    }
    auto str = [&](const char* k) -> std::string {
        auto* v = s.if_contains(k);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    std::string az = str("availability_zone");
    json::object target{{"project_id", req.ctx.project_id},
                        {"user_id", req.ctx.user_id},
                        {"availability_zone", az}};
    authorize(api, req, "os_compute_api:servers:create", target);

    // availability_zone "zone:host[:node]" forces a host (admin).
    std::string forced_host, forced_node;
    if (auto colon = az.find(':'); colon != std::string::npos) {
        auto rest = az.substr(colon + 1);
        az = az.substr(0, colon);
        auto colon2 = rest.find(':');
        forced_host = rest.substr(0, colon2);
        if (colon2 != std::string::npos) {
            forced_node = rest.substr(colon2 + 1);
        }
        authorize(api, req, "os_compute_api:servers:create:forced_host", target);
    }
    if (at_least(req, 2, 74)) {
        forced_host = str("host").empty() ? forced_host : str("host");
        if (!str("host").empty() || !str("hypervisor_hostname").empty()) {
            authorize(api, req, "compute:servers:create:requested_destination", target);
        }
    }

    int min_count = as_count(s.if_contains("min_count"), 1);
    int max_count = as_count(s.if_contains("max_count"), min_count);
    if (min_count > max_count) {
        throw Fault::bad_request("min_count must be <= max_count");
    }
    bool return_reservation_id = false;
    if (auto* rr = s.if_contains("return_reservation_id")) {
        return_reservation_id = rr->is_bool() ? rr->as_bool() : query_bool(rr->as_string());
    }

    // networks: "none" and "auto" are accepted; there is no network service yet,
    // so any requested network is unknown.
    if (auto* n = s.if_contains("networks"); n && n->is_array()) {
        for (const auto& net : n->as_array()) {
            const auto& o = net.as_object();
            if (auto* port = o.if_contains("port"); port && port->is_string()) {
                throw Fault::bad_request("Port id " + std::string(port->as_string()) +
                                         " could not be found.");
            }
            if (auto* uuid = o.if_contains("uuid"); uuid && uuid->is_string()) {
                throw Fault::bad_request("Network " + std::string(uuid->as_string()) +
                                         " could not be found.");
            }
        }
    }
    if (auto* bdm = s.if_contains("block_device_mapping_v2"); bdm && bdm->is_array()) {
        for (const auto& m : bdm->as_array()) {
            auto* dest = m.as_object().if_contains("destination_type");
            if (dest && dest->is_string() && dest->as_string() == "volume") {
                throw Fault::bad_request(
                    "Block Device Mapping is Invalid: volumes are not available (no volume "
                    "service).");
            }
        }
    }

    // Flavor: any the project may use.
    auto flavor_id = last_segment(str("flavorRef"));
    auto flavor = api.db().read([&](Conn& c) -> std::optional<Flavor> {
        auto f = db::get_flavor(c, flavor_id);
        if (!f || f->disabled || !db::flavor_accessible(c, *f, req.ctx.project_id)) {
            return std::nullopt;
        }
        return f;
    });
    if (!flavor) {
        throw Fault::bad_request("Flavor " + flavor_id + " could not be found.");
    }

    // Image: asked of the image service with the caller's token.
    auto image_id = last_segment(str("imageRef"));
    json::object image;
    if (image_id.empty()) {
        throw Fault::bad_request(
            "Block Device Mapping is Invalid: Boot sequence for the "
            "instance and image/block device mapping combination is not "
            "valid.");
    }
    image = fetch_image(api, req, image_id);
    auto* image_status = image.if_contains("status");
    if (!image_status || !image_status->is_string() || image_status->as_string() != "active") {
        throw Fault::bad_request("Image " + image_id + " is not active.");
    }
    if (flavor->memory_mb < image_int(image, "min_ram")) {
        throw Fault::bad_request("Flavor's memory is too small for requested image.");
    }
    if (flavor->root_gb == 0) {
        // Booting an image on a zero-disk flavor is for admins only.
        if (!check(api, req, "os_compute_api:servers:create:zero_disk_flavor", target)) {
            throw Fault::forbidden(
                "Only volume-backed servers are allowed for flavors with zero disk.");
        }
    } else {
        std::int64_t flavor_bytes = std::int64_t{flavor->root_gb} << 30;
        auto size = image_int(image, "size");
        if (size > flavor_bytes) {
            throw Fault::bad_request(
                "Flavor's disk is too small for requested image. Flavor disk "
                "is " +
                std::to_string(flavor_bytes) + " bytes, image is " + std::to_string(size) +
                " bytes.");
        }
        auto min_disk = image_int(image, "min_disk") << 30;
        if (min_disk > flavor_bytes) {
            throw Fault::bad_request(
                "Flavor's disk is smaller than the minimum size specified in image metadata. "
                "Flavor disk is " +
                std::to_string(flavor_bytes) + " bytes, minimum size is " +
                std::to_string(min_disk) + " bytes.");
        }
    }

    // Key pair of the caller.
    std::string key_name = str("key_name");
    std::string key_data;
    if (!key_name.empty()) {
        auto kp =
            api.db().read([&](Conn& c) { return db::get_keypair(c, req.ctx.user_id, key_name); });
        if (!kp) {
            throw Fault::bad_request("Invalid key_name provided.");
        }
        key_data = kp->public_key;
    }

    std::map<std::string, std::string> metadata;
    if (auto* md = s.if_contains("metadata"); md && md->is_object()) {
        for (const auto& [k, v] : md->as_object()) {
            metadata[std::string(k)] = std::string(v.as_string());
        }
    }
    std::vector<std::string> tags;
    if (auto* t = s.if_contains("tags"); t && t->is_array()) {
        for (const auto& tag : t->as_array()) {
            tags.emplace_back(tag.as_string());
        }
    }
    // scheduler_hints: {"group": uuid} puts the servers in a server group.
    json::object hints;
    if (auto* h = b.as_object().if_contains("os:scheduler_hints"); h && h->is_object()) {
        hints = h->as_object();
    } else if (auto* h2 = b.as_object().if_contains("OS-SCH-HNT:scheduler_hints");
               h2 && h2->is_object()) {
        hints = h2->as_object();
    }
    std::optional<compute::db::InstanceGroupRow> group;
    if (auto* g = hints.if_contains("group")) {
        std::string gid = g->is_string() ? std::string(g->as_string())
                                         : (g->is_array() && !g->as_array().empty() &&
                                                    g->as_array()[0].is_string()
                                                ? std::string(g->as_array()[0].as_string())
                                                : std::string());
        group = api.db().read([&](Conn& c) { return compute::db::get_instance_group(c, gid); });
        if (!group) {
            throw Fault::bad_request("Instance group " + gid + " could not be found.");
        }
    }
    if (!az.empty() && az != api.options().default_availability_zone) {
        bool known = api.db().read([&](Conn& c) {
            for (const auto& [host, mds] : compute::db::aggregate_metadata_by_host(c)) {
                for (const auto& md : mds) {
                    auto it = md.find("availability_zone");
                    if (it != md.end() && it->second == az) {
                        return true;
                    }
                }
            }
            return false;
        });
        if (!known) {
            throw Fault::bad_request("The requested availability zone is not available");
        }
    }

    std::string name = str("name");
    std::string hostname_param = at_least(req, 2, 90) ? str("hostname") : std::string();
    if (!hostname_param.empty() && max_count > 1) {
        throw Fault::bad_request(
            "Unable to allocate hostname to multiple instances. Either use microversion 2.90 "
            "or later without the hostname parameter or request a single instance.");
    }
    auto reservation_id = "r-" + random_string(8, "abcdefghijklmnopqrstuvwxyz0123456789");
    auto admin_pass = str("adminPass").empty()
                          ? random_string(12,
                                          "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
                                          "23456789")
                          : str("adminPass");

    json::object spec{{"project_id", req.ctx.project_id}, {"user_id", req.ctx.user_id},
                      {"flavor", flavor->to_json()},      {"image", spec_image(image)},
                      {"availability_zone", az},          {"scheduler_hints", hints}};
    if (group) {
        spec["instance_group"] =
            json::object{{"uuid", group->uuid}, {"policy", group->policy}, {"rules", group->rules}};
    }
    if (!forced_host.empty()) {
        spec["force_hosts"] = json::array{json::value(forced_host)};
        if (!forced_node.empty()) {
            spec["force_nodes"] = json::array{json::value(forced_node)};
        }
    }

    auto injected_files = injected_files_from(s.if_contains("personality"));

    std::vector<std::string> uuids;
    api.db().write([&](Conn& c) {
        auto limits =
            db::project_limits(c, api.options().quota, req.ctx.project_id, req.ctx.user_id);
        if (limits["metadata_items"] >= 0 &&
            static_cast<int>(metadata.size()) > limits["metadata_items"]) {
            throw Fault::forbidden("Maximum number of metadata items exceeds " +
                                   std::to_string(limits["metadata_items"]));
        }
        check_injected_file_quota(limits, injected_files);
        auto usage = db::instance_usage(c, req.ctx.project_id);
        int count = check_instance_quota(limits, usage, *flavor, min_count, max_count);
        if (group) {
            auto members = static_cast<int>(group->members.size());
            auto limit = limits["server_group_members"];
            if (limit >= 0 && members + count > limit) {
                throw Fault::forbidden("Quota exceeded, too many servers in group");
            }
        }
        spec["num_instances"] = count;
        uuids.clear();
        for (int n = 0; n < count; ++n) {
            Instance i;
            i.uuid = util::uuid_dashed();
            i.project_id = req.ctx.project_id;
            i.user_id = req.ctx.user_id;
            // multi_instance_display_name_template = %(name)s-%(count)d
            i.display_name = count > 1 ? name + "-" + std::to_string(n + 1) : name;
            i.display_description = str("description");
            i.description = str("description");
            i.hostname =
                !hostname_param.empty() ? hostname_param : sanitize_hostname(i.display_name);
            if (i.hostname.empty()) {
                i.hostname = "Server-" + i.uuid;
            }
            i.availability_zone = az;
            i.vm_state = vm_state::kBuilding;
            i.task_state = task_state::kScheduling;
            i.power_state = power_state::kNoState;
            // The reconciler fails a build nobody finished within this.
            i.task_deadline = util::now_unix() + api.options().task_deadline;
            i.image_ref = image_id;
            i.flavor = *flavor;
            i.key_name = key_name;
            i.key_data = key_data;
            i.user_data = str("user_data");
            if (auto* cd = s.if_contains("config_drive")) {
                bool on = cd->is_bool() ? cd->as_bool() : query_bool(cd->as_string());
                i.config_drive = on ? "True" : "";
            }
            i.reservation_id = reservation_id;
            i.launch_index = n;
            i.access_ip_v4 = str("accessIPv4");
            i.access_ip_v6 = str("accessIPv6");
            json::object sysmeta{{"image_base_image_ref", image_id}};
            for (const char* k : {"disk_format", "container_format", "min_ram", "min_disk"}) {
                if (auto* v = image.if_contains(k); v && !v->is_null()) {
                    sysmeta[std::string("image_") + k] =
                        v->is_string() ? *v : json::value(json::serialize(*v));
                }
            }
            if (auto* dc = s.if_contains("OS-DCF:diskConfig"); dc && dc->is_string()) {
                sysmeta["auto_disk_config"] = dc->get_string() == "AUTO" ? "True" : "False";
            }
            i.system_metadata = sysmeta;
            compute::db::insert_instance(c, i);
            if (!metadata.empty()) {
                compute::db::set_instance_metadata(c, i.uuid, metadata, true);
            }
            if (!tags.empty()) {
                compute::db::set_instance_tags(c, i.uuid, tags);
            }
            compute::db::start_action(c, i.uuid, "create", req.ctx.request_id, req.ctx.user_id,
                                      req.ctx.project_id);
            if (group) {
                compute::db::add_group_member(c, group->uuid, i.uuid);
            }
            uuids.push_back(i.uuid);
        }
        for (const auto& u : uuids) {
            compute::db::save_request_spec(c, u, spec);
        }
    });
    // The rows are written: now the conductor schedules and builds them.
    // Injected files ride along to the compute host (nova passes them in
    // the build RPC and never stores them), not in the saved spec.
    if (!injected_files.empty()) {
        spec["injected_files"] = injected_files_json(injected_files);
    }
    api.conductor().build_instances(req.ctx, uuids, spec);

    if (return_reservation_id) {
        return json_response(202, json::object{{"reservation_id", reservation_id}});
    }
    json::object server{{"id", uuids.front()},
                        {"links", resource_links(req, "servers", uuids.front())},
                        {"OS-DCF:diskConfig", disk_config_asked},
                        {"security_groups", json::array{{{"name", "default"}}}},
                        {"adminPass", admin_pass}};
    auto res = json_response(202, json::object{{"server", server}});
    res.set("Location", req.base_url() + "/v2.1/servers/" + uuids.front());
    return res;
}

}  // namespace onestack::compute::api
