// os-quota-sets (quota_sets.py), /limits (limits.py) and
// os-simple-tenant-usage (simple_tenant_usage.py).
#include <algorithm>
#include <cmath>

#include "common/util/time.hpp"
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/db/keypair_store.hpp"
#include "compute/api/db/quota_store.hpp"
#include "compute/api/db/usage_query.hpp"
#include "compute/api/routes.hpp"
#include "compute/api/schemas.hpp"
#include "compute/objects/states.hpp"

namespace onestack::compute::api {
namespace {

using onestack::db::Conn;

// The resources a microversion shows: 2.36 drops the network ones, 2.57
// the injected-file ones.
std::vector<std::string> shown_resources(const Request& req) {
    std::vector<std::string> out;
    for (const auto& r : db::quota_resources()) {
        if (r.starts_with("injected_") && at_least(req, 2, 57)) {
            continue;
        }
        out.push_back(r);
    }
    return out;
}

// Network quotas nova-network used to own, shown (fixed) before 2.36.
const std::pair<const char*, int> kNetworkQuotas[] = {
    {"fixed_ips", -1}, {"floating_ips", 10}, {"security_group_rules", 20}, {"security_groups", 10}};

std::map<std::string, std::int64_t> in_use(Conn& c, const std::string& project,
                                           const std::string& user) {
    auto u = db::instance_usage(c, project, user);
    std::map<std::string, std::int64_t> out{{"instances", u.instances},
                                            {"cores", u.cores},
                                            {"ram", u.ram},
                                            {"server_groups", db::count_server_groups(c, project)}};
    if (!user.empty()) {
        out["key_pairs"] = db::count_keypairs(c, user);
    }
    return out;
}

json::object quota_set(const Request& req, const std::map<std::string, int>& limits,
                       const std::string& id, bool detail,
                       const std::map<std::string, std::int64_t>& used) {
    json::object o;
    if (!id.empty()) {
        o["id"] = id;
    }
    for (const auto& r : shown_resources(req)) {
        if (detail) {
            auto it = used.find(r);
            o[r] = json::object{{"in_use", it == used.end() ? 0 : it->second},
                                {"limit", limits.at(r)},
                                {"reserved", 0}};
        } else {
            o[r] = limits.at(r);
        }
    }
    if (!at_least(req, 2, 36)) {
        for (const auto& [name, v] : kNetworkQuotas) {
            o[name] = detail
                          ? json::value(json::object{{"in_use", 0}, {"limit", v}, {"reserved", 0}})
                          : json::value(v);
        }
    }
    return o;
}

Response show_quotas(ComputeApi& api, Request& req, bool detail) {
    auto project = req.param("project_id");
    authorize(api, req,
              detail ? "os_compute_api:os-quota-sets:detail" : "os_compute_api:os-quota-sets:show",
              {{"project_id", project}});
    auto user = req.query().get("user_id").value_or("");
    json::object qs;
    api.db().read([&](Conn& c) {
        auto limits = db::project_limits(c, api.options().quota, project, user);
        qs = quota_set(req, limits, project, detail,
                       detail ? in_use(c, project, user) : std::map<std::string, std::int64_t>{});
    });
    return json_response(200, json::object{{"quota_set", qs}});
}

Response update_quotas(ComputeApi& api, Request& req) {
    auto project = req.param("project_id");
    authorize(api, req, "os_compute_api:os-quota-sets:update", {{"project_id", project}});
    auto b = body(req);
    const char* name = "quota_sets.update";
    if (at_least(req, 2, 57)) {
        name = "quota_sets.update_v257";
    } else if (at_least(req, 2, 36)) {
        name = "quota_sets.update_v236";
    }
    validate(schema(name), b);
    auto user = req.query().get("user_id").value_or("");
    const auto& in = b.at("quota_set").as_object();
    bool force = false;
    if (auto* f = in.if_contains("force")) {
        force = f->is_bool() ? f->as_bool() : query_bool(f->as_string());
    }
    json::object qs;
    api.db().write([&](Conn& c) {
        auto used = in_use(c, project, user);
        for (const auto& [k, v] : in) {
            std::string key(k);
            if (key == "force") {
                continue;
            }
            const auto& resources = db::quota_resources();
            if (std::find(resources.begin(), resources.end(), key) == resources.end()) {
                continue;  // network quotas before 2.36 are accepted and ignored
            }
            int limit = json_int(v);
            auto it = used.find(key);
            if (!force && limit >= 0 && it != used.end() && it->second > limit) {
                throw Fault::bad_request("Quota limit " + std::to_string(limit) + " for " + key +
                                         " must be greater than or equal to already used and "
                                         "reserved " +
                                         std::to_string(it->second) + ".");
            }
            db::set_limit(c, project, user, key, limit);
        }
        qs = quota_set(req, db::project_limits(c, api.options().quota, project, user), "", false,
                       {});
    });
    return json_response(200, json::object{{"quota_set", qs}});
}

Response limits(ComputeApi& api, Request& req) {
    authorize(api, req, "os_compute_api:limits", {});
    auto project = req.ctx.project_id;
    if (auto t = req.query().get("tenant_id"); t && *t != project) {
        if (check(api, req, "os_compute_api:limits:other_project", {{"project_id", *t}})) {
            project = *t;
        }
    }
    json::object abs;
    api.db().read([&](Conn& c) {
        auto l = db::project_limits(c, api.options().quota, project);
        auto u = db::instance_usage(c, project);
        abs["maxServerMeta"] = l["metadata_items"];
        if (!at_least(req, 2, 39)) {
            abs["maxImageMeta"] = l["metadata_items"];  // the image proxy's, gone in 2.39
        }
        if (!at_least(req, 2, 57)) {
            abs["maxPersonality"] = l["injected_files"];
            abs["maxPersonalitySize"] = l["injected_file_content_bytes"];
        }
        abs["maxTotalKeypairs"] = l["key_pairs"];
        abs["maxServerGroups"] = l["server_groups"];
        abs["maxServerGroupMembers"] = l["server_group_members"];
        abs["maxTotalCores"] = l["cores"];
        abs["maxTotalInstances"] = l["instances"];
        abs["maxTotalRAMSize"] = l["ram"];
        abs["totalCoresUsed"] = u.cores;
        abs["totalInstancesUsed"] = u.instances;
        abs["totalRAMUsed"] = u.ram;
        abs["totalServerGroupsUsed"] = db::count_server_groups(c, project);
        if (!at_least(req, 2, 36)) {
            abs["maxSecurityGroups"] = 10;
            abs["maxSecurityGroupRules"] = 20;
            abs["maxTotalFloatingIps"] = 10;
            abs["totalFloatingIpsUsed"] = 0;
            abs["totalSecurityGroupsUsed"] = 0;
        }
    });
    return json_response(
        200, json::object{{"limits", json::object{{"rate", json::array{}}, {"absolute", abs}}}});
}

// simple_tenant_usage.py _parse_datetime: now when absent.
std::int64_t usage_time(const Request& req, const char* key) {
    auto v = req.query().get(key);
    if (!v) {
        return util::now_unix();
    }
    auto t = util::parse_iso8601(*v);
    if (!t) {
        throw Fault::bad_request("Invalid time format");
    }
    return *t;
}

json::array tenant_usages(ComputeApi& api, const std::string& project, std::int64_t start,
                          std::int64_t stop, bool detailed) {
    auto s = util::iso8601_micros(start * 1000000);
    auto e = util::iso8601_micros(stop * 1000000);
    auto instances =
        api.db().read([&](Conn& c) { return db::instances_active_between(c, project, s, e); });
    std::map<std::string, json::object> by_tenant;
    std::map<std::string, json::array> servers;
    for (const auto& i : instances) {
        auto begin = std::max(
            start, util::parse_iso8601(i.launched_at.empty() ? i.created_at : i.launched_at)
                       .value_or(start));
        auto end = i.terminated_at.empty()
                       ? stop
                       : std::min(stop, util::parse_iso8601(i.terminated_at).value_or(stop));
        double hours = end > begin ? static_cast<double>(end - begin) / 3600.0 : 0.0;
        auto& t = by_tenant[i.project_id];
        if (t.empty()) {
            t = {{"tenant_id", i.project_id},
                 {"total_local_gb_usage", 0.0},
                 {"total_vcpus_usage", 0.0},
                 {"total_memory_mb_usage", 0.0},
                 {"total_hours", 0.0},
                 {"start", util::iso8601_micros(start * 1000000)},
                 {"stop", util::iso8601_micros(stop * 1000000)}};
        }
        auto add = [&](const char* k, double v) { t[k] = t[k].as_double() + v; };
        add("total_local_gb_usage", hours * (i.flavor.root_gb + i.flavor.ephemeral_gb));
        add("total_vcpus_usage", hours * i.flavor.vcpus);
        add("total_memory_mb_usage", hours * i.flavor.memory_mb);
        add("total_hours", hours);
        if (detailed) {
            auto state = i.deleted ? std::string("terminated") : i.vm_state;
            servers[i.project_id].push_back(json::object{
                {"instance_id", i.uuid},
                {"name", i.display_name},
                {"hours", hours},
                {"memory_mb", i.flavor.memory_mb},
                {"local_gb", i.flavor.root_gb + i.flavor.ephemeral_gb},
                {"vcpus", i.flavor.vcpus},
                {"tenant_id", i.project_id},
                {"flavor", i.flavor.name},
                {"started_at", py_time(i.launched_at.empty() ? i.created_at : i.launched_at)},
                {"ended_at", py_time(i.terminated_at)},
                {"state", state},
                {"uptime", end > begin ? end - begin : 0}});
        }
    }
    json::array out;
    for (auto& [project_id, t] : by_tenant) {
        if (detailed) {
            t["server_usages"] = servers[project_id];
        }
        out.push_back(t);
    }
    return out;
}

}  // namespace

void add_quota_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/os-quota-sets/{project_id}",
        [&api](Request& req) { return show_quotas(api, req, false); });
    add(r, http::Verb::get, "/os-quota-sets/{project_id}/detail",
        [&api](Request& req) { return show_quotas(api, req, true); });
    add(r, http::Verb::get, "/os-quota-sets/{project_id}/defaults", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-quota-sets:defaults", {});
        auto project = req.param("project_id");
        auto l = api.db().read([&](Conn& c) { return db::default_limits(c, api.options().quota); });
        return json_response(200,
                             json::object{{"quota_set", quota_set(req, l, project, false, {})}});
    });
    add(r, http::Verb::put, "/os-quota-sets/{project_id}",
        [&api](Request& req) { return update_quotas(api, req); });
    add(r, http::Verb::delete_, "/os-quota-sets/{project_id}", [&api](Request& req) {
        auto project = req.param("project_id");
        authorize(api, req, "os_compute_api:os-quota-sets:delete", {{"project_id", project}});
        auto user = req.query().get("user_id").value_or("");
        api.db().write([&](Conn& c) { db::delete_limits(c, project, user); });
        return Response::empty(202);
    });
    add(r, http::Verb::get, "/limits", [&api](Request& req) { return limits(api, req); });

    add(r, http::Verb::get, "/os-simple-tenant-usage", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-simple-tenant-usage:list", {});
        auto start = usage_time(req, "start");
        auto stop = usage_time(req, "end");
        if (!(start <= stop)) {
            throw Fault::bad_request(
                "Invalid start time. The start time cannot occur after the end time.");
        }
        bool detailed = req.query().get("detailed").value_or("0") == "1";
        return json_response(
            200, json::object{{"tenant_usages", tenant_usages(api, "", start, stop, detailed)}});
    });
    add(r, http::Verb::get, "/os-simple-tenant-usage/{tenant_id}", [&api](Request& req) {
        auto project = req.param("tenant_id");
        authorize(api, req, "os_compute_api:os-simple-tenant-usage:show",
                  {{"project_id", project}});
        auto start = usage_time(req, "start");
        auto stop = usage_time(req, "end");
        if (!(start <= stop)) {
            throw Fault::bad_request(
                "Invalid start time. The start time cannot occur after the end time.");
        }
        auto usages = tenant_usages(api, project, start, stop, true);
        return json_response(
            200, json::object{{"tenant_usage",
                               usages.empty() ? json::value(json::object{}) : usages.front()}});
    });
}

}  // namespace onestack::compute::api
