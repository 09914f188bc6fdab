// os-quota-class-sets (quota_classes.py): the limits of a quota class; the
// "default" class is what /limits and os-quota-sets fall back on.
#include <algorithm>

#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/db/quota_store.hpp"
#include "compute/api/routes.hpp"
#include "compute/api/schemas.hpp"

namespace onestack::compute::api {
namespace {

using onestack::db::Conn;

// What a microversion leaves out: before 2.50 the server group quotas,
// from 2.50 nova-network's, from 2.57 also the injected-file ones.
bool hidden(const Request& req, const std::string& resource) {
    static const std::vector<std::string> network = {"fixed_ips", "floating_ips", "security_groups",
                                                     "security_group_rules"};
    if (!at_least(req, 2, 50)) {
        return resource == "server_groups" || resource == "server_group_members";
    }
    if (std::find(network.begin(), network.end(), resource) != network.end()) {
        return true;
    }
    return at_least(req, 2, 57) && resource.starts_with("injected_");
}

json::object class_set(const Request& req, const std::map<std::string, int>& limits,
                       const std::string& id) {
    json::object o;
    if (!id.empty()) {
        o["id"] = id;
    }
    for (const auto& [resource, limit] : limits) {
        if (!hidden(req, resource)) {
            o[resource] = limit;
        }
    }
    return o;
}

}  // namespace

void add_quota_class_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/os-quota-class-sets/{id}", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-quota-class-sets:show", {});
        auto id = req.param("id");
        auto limits =
            api.db().read([&](Conn& c) { return db::class_limits(c, api.options().quota, id); });
        return json_response(200, json::object{{"quota_class_set", class_set(req, limits, id)}});
    });
    add(r, http::Verb::put, "/os-quota-class-sets/{id}", [&api](Request& req) {
        auto b = body(req);
        const char* name = "quota_classes.update";
        if (at_least(req, 2, 57)) {
            name = "quota_classes.update_v257";
        } else if (at_least(req, 2, 50)) {
            name = "quota_classes.update_v250";
        }
        validate(schema(name), b);
        authorize(api, req, "os_compute_api:os-quota-class-sets:update", {});
        auto id = req.param("id");
        if (id.empty() || id.size() > 255) {
            throw Fault::bad_request(id.empty() ? "quota_class_name has fewer than 1 characters."
                                                : "quota_class_name has more than 255 characters.");
        }
        auto limits = api.db().write([&](Conn& c) {
            for (const auto& [k, v] : b.at("quota_class_set").as_object()) {
                db::set_class_limit(c, id, std::string(k), json_int(v));
            }
            return db::class_limits(c, api.options().quota, id);
        });
        return json_response(200, json::object{{"quota_class_set", class_set(req, limits, "")}});
    });
}

}  // namespace onestack::compute::api
