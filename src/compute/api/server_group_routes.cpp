// os-server-groups (server_groups.py): policies list before 2.64, policy
// and rules from 2.64; user_id and project_id shown from 2.13.
#include "common/api/pagination.hpp"
#include "common/util/ids.hpp"
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/db/group_store.hpp"
#include "compute/api/db/quota_store.hpp"
#include "compute/api/db/usage_query.hpp"
#include "compute/api/routes.hpp"
#include "compute/api/schemas.hpp"

namespace onestack::compute::api {
namespace {

using onestack::db::Conn;

json::object group_json(const Request& req, const db::ServerGroup& g) {
    json::array members;
    for (const auto& m : g.members) {
        members.emplace_back(m);
    }
    json::object o{{"id", g.uuid}, {"name", g.name}, {"members", members}};
    if (at_least(req, 2, 64)) {
        o["policy"] = g.policy;
        o["rules"] = g.rules;
    } else {
        o["policies"] = json::array{json::value(g.policy)};
        o["metadata"] = json::object{};
    }
    if (at_least(req, 2, 13)) {
        o["project_id"] = g.project_id;
        o["user_id"] = g.user_id;
    }
    return o;
}

db::ServerGroup find_group(ComputeApi& api, const Request& req, const std::string& id) {
    auto g = api.db().read([&](Conn& c) { return db::get_server_group(c, id); });
    if (!g || (g->project_id != req.ctx.project_id && !is_admin(api, req))) {
        throw Fault::not_found("Instance group " + id + " could not be found.");
    }
    return std::move(*g);
}

Response create(ComputeApi& api, Request& req) {
    authorize(api, req, "os_compute_api:os-server-groups:create", own_target(req));
    auto b = body(req);
    const char* name = "server_groups.create";
    if (at_least(req, 2, 64)) {
        name = "server_groups.create_v264";
    } else if (at_least(req, 2, 15)) {
        name = "server_groups.create_v215";
    }
    validate(schema(name), b);
    const auto& in = b.at("server_group").as_object();
    compute::db::InstanceGroupRow g;
    g.uuid = util::uuid_dashed();
    g.name = std::string(in.at("name").as_string());
    if (at_least(req, 2, 64)) {
        g.policy = std::string(in.at("policy").as_string());
        if (auto* rules = in.if_contains("rules"); rules && rules->is_object()) {
            g.rules = rules->as_object();
        }
        if (g.policy != "anti-affinity" && !g.rules.empty()) {
            throw Fault::bad_request("Only anti-affinity policy supports rules.");
        }
        // The rule is a string or an integer in the request; stored as an integer.
        if (auto* m = g.rules.if_contains("max_server_per_host"); m && m->is_string()) {
            g.rules["max_server_per_host"] = std::stoll(std::string(m->as_string()));
        }
    } else {
        g.policy = std::string(in.at("policies").as_array().at(0).as_string());
    }
    api.db().write([&](Conn& c) {
        auto limit =
            db::project_limits(c, api.options().quota, req.ctx.project_id)["server_groups"];
        if (limit >= 0 && db::count_server_groups(c, req.ctx.project_id) + 1 > limit) {
            throw Fault::forbidden("Quota exceeded, too many server groups.");
        }
        compute::db::insert_instance_group(c, g, req.ctx.project_id, req.ctx.user_id);
    });
    auto stored = find_group(api, req, g.uuid);
    return json_response(200, json::object{{"server_group", group_json(req, stored)}});
}

Response list(ComputeApi& api, Request& req) {
    authorize(api, req, "os_compute_api:os-server-groups:index", own_target(req));
    std::string project = req.ctx.project_id;
    if (req.query().has("all_projects") &&
        check(api, req, "os_compute_api:os-server-groups:index:all_projects", {})) {
        project.clear();
    }
    auto groups = api.db().read([&](Conn& c) { return db::list_server_groups(c, project); });
    // nova pages server groups with limit and offset.
    std::size_t offset = 0;
    if (auto o = req.query().get("offset")) {
        offset = static_cast<std::size_t>(std::max(0, std::atoi(o->c_str())));
    }
    auto page = onestack::api::parse_page(req.query(), api.options().max_limit);
    auto limit = page.limit_or(api.options().max_limit);
    json::array out;
    for (std::size_t k = offset; k < groups.size() && out.size() < limit; ++k) {
        out.push_back(group_json(req, groups[k]));
    }
    return json_response(200, json::object{{"server_groups", out}});
}

}  // namespace

void add_server_group_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/os-server-groups", [&api](Request& req) { return list(api, req); });
    add(r, http::Verb::post, "/os-server-groups",
        [&api](Request& req) { return create(api, req); });
    add(r, http::Verb::get, "/os-server-groups/{id}", [&api](Request& req) {
        auto g = find_group(api, req, req.param("id"));
        authorize(api, req, "os_compute_api:os-server-groups:show",
                  {{"project_id", g.project_id}, {"user_id", g.user_id}});
        return json_response(200, json::object{{"server_group", group_json(req, g)}});
    });
    add(r, http::Verb::delete_, "/os-server-groups/{id}", [&api](Request& req) {
        auto g = find_group(api, req, req.param("id"));
        authorize(api, req, "os_compute_api:os-server-groups:delete",
                  {{"project_id", g.project_id}, {"user_id", g.user_id}});
        api.db().write([&](Conn& c) { db::delete_server_group(c, g.uuid); });
        return Response::empty(204);
    });
}

}  // namespace onestack::compute::api
