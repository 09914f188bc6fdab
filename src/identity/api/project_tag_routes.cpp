// Project tags (keystone/api/projects.py ProjectTagsResource and
// ProjectTagResource, resource/core.py *_project_tag*): tag changes are
// project updates, so they obey the same immutable and hierarchy rules.
#include "identity/api/project_tag_routes.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "identity/api/common.hpp"
#include "identity/api/resource_requests.hpp"
#include "identity/db/project_store.hpp"
#include "identity/identity.hpp"
#include "identity/resource/project_tags.hpp"
#include "identity/resource/projects.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::http::Verb;

void authorize_on_project(Identity& identity, const Request& req, std::string_view rule) {
    auto project =
        identity.db().read([&](Conn& c) { return db::get_project(c, req.param("project_id")); });
    json::object target;
    if (project) {
        target["project"] = project_target(*project);
    }
    authorize(identity, req, rule, target);
}

Project project_or_404(Conn& c, const std::string& id) {
    auto p = db::get_project(c, id);
    if (!p) {
        throw not_found("project", id);
    }
    return std::move(*p);
}

json::array tags_json(const std::vector<std::string>& tags) {
    json::array out;
    for (const auto& t : tags) {
        out.emplace_back(t);
    }
    return out;
}

// _ProjectTagResourceBase.wrap_member: keystone's self link is full_url()
// of nothing, i.e. the /v3 base plus the query string.
Response tags_response(const Request& req, const std::vector<std::string>& tags) {
    std::string self = url(req, "/v3");
    if (!req.query_string.empty()) {
        self += "?" + req.query_string;
    }
    return json_response(200, {{"links", {{"self", self}}}, {"tags", tags_json(tags)}});
}

Fault immutable_tags(const char* verb, const std::string& project_id) {
    return Fault::forbidden(std::string("Cannot ") + verb + " project tags for " + project_id +
                            ", project is immutable. Set \"immutable\" option to false before "
                            "creating project tags.");
}

// Writes the new tag list through the project update path.
void store_tags(Conn& c, const Project& p, const std::vector<std::string>& tags,
                bool keep_enabled) {
    json::object patch{{"tags", tags_json(tags)}};
    if (keep_enabled) {
        patch["enabled"] = p.enabled;
    }
    resource::update_project(c, p, patch, false);
}

Response list_tags(Identity& identity, Request& req) {
    authorize_on_project(identity, req, "identity:list_project_tags");
    auto project =
        identity.db().read([&](Conn& c) { return project_or_404(c, req.param("project_id")); });
    return tags_response(req, project.tags);
}

// update_project_tags: keystone passes only the tags, so a disabled project
// under a disabled parent cannot be retagged (the update reads as enabling).
std::vector<std::string> replace_tags(Identity& identity, const Request& req,
                                      const std::vector<std::string>& requested) {
    std::vector<std::string> tags;
    for (const auto& t : requested) {
        tags.push_back(resource::strip(t));
    }
    identity.db().write([&](Conn& c) {
        auto project = project_or_404(c, req.param("project_id"));
        if (resource::is_immutable(project)) {
            throw immutable_tags("update", project.id);
        }
        store_tags(c, project, tags, false);
    });
    identity.changed();
    return tags;
}

Response update_tags(Identity& identity, Request& req) {
    authorize_on_project(identity, req, "identity:update_project_tags");
    auto requested = body_member(req, "tags");
    resource::validate_tag_list(requested);
    std::vector<std::string> tags;
    for (const auto& t : requested.as_array()) {
        tags.emplace_back(t.as_string());
    }
    return tags_response(req, replace_tags(identity, req, tags));
}

Response delete_tags(Identity& identity, Request& req) {
    authorize_on_project(identity, req, "identity:delete_project_tags");
    replace_tags(identity, req, {});
    return Response::empty(204);
}

Response check_tag(Identity& identity, Request& req) {
    authorize_on_project(identity, req, "identity:get_project_tag");
    auto project =
        identity.db().read([&](Conn& c) { return project_or_404(c, req.param("project_id")); });
    const auto& tag = req.param("value");
    if (std::find(project.tags.begin(), project.tags.end(), tag) == project.tags.end()) {
        throw Fault::not_found("Could not find project tag: " + tag + ".");
    }
    return Response::empty(204);
}

Response add_tag(Identity& identity, Request& req) {
    authorize_on_project(identity, req, "identity:create_project_tag");
    const auto& project_id = req.param("project_id");
    const auto& tag = req.param("value");
    resource::validate_tag(json::value(tag));
    identity.db().write([&](Conn& c) {
        auto project = project_or_404(c, project_id);
        // The list with the new tag must still be valid: unique, at most 80.
        auto tags = project.tags;
        tags.push_back(tag);
        resource::validate_tag_list(tags_json(tags));
        if (resource::is_immutable(project)) {
            throw immutable_tags("create", project.id);
        }
        tags.back() = resource::strip(tag);
        store_tags(c, project, tags, false);
    });
    identity.changed();
    // keystone joins its /v3 base with the project id, leaving "projects" out.
    auto res = Response::text(201, "", "text/html; charset=utf-8");
    res.set("Location", url(req, "/v3/" + project_id + "/tags/" + tag));
    return res;
}

Response delete_tag(Identity& identity, Request& req) {
    authorize_on_project(identity, req, "identity:delete_project_tag");
    const auto& tag = req.param("value");
    identity.db().write([&](Conn& c) {
        auto project = project_or_404(c, req.param("project_id"));
        if (resource::is_immutable(project)) {
            throw immutable_tags("delete", project.id);
        }
        auto tags = project.tags;
        auto it = std::find(tags.begin(), tags.end(), tag);
        if (it == tags.end()) {
            throw Fault::not_found("Could not find project tag: " + tag + ".");
        }
        tags.erase(it);
        // keystone sends the whole project back, so "enabled" stays as it is.
        store_tags(c, project, tags, true);
    });
    identity.changed();
    return Response::empty(204);
}

}  // namespace

void add_project_tag_routes(Identity& identity, onestack::http::Router& r) {
    auto bind = [&identity](Response (*fn)(Identity&, Request&)) {
        return [&identity, fn](Request& req) { return fn(identity, req); };
    };
    r.add(Verb::get, "/v3/projects/{project_id}/tags", bind(list_tags));
    r.add(Verb::put, "/v3/projects/{project_id}/tags", bind(update_tags));
    r.add(Verb::delete_, "/v3/projects/{project_id}/tags", bind(delete_tags));
    r.add(Verb::get, "/v3/projects/{project_id}/tags/{value}", bind(check_tag));
    r.add(Verb::put, "/v3/projects/{project_id}/tags/{value}", bind(add_tag));
    r.add(Verb::delete_, "/v3/projects/{project_id}/tags/{value}", bind(delete_tag));
}

}  // namespace onestack::identity::api
