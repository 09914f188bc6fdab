// OS-EP-FILTER project-endpoint associations (keystone/api/os_ep_filter.py):
// once a project has any, its token catalog shows only those endpoints
// (plus the ones its endpoint groups select); see CatalogCache.
#include <boost/json.hpp>

#include "identity/api/common.hpp"
#include "identity/api/endpoint_group_routes.hpp"
#include "identity/api/routes.hpp"
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

void require_endpoint(Conn& c, const std::string& id) {
    if (!db::get_endpoint(c, id)) {
        throw not_found("endpoint", id);
    }
}

void require_project(Conn& c, const std::string& id) {
    if (!db::get_project(c, id)) {
        throw not_found("project", id);
    }
}

Fault association_not_found(const std::string& endpoint_id, const std::string& project_id) {
    return Fault::not_found("Endpoint " + endpoint_id + " not found in project " + project_id);
}

Response add_endpoint_to_project(Identity& identity, Request& req) {
    const auto& project_id = req.param("project_id");
    const auto& endpoint_id = req.param("endpoint_id");
    authorize(identity, req, "identity:add_endpoint_to_project");
    identity.db().write([&](Conn& c) {
        require_endpoint(c, endpoint_id);
        require_project(c, project_id);
        if (!db::insert_project_endpoint(c, endpoint_id, project_id)) {
            throw conflict("project_endpoint", "Duplicate entry");
        }
    });
    identity.changed();
    return Response::empty(204);
}

Response check_endpoint_in_project(Identity& identity, Request& req) {
    const auto& project_id = req.param("project_id");
    const auto& endpoint_id = req.param("endpoint_id");
    authorize(identity, req, "identity:check_endpoint_in_project");
    identity.db().read([&](Conn& c) {
        require_endpoint(c, endpoint_id);
        require_project(c, project_id);
        if (!db::project_endpoint_exists(c, endpoint_id, project_id)) {
            throw association_not_found(endpoint_id, project_id);
        }
    });
    return Response::empty(204);
}

// Keystone checks neither the endpoint nor the project here, only the
// association.
Response remove_endpoint_from_project(Identity& identity, Request& req) {
    const auto& project_id = req.param("project_id");
    const auto& endpoint_id = req.param("endpoint_id");
    authorize(identity, req, "identity:remove_endpoint_from_project");
    identity.db().write([&](Conn& c) {
        if (!db::delete_project_endpoint(c, endpoint_id, project_id)) {
            throw association_not_found(endpoint_id, project_id);
        }
    });
    identity.changed();
    return Response::empty(204);
}

// The endpoints the project's catalog is restricted to, direct and through
// endpoint groups, disabled ones included (keystone's
// list_endpoints_for_project).
Response list_endpoints_for_project(Identity& identity, Request& req) {
    const auto& project_id = req.param("project_id");
    authorize(identity, req, "identity:list_endpoints_for_project");
    auto endpoints = identity.db().read([&](Conn& c) {
        require_project(c, project_id);
        std::vector<Endpoint> out;
        for (const auto& id : project_endpoint_filter(c, project_id)) {
            if (auto e = db::get_endpoint(c, id)) {
                out.push_back(std::move(*e));
            }
        }
        return out;
    });
    return list_response(req, "endpoints", endpoints, endpoint_view);
}

Response list_projects_for_endpoint(Identity& identity, Request& req) {
    const auto& endpoint_id = req.param("endpoint_id");
    authorize(identity, req, "identity:list_projects_for_endpoint");
    auto projects = identity.db().read([&](Conn& c) {
        require_endpoint(c, endpoint_id);
        std::vector<Project> out;
        for (const auto& id : db::projects_for_endpoint(c, endpoint_id)) {
            if (auto p = db::get_project(c, id)) {
                out.push_back(std::move(*p));
            }
        }
        return out;
    });
    return list_response(req, "projects", projects, project_view);
}

}  // namespace

void add_endpoint_filter_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*h)(Identity&, Request&)) {
        return [&identity, h](Request& req) { return h(identity, req); };
    };
    const char* association = "/v3/OS-EP-FILTER/projects/{project_id}/endpoints/{endpoint_id}";
    r.add(Verb::put, association, bind(add_endpoint_to_project));
    r.add(Verb::get, association, bind(check_endpoint_in_project));
    r.add(Verb::delete_, association, bind(remove_endpoint_from_project));
    r.add(Verb::get, "/v3/OS-EP-FILTER/projects/{project_id}/endpoints",
          bind(list_endpoints_for_project));
    r.add(Verb::get, "/v3/OS-EP-FILTER/endpoints/{endpoint_id}/projects",
          bind(list_projects_for_endpoint));
    add_endpoint_group_routes(identity, r);
}

}  // namespace onestack::identity::api
