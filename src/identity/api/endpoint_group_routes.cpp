// OS-EP-FILTER endpoint groups (keystone/api/os_ep_filter.py): named
// filters on service_id / region_id / interface, and the projects whose
// catalogs they feed.
#include "identity/api/endpoint_group_routes.hpp"

#include <boost/json.hpp>

#include "common/util/ids.hpp"
#include "identity/api/attribute_filters.hpp"
#include "identity/api/common.hpp"
#include "identity/api/request_member.hpp"
#include "identity/api/views.hpp"
#include "identity/catalog/catalog_cache.hpp"
#include "identity/db/catalog_store.hpp"
#include "identity/db/endpoint_filter_store.hpp"
#include "identity/db/project_store.hpp"
#include "identity/identity.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::http::Verb;

// keystone/catalog/schema.py endpoint_group_create / endpoint_group_update.
constexpr const char* kGroupProperties = R"("properties": {
        "description": {"type": ["string", "null"]},
        "filters": {"type": "object"},
        "name": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "[\\S]+"}
    })";

const onestack::json::Schema& create_schema() {
    static const auto schema =
        onestack::json::Schema::compile(std::string(R"({"type": "object", )") + kGroupProperties +
                                        R"(, "required": ["name", "filters"]})");
    return schema;
}

const onestack::json::Schema& update_schema() {
    static const auto schema = onestack::json::Schema::compile(
        std::string(R"({"type": "object", )") + kGroupProperties + R"(, "minProperties": 1})");
    return schema;
}

// Keystone's _require_valid_filter.
void require_valid_filters(const json::object& filters) {
    for (const auto& [key, value] : filters) {
        if (key != "service_id" && key != "region_id" && key != "interface") {
            throw Fault::bad_request(
                "Expecting to find service_id or region_id or interface in endpoint_group. The "
                "server could not comply with the request since it is either malformed or "
                "otherwise incorrect. The client is assumed to be in error.");
        }
    }
}

std::optional<std::string> description_of(const json::object& ref) {
    auto* d = ref.if_contains("description");
    if (!d || d->is_null()) {
        return std::nullopt;
    }
    return std::string(d->as_string());
}

EndpointGroup group_or_404(Conn& c, const std::string& id) {
    auto g = db::get_endpoint_group(c, id);
    if (!g) {
        throw not_found("Endpoint Group", id);
    }
    return std::move(*g);
}

void require_project(Conn& c, const std::string& id) {
    if (!db::get_project(c, id)) {
        throw not_found("project", id);
    }
}

Response create_group(Identity& identity, Request& req) {
    authorize(identity, req, "identity:create_endpoint_group");
    auto ref = validated_member(req, "endpoint_group", create_schema(), json::object{});
    const auto& filters = ref.at("filters").as_object();
    if (filters.empty()) {
        throw Fault::bad_request("filters field is required and cannot be empty");
    }
    require_valid_filters(filters);
    EndpointGroup group{util::uuid_hex(), std::string(ref.at("name").as_string()),
                        description_of(ref), filters};
    identity.db().write([&](Conn& c) { db::insert_endpoint_group(c, group); });
    return json_response(201, {{"endpoint_group", endpoint_group_view(req, group)}});
}

Response get_group(Identity& identity, Request& req) {
    authorize(identity, req, "identity:get_endpoint_group");
    auto group = identity.db().read(
        [&](Conn& c) { return group_or_404(c, req.param("endpoint_group_id")); });
    return json_response(200, {{"endpoint_group", endpoint_group_view(req, group)}});
}

Response list_groups(Identity& identity, Request& req) {
    authorize(identity, req, "identity:list_endpoint_groups");
    auto filters = attribute_filters(req.query(), {"name"});
    auto groups = identity.db().read([](Conn& c) { return db::list_endpoint_groups(c); });
    json::array list;
    for (const auto& g : groups) {
        auto view = endpoint_group_view(req, g);
        if (matches_all(view, filters)) {
            list.push_back(std::move(view));
        }
    }
    return json_response(200,
                         {{"endpoint_groups", std::move(list)}, {"links", collection_links(req)}});
}

Response update_group(Identity& identity, Request& req) {
    const auto& id = req.param("endpoint_group_id");
    authorize(identity, req, "identity:update_endpoint_group");
    auto changes = validated_member(req, "endpoint_group", update_schema(), json::object{});
    if (auto* filters = changes.if_contains("filters")) {
        require_valid_filters(filters->as_object());
    }
    require_matching_id(changes, id);
    auto group = identity.db().write([&](Conn& c) {
        auto g = group_or_404(c, id);
        if (auto* name = changes.if_contains("name")) {
            g.name = std::string(name->as_string());
        }
        if (changes.contains("description")) {
            g.description = description_of(changes);
        }
        if (auto* filters = changes.if_contains("filters")) {
            g.filters = filters->as_object();
        }
        db::update_endpoint_group(c, g);
        return g;
    });
    identity.changed();  // projects using the group see other endpoints now
    return json_response(200, {{"endpoint_group", endpoint_group_view(req, group)}});
}

Response delete_group(Identity& identity, Request& req) {
    const auto& id = req.param("endpoint_group_id");
    authorize(identity, req, "identity:delete_endpoint_group");
    identity.db().write([&](Conn& c) {
        group_or_404(c, id);
        db::delete_endpoint_group(c, id);  // and its project associations
    });
    identity.changed();
    return Response::empty(204);
}

// Keystone does not check that the group exists here: an unknown one has
// no projects.
Response list_projects_for_group(Identity& identity, Request& req) {
    authorize(identity, req, "identity:list_projects_associated_with_endpoint_group");
    auto projects = identity.db().read([&](Conn& c) {
        std::vector<Project> out;
        for (const auto& id : db::projects_for_endpoint_group(c, req.param("endpoint_group_id"))) {
            if (auto p = db::get_project(c, id)) {
                out.push_back(std::move(*p));
            }
        }
        return out;
    });
    return list_response(req, "projects", projects, project_view);
}

Response list_endpoints_for_group(Identity& identity, Request& req) {
    authorize(identity, req, "identity:list_endpoints_associated_with_endpoint_group");
    auto endpoints = identity.db().read([&](Conn& c) {
        auto group = group_or_404(c, req.param("endpoint_group_id"));
        std::vector<Endpoint> out;
        for (auto& e : db::list_endpoints(c)) {
            if (endpoint_group_selects(e, group.filters)) {
                out.push_back(std::move(e));
            }
        }
        return out;
    });
    return list_response(req, "endpoints", endpoints, endpoint_view);
}

Response list_groups_for_project(Identity& identity, Request& req) {
    const auto& project_id = req.param("project_id");
    authorize(identity, req, "identity:list_endpoint_groups_for_project");
    auto groups = identity.db().read([&](Conn& c) {
        require_project(c, project_id);
        std::vector<EndpointGroup> out;
        for (const auto& id : db::endpoint_groups_for_project(c, project_id)) {
            if (auto g = db::get_endpoint_group(c, id)) {
                out.push_back(std::move(*g));
            }
        }
        return out;
    });
    return list_response(req, "endpoint_groups", groups, endpoint_group_view);
}

// Keystone checks the project, then the group, for every association call.
void require_project_and_group(Conn& c, const Request& req) {
    require_project(c, req.param("project_id"));
    group_or_404(c, req.param("endpoint_group_id"));
}

Response add_group_to_project(Identity& identity, Request& req) {
    authorize(identity, req, "identity:add_endpoint_group_to_project");
    identity.db().write([&](Conn& c) {
        require_project_and_group(c, req);
        if (!db::insert_project_endpoint_group(c, req.param("endpoint_group_id"),
                                               req.param("project_id"))) {
            throw conflict("project_endpoint_group", "Duplicate entry");
        }
    });
    identity.changed();
    return Response::empty(204);
}

Response get_group_in_project(Identity& identity, Request& req) {
    const auto& group_id = req.param("endpoint_group_id");
    const auto& project_id = req.param("project_id");
    authorize(identity, req, "identity:get_endpoint_group_in_project");
    identity.db().read([&](Conn& c) {
        require_project_and_group(c, req);
        if (!db::endpoint_group_in_project(c, group_id, project_id)) {
            throw Fault::not_found("Endpoint Group Project Association not found");
        }
    });
    // Keystone's self link here is a bare path, without host or /v3.
    json::object association{
        {"endpoint_group_id", group_id},
        {"project_id", project_id},
        {"links",
         {{"self", "/OS-EP-FILTER/endpoint_groups/" + group_id + "/projects/" + project_id}}}};
    return json_response(200, {{"project_endpoint_group", std::move(association)}});
}

Response remove_group_from_project(Identity& identity, Request& req) {
    authorize(identity, req, "identity:remove_endpoint_group_from_project");
    identity.db().write([&](Conn& c) {
        require_project_and_group(c, req);
        if (!db::delete_project_endpoint_group(c, req.param("endpoint_group_id"),
                                               req.param("project_id"))) {
            throw Fault::not_found("Endpoint Group Project Association not found");
        }
    });
    identity.changed();
    return Response::empty(204);
}

}  // namespace

void add_endpoint_group_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*h)(Identity&, Request&)) {
        return [&identity, h](Request& req) { return h(identity, req); };
    };
    const std::string groups = "/v3/OS-EP-FILTER/endpoint_groups";
    const std::string group = groups + "/{endpoint_group_id}";
    r.add(Verb::get, groups, bind(list_groups));
    r.add(Verb::post, groups, bind(create_group));
    r.add(Verb::get, group, bind(get_group));
    r.add(Verb::patch, group, bind(update_group));
    r.add(Verb::delete_, group, bind(delete_group));
    r.add(Verb::get, group + "/projects", bind(list_projects_for_group));
    r.add(Verb::get, group + "/endpoints", bind(list_endpoints_for_group));
    r.add(Verb::put, group + "/projects/{project_id}", bind(add_group_to_project));
    r.add(Verb::get, group + "/projects/{project_id}", bind(get_group_in_project));
    r.add(Verb::delete_, group + "/projects/{project_id}", bind(remove_group_from_project));
    r.add(Verb::get, "/v3/OS-EP-FILTER/projects/{project_id}/endpoint_groups",
          bind(list_groups_for_project));
}

}  // namespace onestack::identity::api
