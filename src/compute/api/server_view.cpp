#include "compute/api/server_view.hpp"

#include <arpa/inet.h>
#include <openssl/evp.h>

#include "common/util/time.hpp"
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/views.hpp"
#include "compute/db/host_store.hpp"
#include "compute/objects/states.hpp"

namespace onestack::compute::api {

ServerViewRights view_rights(ComputeApi& api, const http::Request& req) {
    ServerViewRights r;
    auto target = own_target(req);
    r.admin = is_admin(api, req);
    r.default_az = api.options().default_availability_zone;
    r.extended_attributes = check(api, req, "os_compute_api:os-extended-server-attributes", target);
    r.host_status = check(api, req, "os_compute_api:servers:show:host_status", target);
    r.flavor_extra_specs =
        check(api, req, "os_compute_api:servers:show:flavor-extra-specs", target);
    return r;
}

std::string host_id(const Instance& i) {
    return host_id(i.project_id, i.host);
}

std::string host_id(const std::string& project_id, const std::string& host) {
    if (host.empty()) {
        return "";
    }
    std::string data = project_id + host;
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_Digest(data.data(), data.size(), out, &len, EVP_sha224(), nullptr);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned k = 0; k < len; ++k) {
        hex.push_back(kHex[out[k] >> 4]);
        hex.push_back(kHex[out[k] & 15]);
    }
    return hex;
}

json::object server_basic(const http::Request& req, const Instance& i,
                          const json::storage_ptr& sp) {
    json::object o(sp);
    o["id"] = i.uuid;
    o["name"] = i.display_name;
    o["links"] = resource_links(req, "servers", i.uuid, sp);
    return o;
}

namespace {

// nova keeps accessIPv6 as a netaddr address: shown in its compact form.
std::string compact_ipv6(const std::string& s) {
    in6_addr a{};
    char out[INET6_ADDRSTRLEN];
    if (s.empty() || inet_pton(AF_INET6, s.c_str(), &a) != 1 ||
        inet_ntop(AF_INET6, &a, out, sizeof out) == nullptr) {
        return s;
    }
    return out;
}

json::value str_or_null(const std::string& s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
}

json::value flavor_json(const http::Request& req, const Flavor& f, bool extra_specs,
                        const json::storage_ptr& sp) {
    // mv 2.47: the flavor's values instead of a link to it.
    if (at_least(req, 2, 47)) {
        json::object o({{"vcpus", f.vcpus},
                        {"ram", f.memory_mb},
                        {"disk", f.root_gb},
                        {"ephemeral", f.ephemeral_gb},
                        {"swap", f.swap},
                        {"original_name", f.name}},
                       sp);
        if (extra_specs) {
            o["extra_specs"] = f.extra_specs;
        }
        return o;
    }
    return json::object(
        {{"id", f.flavorid},
         {"links",
          json::array({{{"rel", "bookmark"}, {"href", req.base_url() + "/flavors/" + f.flavorid}}},
                      sp)}},
        sp);
}

}  // namespace

json::object server_detail(const http::Request& req, const Instance& i, const ServerExtras& x,
                           const ServerViewRights& rights, const json::storage_ptr& sp) {
    auto status = i.deleted ? std::string("DELETED") : api_status(i.vm_state, i.task_state);
    // Every member is built in sp's storage (a list's arena): no copies on insert.
    json::object o(sp);
    o.reserve(48);
    o["id"] = i.uuid;
    o["name"] = i.display_name;
    o["status"] = status;
    o["tenant_id"] = i.project_id;
    o["user_id"] = i.user_id;
    auto& md = o["metadata"].emplace_object();
    for (const auto& [k, v] : x.metadata) {
        md[k] = v;
    }
    o["hostId"] = host_id(i);
    if (i.image_ref.empty()) {
        o["image"] = "";
    } else {
        auto& image = o["image"].emplace_object();
        image["id"] = i.image_ref;
        image["links"] = json::array(
            {{{"rel", "bookmark"}, {"href", req.base_url() + "/images/" + i.image_ref}}}, sp);
    }
    o["flavor"] = flavor_json(req, i.flavor, rights.flavor_extra_specs, sp);
    o["created"] = api_time(i.created_at);
    o["updated"] = api_time(i.updated_at.empty() ? i.created_at : i.updated_at);
    o["addresses"].emplace_object();
    o["accessIPv4"] = i.access_ip_v4;
    o["accessIPv6"] = compact_ipv6(i.access_ip_v6);
    o["links"] = resource_links(req, "servers", i.uuid, sp);
    o["OS-DCF:diskConfig"] = disk_config(i);
    static const char* const kProgress[] = {"BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE",
                                            "MIGRATING"};
    for (const char* s : kProgress) {
        if (status == s) {
            o["progress"] = i.progress;
        }
    }
    if (!rights.minimal) {
        // A scheduled server without a requested zone is in the host's zone (the default one
        // unless an aggregate says otherwise; the conductor records that zone).
        std::string az = i.availability_zone.empty() && !i.host.empty() ? rights.default_az
                                                                        : i.availability_zone;
        o["OS-EXT-AZ:availability_zone"] = az;
        o["config_drive"] = i.config_drive;
        o["key_name"] = str_or_null(i.key_name);
        o["OS-SRV-USG:launched_at"] = py_time(i.launched_at);
        o["OS-SRV-USG:terminated_at"] = py_time(i.terminated_at);
        if (rights.extended_attributes) {
            o["OS-EXT-SRV-ATTR:host"] = str_or_null(i.host);
            o["OS-EXT-SRV-ATTR:instance_name"] = i.instance_name();
            o["OS-EXT-SRV-ATTR:hypervisor_hostname"] = str_or_null(i.node);
            // mv 2.3: more of the instance's attributes.
            if (at_least(req, 2, 3)) {
                o["OS-EXT-SRV-ATTR:reservation_id"] = i.reservation_id;
                o["OS-EXT-SRV-ATTR:launch_index"] = i.launch_index;
                o["OS-EXT-SRV-ATTR:hostname"] = i.hostname;
                o["OS-EXT-SRV-ATTR:kernel_id"] = i.kernel_id;
                o["OS-EXT-SRV-ATTR:ramdisk_id"] = i.ramdisk_id;
                o["OS-EXT-SRV-ATTR:root_device_name"] = str_or_null(i.root_device_name);
                o["OS-EXT-SRV-ATTR:user_data"] = str_or_null(i.user_data);
            }
        } else if (at_least(req, 2, 90)) {
            // mv 2.90: every caller sees the hostname.
            o["OS-EXT-SRV-ATTR:hostname"] = i.hostname;
        }
        o["OS-EXT-STS:task_state"] = str_or_null(i.task_state);
        o["OS-EXT-STS:vm_state"] = i.vm_state;
        o["OS-EXT-STS:power_state"] = i.power_state;
        o["os-extended-volumes:volumes_attached"].emplace_array();
    }
    if (at_least(req, 2, 9)) {
        o["locked"] = i.locked;
    }
    if (at_least(req, 2, 73)) {
        o["locked_reason"] = i.locked ? str_or_null(i.locked_reason) : json::value(nullptr);
    }
    if (at_least(req, 2, 16) && rights.host_status && !rights.minimal) {
        o["host_status"] = x.host_status;
    }
    if (at_least(req, 2, 19)) {
        o["description"] = str_or_null(i.description);
    }
    if (at_least(req, 2, 26)) {
        auto& tags = o["tags"].emplace_array();
        for (const auto& t : x.tags) {
            tags.emplace_back(t);
        }
    }
    if (at_least(req, 2, 63)) {
        o["trusted_image_certificates"] = nullptr;
    }
    if (at_least(req, 2, 71) && rights.show_server_groups) {
        auto& groups = o["server_groups"].emplace_array();
        for (const auto& g : x.server_groups) {
            groups.emplace_back(g);
        }
    }
    if (x.fault && (status == "ERROR" || status == "DELETED")) {
        auto& f = o["fault"].emplace_object();
        f["code"] = x.fault->code;
        f["created"] = api_time(x.fault->created_at);
        f["message"] = x.fault->message;
        if (rights.admin || x.fault->code != 500) {
            f["details"] = x.fault->details;
        }
    }
    return o;
}

json::object show_server(ComputeApi& api, const http::Request& req, const Instance& i,
                         bool with_groups, bool minimal) {
    auto rights = view_rights(api, req);
    rights.show_server_groups = with_groups;
    rights.minimal = minimal;
    ServerExtras x;
    api.db().read([&](onestack::db::Conn& c) {
        x.metadata = compute::db::instance_metadata(c, i.uuid);
        x.tags = compute::db::instance_tags(c, i.uuid);
        x.fault = compute::db::latest_fault(c, i.uuid);
        if (with_groups) {
            if (auto g = compute::db::group_of_instance(c, i.uuid)) {
                x.server_groups.push_back(g->uuid);
            }
        }
        if (rights.host_status && !i.host.empty()) {
            x.host_status = "UNKNOWN";
            for (const auto& s : compute::db::list_services(c, "nova-compute")) {
                if (s.host == i.host) {
                    bool up = compute::db::service_is_up(s, util::now_unix(),
                                                         api.options().service_down_time);
                    x.host_status = s.disabled ? "MAINTENANCE" : (up ? "UP" : "DOWN");
                }
            }
        }
    });
    return server_detail(req, i, x, rights);
}

}  // namespace onestack::compute::api
