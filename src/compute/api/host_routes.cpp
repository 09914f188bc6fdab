// os-services (services.py), os-hypervisors (hypervisors.py) and
// os-availability-zone (availability_zone.py).
#include <array>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <fstream>

#include "common/util/time.hpp"
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/db/host_admin.hpp"
#include "compute/api/routes.hpp"
#include "compute/api/schemas.hpp"
#include "compute/db/host_store.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/scheduler/host_rows_epoch.hpp"

namespace onestack::compute::api {
namespace {

using compute::db::ComputeNodeRow;
using compute::db::ServiceRow;
using onestack::db::Conn;

bool is_up(ComputeApi& api, const ServiceRow& s) {
    return compute::db::service_is_up(s, util::now_unix(), api.options().service_down_time);
}

std::string zone_of(ComputeApi& api, const ServiceRow& s,
                    const std::map<std::string, std::string>& zones) {
    if (s.binary != "nova-compute") {
        return "internal";
    }
    auto it = zones.find(s.host);
    return it == zones.end() ? api.options().default_availability_zone : it->second;
}

json::object service_json(ComputeApi& api, const Request& req, const ServiceRow& s,
                          const std::map<std::string, std::string>& zones) {
    json::object o;
    // mv 2.53: services are named by uuid.
    if (at_least(req, 2, 53)) {
        o["id"] = s.uuid;
    } else {
        o["id"] = s.id;
    }
    o["binary"] = s.binary;
    o["disabled_reason"] =
        s.disabled_reason.empty() ? json::value(nullptr) : json::value(s.disabled_reason);
    o["host"] = s.host;
    o["state"] = is_up(api, s) ? "up" : "down";
    o["status"] = s.disabled ? "disabled" : "enabled";
    o["updated_at"] = py_time(s.updated_at);
    o["zone"] = zone_of(api, s, zones);
    if (at_least(req, 2, 11)) {
        o["forced_down"] = s.forced_down;
    }
    return o;
}

Response list_services(ComputeApi& api, Request& req) {
    authorize(api, req, "os_compute_api:os-services:list", {});
    auto host = req.query().get("host");
    auto binary = req.query().get("binary");
    json::array out;
    api.db().read([&](Conn& c) {
        auto zones = db::host_zones(c);
        for (const auto& s : db::all_services(c)) {
            if ((host && s.host != *host) || (binary && s.binary != *binary)) {
                continue;
            }
            out.push_back(service_json(api, req, s, zones));
        }
    });
    return json_response(200, json::object{{"services", out}});
}

ServiceRow find_service(ComputeApi& api, const Request& req, const std::string& id) {
    auto s = api.db().read([&](Conn& c) -> std::optional<ServiceRow> {
        if (at_least(req, 2, 53)) {
            return db::service_by_uuid(c, id);
        }
        std::int64_t n = 0;
        auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
        if (ec != std::errc() || p != id.data() + id.size()) {
            throw Fault::bad_request("Invalid uuid " + id);
        }
        return db::service_by_id(c, n);
    });
    if (!s) {
        throw Fault::not_found("Service " + id + " could not be found.");
    }
    return std::move(*s);
}

// PUT /os-services/{uuid} (2.53+): status, disabled_reason, forced_down.
Response update_service_v253(ComputeApi& api, Request& req) {
    authorize(api, req, "os_compute_api:os-services:update", {});
    auto b = body(req);
    validate(schema("services.service_update_v2_53"), b);
    auto s = find_service(api, req, req.param("id"));
    const auto& in = b.as_object();
    std::map<std::string, onestack::db::Value> f;
    if (in.empty()) {
        throw Fault::bad_request(
            "No updates were requested. Fields 'status' or 'forced_down' "
            "should be specified.");
    }
    if (auto* st = in.if_contains("status")) {
        bool disable = st->as_string() == "disabled";
        f["disabled"] = std::int64_t{disable ? 1 : 0};
        if (disable) {
            auto* reason = in.if_contains("disabled_reason");
            f["disabled_reason"] = reason ? onestack::db::Value(std::string(reason->as_string()))
                                          : onestack::db::null();
        } else {
            if (in.contains("disabled_reason")) {
                throw Fault::bad_request(
                    "Specifying 'disabled_reason' with status 'enabled' is "
                    "invalid.");
            }
            f["disabled_reason"] = onestack::db::null();
        }
    } else if (in.contains("disabled_reason")) {
        throw Fault::bad_request(
            "Invalid 'status' value: disabled_reason is only valid with status 'disabled'.");
    }
    if (auto* fd = in.if_contains("forced_down")) {
        bool down = fd->is_bool() ? fd->as_bool() : query_bool(fd->as_string());
        f["forced_down"] = std::int64_t{down ? 1 : 0};
    }
    if (s.binary != "nova-compute") {
        throw Fault::bad_request("Updating a " + s.binary +
                                 " service is not supported. Only nova-compute services can be "
                                 "updated.");
    }
    json::object view;
    api.db().write([&](Conn& c) {
        db::update_service(c, s.id, f);
        view = service_json(api, req, *db::service_by_id(c, s.id), db::host_zones(c));
    });
    scheduler::host_rows_changed();
    return json_response(200, json::object{{"service", view}});
}

// PUT /os-services/{enable|disable|disable-log-reason|force-down} before 2.53.
Response update_service_legacy(ComputeApi& api, Request& req) {
    authorize(api, req, "os_compute_api:os-services:update", {});
    auto action = req.param("id");
    auto b = body(req);
    validate(
        schema(at_least(req, 2, 11) ? "services.service_update_v211" : "services.service_update"),
        b);
    const auto& in = b.as_object();
    std::string host(in.at("host").as_string());
    std::string binary(in.at("binary").as_string());
    auto s = api.db().read([&](Conn& c) -> std::optional<ServiceRow> {
        for (const auto& row : db::all_services(c)) {
            if (row.host == host && row.binary == binary) {
                return row;
            }
        }
        return std::nullopt;
    });
    if (!s) {
        throw Fault::not_found("Host '" + host + "' is not mapped to any cell");
    }
    json::object out{{"host", host}, {"binary", binary}};
    std::map<std::string, onestack::db::Value> f;
    if (action == "enable") {
        f = {{"disabled", std::int64_t{0}}, {"disabled_reason", onestack::db::null()}};
        out["status"] = "enabled";
    } else if (action == "disable") {
        f = {{"disabled", std::int64_t{1}}};
        out["status"] = "disabled";
    } else if (action == "disable-log-reason") {
        auto* reason = in.if_contains("disabled_reason");
        if (!reason) {
            throw Fault::bad_request("Missing disabled reason field");
        }
        f = {{"disabled", std::int64_t{1}}, {"disabled_reason", std::string(reason->as_string())}};
        out["status"] = "disabled";
        out["disabled_reason"] = *reason;
    } else if (action == "force-down" && at_least(req, 2, 11)) {
        auto* fd = in.if_contains("forced_down");
        if (!fd) {
            throw Fault::bad_request("Missing forced_down field");
        }
        bool down = fd->is_bool() ? fd->as_bool() : query_bool(fd->as_string());
        f = {{"forced_down", std::int64_t{down ? 1 : 0}}};
        out["forced_down"] = down;
    } else {
        throw Fault::not_found("Unknown action");
    }
    api.db().write([&](Conn& c) { db::update_service(c, s->id, f); });
    return json_response(200, json::object{{"service", out}});
}

json::object hypervisor_json(ComputeApi& api, const Request& req, const ComputeNodeRow& n,
                             const std::optional<ServiceRow>& s, bool detail) {
    json::object o;
    o["id"] = at_least(req, 2, 53) ? json::value(n.uuid) : json::value(n.id);
    o["hypervisor_hostname"] = n.hypervisor_hostname;
    o["state"] = s && is_up(api, *s) ? "up" : "down";
    o["status"] = s && s->disabled ? "disabled" : "enabled";
    if (!detail) {
        return o;
    }
    // mv 2.88: the resource counters left the API (placement has them).
    if (!at_least(req, 2, 88)) {
        o["vcpus"] = n.vcpus;
        o["memory_mb"] = n.memory_mb;
        o["local_gb"] = n.local_gb;
        o["vcpus_used"] = n.vcpus_used;
        o["memory_mb_used"] = n.memory_mb_used;
        o["local_gb_used"] = n.local_gb_used;
        o["free_ram_mb"] = n.memory_mb - n.memory_mb_used;
        o["free_disk_gb"] = n.local_gb - n.local_gb_used;
        o["current_workload"] = 0;
        o["running_vms"] = n.running_vms;
        o["disk_available_least"] = n.local_gb - n.local_gb_used;
    } else {
        o["uptime"] = nullptr;
    }
    o["hypervisor_type"] = n.hypervisor_type;
    o["hypervisor_version"] = n.hypervisor_version;
    o["host_ip"] = n.host_ip.empty() ? json::value(nullptr) : json::value(n.host_ip);
    json::object svc{
        {"host", n.host},
        {"disabled_reason", s && !s->disabled_reason.empty() ? json::value(s->disabled_reason)
                                                             : json::value(nullptr)}};
    if (s) {
        svc["id"] = at_least(req, 2, 53) ? json::value(s->uuid) : json::value(s->id);
    }
    o["service"] = svc;
    if (at_least(req, 2, 28)) {
        boost::system::error_code ec;
        auto cpu = json::parse(n.cpu_info.empty() ? "{}" : n.cpu_info, ec);
        o["cpu_info"] = ec ? json::value(json::object{}) : cpu;
    } else {
        o["cpu_info"] = n.cpu_info.empty() ? "{}" : n.cpu_info;
    }
    return o;
}

// What `uptime` prints (nova's drivers answer with it): this machine's, as
// every agent of the all-in-one runs here.
std::string host_uptime() {
    double up = 0;
    std::string load1 = "0.00", load5 = "0.00", load15 = "0.00";
    std::ifstream("/proc/uptime") >> up;
    std::ifstream("/proc/loadavg") >> load1 >> load5 >> load15;
    auto now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    auto secs = static_cast<long>(up);
    long days = secs / 86400;
    long hours = secs % 86400 / 3600;
    long minutes = secs % 3600 / 60;
    char clock[16];
    std::strftime(clock, sizeof clock, "%H:%M:%S", &tm);
    char text[160];
    std::snprintf(text, sizeof text,
                  " %s up %ld days, %2ld:%02ld,  0 users,  load average: %s, %s, %s", clock, days,
                  hours, minutes, load1.c_str(), load5.c_str(), load15.c_str());
    return text;
}

// os-hosts (hosts.py), deprecated and gone in 2.43.
void legacy_hosts_only(const Request& req) {
    if (at_least(req, 2, 43)) {
        throw Fault::not_found("The resource could not be found.");
    }
}

// The compute node of a host, or 404 with Nova's ComputeHostNotFound text.
ComputeNodeRow host_node(Conn& c, const std::string& host) {
    for (const auto& n : compute::db::list_compute_nodes(c)) {
        if (n.host == host) {
            return n;
        }
    }
    throw Fault::not_found("Compute host " + host + " could not be found.");
}

void add_os_hosts_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/os-hosts", [&api](Request& req) {
        legacy_hosts_only(req);
        authorize(api, req, "os_compute_api:os-hosts:list", {});
        auto zone = req.query().get("zone");
        json::array out;
        api.db().read([&](Conn& c) {
            auto zones = db::host_zones(c);
            for (const auto& s : db::all_services(c)) {
                auto z = zone_of(api, s, zones);
                if (s.disabled || (zone && !zone->empty() && z != *zone) ||
                    s.binary == "nova-osapi_compute" || s.binary == "nova-metadata") {
                    continue;
                }
                out.push_back({{"host_name", s.host}, {"service", s.topic}, {"zone", z}});
            }
        });
        return json_response(200, json::object{{"hosts", out}});
    });
    add(r, http::Verb::get, "/os-hosts/{host}", [&api](Request& req) {
        legacy_hosts_only(req);
        authorize(api, req, "os_compute_api:os-hosts:show", {});
        auto host = req.param("host");
        json::array out;
        api.db().read([&](Conn& c) {
            auto n = host_node(c, host);
            auto row = [&](const std::string& project, std::int64_t cpu, std::int64_t mem,
                           std::int64_t disk) {
                json::object res{{"host", host},
                                 {"project", project},
                                 {"cpu", cpu},
                                 {"memory_mb", mem},
                                 {"disk_gb", disk}};
                out.push_back(json::object{{"resource", std::move(res)}});
            };
            row("(total)", n.vcpus, n.memory_mb, n.local_gb);
            row("(used_now)", n.vcpus_used, n.memory_mb_used, n.local_gb_used);
            std::map<std::string, std::array<std::int64_t, 3>> by_project;
            std::array<std::int64_t, 3> sum{};
            for (const auto& i : compute::db::instances_on_host(c, host)) {
                std::array<std::int64_t, 3> use{i.flavor.vcpus, i.flavor.memory_mb,
                                                i.flavor.root_gb + i.flavor.ephemeral_gb};
                auto& p = by_project[i.project_id];
                for (int k = 0; k < 3; ++k) {
                    sum[k] += use[k];
                    p[k] += use[k];
                }
            }
            row("(used_max)", sum[0], sum[1], sum[2]);
            for (const auto& [project, u] : by_project) {
                row(project, u[0], u[1], u[2]);
            }
        });
        return json_response(200, json::object{{"host", out}});
    });
    // Enabling a host and its maintenance mode are driver calls none of
    // onestack's drivers implement: validated, looked up, then 501 as Nova
    // answers for such drivers.
    add(r, http::Verb::put, "/os-hosts/{host}", [&api](Request& req) -> Response {
        legacy_hosts_only(req);
        authorize(api, req, "os_compute_api:os-hosts:update", {});
        static const auto kSchema = compile_schema(
            R"({"type": "object", "properties": {
                "status": {"type": "string", "enum": ["enable", "disable", "Enable",
                           "Disable", "ENABLE", "DISABLE"]},
                "maintenance_mode": {"type": "string", "enum": ["enable", "disable",
                           "Enable", "Disable", "ENABLE", "DISABLE"]}},
                "anyOf": [{"required": ["status"]}, {"required": ["maintenance_mode"]}],
                "additionalProperties": false})");
        auto b = body(req);
        validate(kSchema, b);
        api.db().read([&](Conn& c) { return host_node(c, req.param("host")); });
        throw Fault::not_implemented("Action not supported by this hypervisor driver.");
    });
    for (const char* action : {"startup", "shutdown", "reboot"}) {
        std::string rule = std::string("os_compute_api:os-hosts:") +
                           (std::string_view(action) == "startup" ? "start" : action);
        add(r, http::Verb::get, std::string("/os-hosts/{host}/") + action,
            [&api, rule](Request& req) -> Response {
                legacy_hosts_only(req);
                authorize(api, req, rule, {});
                api.db().read([&](Conn& c) { return host_node(c, req.param("host")); });
                throw Fault::not_implemented("Action not supported by this hypervisor driver.");
            });
    }
}

std::optional<ServiceRow> compute_service(const std::vector<ServiceRow>& services,
                                          const std::string& host) {
    for (const auto& s : services) {
        if (s.host == host && s.binary == "nova-compute") {
            return s;
        }
    }
    return std::nullopt;
}

Response list_hypervisors(ComputeApi& api, Request& req, bool detail) {
    authorize(
        api, req,
        detail ? "os_compute_api:os-hypervisors:list-detail" : "os_compute_api:os-hypervisors:list",
        {});
    auto pattern = req.query().get("hypervisor_hostname_pattern");
    bool with_servers =
        at_least(req, 2, 53) && query_bool(req.query().get("with_servers").value_or(""));
    json::array out;
    api.db().read([&](Conn& c) {
        auto services = db::all_services(c);
        for (const auto& n : compute::db::list_compute_nodes(c)) {
            if (pattern && n.hypervisor_hostname.find(*pattern) == std::string::npos) {
                continue;
            }
            auto o = hypervisor_json(api, req, n, compute_service(services, n.host), detail);
            if (with_servers) {
                json::array servers;
                for (const auto& i : compute::db::instances_on_host(c, n.host)) {
                    if (i.node == n.hypervisor_hostname) {
                        servers.push_back(
                            json::object{{"uuid", i.uuid}, {"name", i.instance_name()}});
                    }
                }
                o["servers"] = servers;
            }
            out.push_back(o);
        }
    });
    if (pattern && out.empty()) {
        throw Fault::not_found("No hypervisor matching '" + *pattern + "' could be found.");
    }
    return json_response(200, json::object{{"hypervisors", out}});
}

ComputeNodeRow find_node(ComputeApi& api, const Request& req, const std::string& id, Conn& c) {
    for (const auto& n : compute::db::list_compute_nodes(c)) {
        if ((at_least(req, 2, 53) && n.uuid == id) ||
            (!at_least(req, 2, 53) && std::to_string(n.id) == id)) {
            return n;
        }
    }
    throw Fault::not_found("Hypervisor with ID " + id + " could not be found.");
}

Response availability_zones(ComputeApi& api, Request& req, bool detail) {
    authorize(api, req,
              detail ? "os_compute_api:os-availability-zone:detail"
                     : "os_compute_api:os-availability-zone:list",
              {});
    json::array out;
    api.db().read([&](Conn& c) {
        auto zones = db::host_zones(c);
        std::map<std::string, std::map<std::string, std::vector<ServiceRow>>> by_zone;
        std::map<std::string, bool> available;
        for (const auto& s : db::all_services(c)) {
            auto z = zone_of(api, s, zones);
            by_zone[z][s.host].push_back(s);
            bool usable = !s.disabled && is_up(api, s);
            available[z] = available[z] || usable;
        }
        for (const auto& [zone, hosts] : by_zone) {
            if (!detail && zone == "internal") {
                continue;  // the list shows compute zones only
            }
            json::object z{{"zoneName", zone},
                           {"zoneState", json::object{{"available", available[zone]}}}};
            if (!detail) {
                z["hosts"] = nullptr;
            } else {
                json::object hs;
                for (const auto& [host, services] : hosts) {
                    json::object svcs;
                    for (const auto& s : services) {
                        svcs[s.binary] = json::object{{"available", is_up(api, s)},
                                                      {"active", !s.disabled},
                                                      {"updated_at", py_time(s.updated_at)}};
                    }
                    hs[host] = svcs;
                }
                z["hosts"] = hs;
            }
            out.push_back(z);
        }
    });
    return json_response(200, json::object{{"availabilityZoneInfo", out}});
}

}  // namespace

void add_host_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/os-services",
        [&api](Request& req) { return list_services(api, req); });
    add(r, http::Verb::put, "/os-services/{id}", [&api](Request& req) {
        return at_least(req, 2, 53) ? update_service_v253(api, req)
                                    : update_service_legacy(api, req);
    });
    add(r, http::Verb::delete_, "/os-services/{id}", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-services:delete", {});
        auto s = find_service(api, req, req.param("id"));
        api.db().write([&](Conn& c) {
            if (s.binary == "nova-compute") {
                for (const auto& i : compute::db::instances_on_host(c, s.host)) {
                    (void)i;
                    throw Fault::conflict(
                        "Unable to delete compute service that is hosting "
                        "instances. Migrate or delete the instances first.");
                }
            }
            db::delete_service(c, s.id);
        });
        return Response::empty(204);
    });

    add(r, http::Verb::get, "/os-hypervisors",
        [&api](Request& req) { return list_hypervisors(api, req, false); });
    add(r, http::Verb::get, "/os-hypervisors/detail",
        [&api](Request& req) { return list_hypervisors(api, req, true); });
    add(r, http::Verb::get, "/os-hypervisors/statistics", [&api](Request& req) {
        if (at_least(req, 2, 88)) {
            throw Fault::not_found("The resource could not be found.");
        }
        authorize(api, req, "os_compute_api:os-hypervisors:statistics", {});
        json::object s;
        api.db().read([&](Conn& c) {
            std::int64_t count = 0, vcpus = 0, mem = 0, disk = 0, vu = 0, mu = 0, du = 0, vms = 0;
            for (const auto& n : compute::db::list_compute_nodes(c)) {
                ++count;
                vcpus += n.vcpus;
                mem += n.memory_mb;
                disk += n.local_gb;
                vu += n.vcpus_used;
                mu += n.memory_mb_used;
                du += n.local_gb_used;
                vms += n.running_vms;
            }
            s = {{"count", count},
                 {"vcpus", vcpus},
                 {"memory_mb", mem},
                 {"local_gb", disk},
                 {"vcpus_used", vu},
                 {"memory_mb_used", mu},
                 {"local_gb_used", du},
                 {"free_ram_mb", mem - mu},
                 {"free_disk_gb", disk - du},
                 {"current_workload", 0},
                 {"running_vms", vms},
                 {"disk_available_least", disk - du}};
        });
        return json_response(200, json::object{{"hypervisor_statistics", s}});
    });
    add(r, http::Verb::get, "/os-hypervisors/{id}", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-hypervisors:show", {});
        json::object o;
        api.db().read([&](Conn& c) {
            auto n = find_node(api, req, req.param("id"), c);
            o = hypervisor_json(api, req, n, compute_service(db::all_services(c), n.host), true);
            if (at_least(req, 2, 53) && query_bool(req.query().get("with_servers").value_or(""))) {
                json::array servers;
                for (const auto& i : compute::db::instances_on_host(c, n.host)) {
                    servers.push_back(json::object{{"uuid", i.uuid}, {"name", i.instance_name()}});
                }
                o["servers"] = servers;
            }
        });
        return json_response(200, json::object{{"hypervisor", o}});
    });
    add(r, http::Verb::get, "/os-hypervisors/{id}/servers", [&api](Request& req) {
        if (at_least(req, 2, 53)) {
            throw Fault::not_found("The resource could not be found.");
        }
        authorize(api, req, "os_compute_api:os-hypervisors:servers", {});
        json::array out;
        api.db().read([&](Conn& c) {
            for (const auto& n : compute::db::list_compute_nodes(c)) {
                if (n.hypervisor_hostname.find(req.param("id")) == std::string::npos) {
                    continue;
                }
                auto o = hypervisor_json(api, req, n, compute_service(db::all_services(c), n.host),
                                         false);
                json::array servers;
                for (const auto& i : compute::db::instances_on_host(c, n.host)) {
                    servers.push_back(json::object{{"uuid", i.uuid}, {"name", i.instance_name()}});
                }
                o["servers"] = servers;
                out.push_back(o);
            }
        });
        if (out.empty()) {
            throw Fault::not_found("No hypervisor matching '" + req.param("id") +
                                   "' could be found.");
        }
        return json_response(200, json::object{{"hypervisors", out}});
    });

    add_os_hosts_routes(api, r);
    // Deprecated lookups: search by hostname before 2.53, uptime before 2.88.
    add(r, http::Verb::get, "/os-hypervisors/{id}/search", [&api](Request& req) {
        if (at_least(req, 2, 53)) {
            throw Fault::not_found("The resource could not be found.");
        }
        authorize(api, req, "os_compute_api:os-hypervisors:search", {});
        json::array out;
        api.db().read([&](Conn& c) {
            for (const auto& n : compute::db::list_compute_nodes(c)) {
                if (n.hypervisor_hostname.find(req.param("id")) != std::string::npos) {
                    out.push_back(hypervisor_json(
                        api, req, n, compute_service(db::all_services(c), n.host), false));
                }
            }
        });
        if (out.empty()) {
            throw Fault::not_found("No hypervisor matching '" + req.param("id") +
                                   "' could be found.");
        }
        return json_response(200, json::object{{"hypervisors", out}});
    });
    add(r, http::Verb::get, "/os-hypervisors/{id}/uptime", [&api](Request& req) {
        if (at_least(req, 2, 88)) {
            throw Fault::not_found("The resource could not be found.");
        }
        authorize(api, req, "os_compute_api:os-hypervisors:uptime", {});
        json::object o;
        api.db().read([&](Conn& c) {
            auto n = find_node(api, req, req.param("id"), c);
            o = hypervisor_json(api, req, n, compute_service(db::all_services(c), n.host), false);
        });
        o["uptime"] = host_uptime();
        return json_response(200, json::object{{"hypervisor", o}});
    });

    add(r, http::Verb::get, "/os-availability-zone",
        [&api](Request& req) { return availability_zones(api, req, false); });
    add(r, http::Verb::get, "/os-availability-zone/detail",
        [&api](Request& req) { return availability_zones(api, req, true); });
}

}  // namespace onestack::compute::api
