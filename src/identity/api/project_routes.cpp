// /v3/projects: create, list, show (with its place in the hierarchy), update
// and delete projects (keystone/api/projects.py ProjectResource); the tag
// routes are in project_tag_routes.cpp.
#include <boost/json.hpp>

#include "common/util/ids.hpp"
#include "identity/api/attribute_filters.hpp"
#include "identity/api/common.hpp"
#include "identity/api/project_tag_routes.hpp"
#include "identity/api/resource_requests.hpp"
#include "identity/api/resource_schemas.hpp"
#include "identity/api/routes.hpp"
#include "identity/api/views.hpp"
#include "identity/assignment/scopes_for_user.hpp"
#include "identity/db/project_store.hpp"
#include "identity/identity.hpp"
#include "identity/resource/hierarchy.hpp"
#include "identity/resource/project_tags.hpp"
#include "identity/resource/projects.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::http::Verb;

void validate(const json::value& v, const onestack::json::Schema& schema) {
    if (auto err = schema.validate(v)) {
        throw Fault::bad_request(onestack::json::keystone_message(*err));
    }
}

// ResourceBase.query_filter_is_true: present and not "0".
bool query_flag(const Request& req, std::string_view name) {
    auto v = req.query().get(name);
    return v && *v != "0";
}

std::string string_or_empty(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<Project> find_project(Identity& identity, const std::string& id) {
    return identity.db().read([&](Conn& c) { return db::get_project(c, id); });
}

// _build_project_target_enforcement: the project when it exists, else an
// empty target (the 404 comes after the policy check).
std::optional<Project> authorized_project(Identity& identity, const Request& req,
                                          std::string_view rule) {
    auto project = find_project(identity, req.param("project_id"));
    json::object target;
    if (project) {
        target["project"] = project_target(*project);
    }
    authorize(identity, req, rule, target);
    return project;
}

resource::TagQuery tag_query(const Request& req) {
    resource::TagQuery q;
    auto read = [&](const char* name, std::optional<std::vector<std::string>>& into) {
        if (auto v = req.query().get(name)) {
            into = resource::split_tags(*v);
        }
    };
    read("tags", q.all);
    read("tags-any", q.any);
    read("not-tags", q.not_all);
    read("not-tags-any", q.not_any);
    return q;
}

Response list_projects(Identity& identity, Request& req) {
    // A domain-scoped caller is checked against, and limited to, its domain.
    const std::string& scope_domain = req.ctx.domain_id;
    json::object target;
    if (!scope_domain.empty()) {
        target["domain_id"] = scope_domain;
    }
    authorize(identity, req, "identity:list_projects", target);
    auto filters =
        attribute_filters(req.query(), {"domain_id", "enabled", "name", "parent_id", "is_domain"});
    db::ProjectFilter f;
    if (!req.query().has("is_domain")) {
        f.is_domain = false;
    } else if (const auto* v = exact_value(filters, "is_domain")) {
        f.is_domain = attr_as_boolean(*v);
    }
    if (const auto* v = exact_value(filters, "domain_id")) {
        f.domain_id = *v;
    }
    if (const auto* v = exact_value(filters, "parent_id")) {
        f.parent_id = *v;
    }
    if (const auto* v = exact_value(filters, "name")) {
        f.name = *v;
    }
    auto tags = tag_query(req);
    auto projects = identity.db().read([&](Conn& c) { return db::list_projects(c, f); });
    json::array list;
    for (const auto& p : projects) {
        if (!scope_domain.empty() && (p.is_domain || p.domain_id != scope_domain)) {
            continue;
        }
        auto view = project_view(req, p);
        if (matches_all(view, filters) && tags.matches(p.tags)) {
            list.push_back(std::move(view));
        }
    }
    return json_response(200, {{"projects", std::move(list)}, {"links", collection_links(req)}});
}

// list_project_parents / list_projects_in_subtree with a user: only the
// projects the caller has a role on, each wrapped as {"project": {...}}.
json::array visible_projects(const Request& req, const std::vector<Project>& projects,
                             const std::vector<Project>& callers) {
    json::array out;
    for (const auto& p : projects) {
        for (const auto& mine : callers) {
            if (mine.id == p.id) {
                out.push_back(json::object{{"project", project_view(req, p)}});
                break;
            }
        }
    }
    return out;
}

Response get_project(Identity& identity, Request& req) {
    auto project = authorized_project(identity, req, "identity:get_project");
    if (!project) {
        throw not_found("project", req.param("project_id"));
    }
    bool parents_list = query_flag(req, "parents_as_list");
    bool parents_ids = query_flag(req, "parents_as_ids");
    bool subtree_list = query_flag(req, "subtree_as_list");
    bool subtree_ids = query_flag(req, "subtree_as_ids");
    if (parents_list && parents_ids) {
        throw Fault::bad_request(
            "Cannot use parents_as_list and parents_as_ids query params at the same time.");
    }
    if (subtree_list && subtree_ids) {
        throw Fault::bad_request(
            "Cannot use subtree_as_list and subtree_as_ids query params at the same time.");
    }
    auto view = project_view(req, *project);
    if (parents_list || parents_ids || subtree_list || subtree_ids) {
        identity.db().read([&](Conn& c) {
            std::vector<Project> callers;
            if (parents_list || subtree_list) {
                callers = assignment::projects_for_user(c, req.ctx.user_id);
            }
            if (parents_list || parents_ids) {
                auto parents = db::parents_of(c, *project);
                view["parents"] = parents_list
                                      ? json::value(visible_projects(req, parents, callers))
                                      : resource::parents_as_ids(*project, parents);
            }
            if (subtree_list || subtree_ids) {
                auto subtree = db::subtree_of(c, project->id);
                view["subtree"] = subtree_list
                                      ? json::value(visible_projects(req, subtree, callers))
                                      : resource::subtree_as_ids(project->id, subtree);
            }
        });
    }
    return json_response(200, {{"project", std::move(view)}});
}

Response create_project(Identity& identity, Request& req) {
    auto member = body_member(req, "project");
    // keystone enforces with the raw body as target, before validating it.
    authorize(identity, req, "identity:create_project", {{"project", member}});
    validate(member, project_create_schema());
    const auto& body = member.as_object();
    Project p;
    p.id = util::uuid_hex();
    const auto* is_domain = body.if_contains("is_domain");
    p.is_domain = is_domain && is_domain->as_bool();
    p.domain_id = string_or_empty(body, "domain_id");
    if (!p.is_domain && p.domain_id.empty()) {
        // _normalize_domain_id: the domain of a domain-scoped token, else the default.
        p.domain_id =
            req.ctx.domain_id.empty() ? identity.options().default_domain_id : req.ctx.domain_id;
    }
    p.parent_id = string_or_empty(body, "parent_id");
    if (p.parent_id.empty()) {
        p.parent_id = p.domain_id;  // a top-level project hangs off its domain
    }
    apply_create_body(p, body);
    auto created = identity.db().write([&](Conn& c) { return resource::create_project(c, p); });
    identity.changed();
    return json_response(201, {{"project", project_view(req, created)}});
}

Response update_project(Identity& identity, Request& req) {
    const auto& id = req.param("project_id");
    authorized_project(identity, req, "identity:update_project");
    auto member = body_member(req, "project");
    validate(member, project_update_schema());
    // _require_matching_id
    if (const auto* given = member.as_object().if_contains("id");
        given && !given->is_null() && !(given->is_string() && given->as_string() == id)) {
        throw Fault::bad_request("Cannot change ID");
    }
    auto updated = identity.db().write([&](Conn& c) {
        auto current = db::get_project(c, id);
        if (!current) {
            throw not_found("project", id);
        }
        return resource::update_project(c, *current, member.as_object(), false);
    });
    identity.changed();  // a disabled project's tokens stop validating
    return json_response(200, {{"project", project_view(req, updated)}});
}

Response delete_project(Identity& identity, Request& req) {
    const auto& id = req.param("project_id");
    authorized_project(identity, req, "identity:delete_project");
    identity.db().write([&](Conn& c) {
        auto current = db::get_project(c, id);
        if (!current) {
            throw not_found("project", id);
        }
        resource::delete_project(identity, c, *current);
    });
    identity.changed();
    return Response::empty(204);
}

}  // namespace

void add_project_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*fn)(Identity&, Request&)) {
        return [&identity, fn](Request& req) { return fn(identity, req); };
    };
    r.add(Verb::get, "/v3/projects", bind(list_projects));
    r.add(Verb::post, "/v3/projects", bind(create_project));
    r.add(Verb::get, "/v3/projects/{project_id}", bind(get_project));
    r.add(Verb::patch, "/v3/projects/{project_id}", bind(update_project));
    r.add(Verb::delete_, "/v3/projects/{project_id}", bind(delete_project));
    add_project_tag_routes(identity, r);
}

}  // namespace onestack::identity::api
