// Unified limits: /v3/registered_limits, /v3/limits and /v3/limits/model
// with the flat enforcement model (keystone/api/registered_limits.py,
// keystone/api/limits.py, keystone/limit/core.py).
#include <algorithm>
#include <boost/json.hpp>

#include "common/util/ids.hpp"
#include "identity/api/common.hpp"
#include "identity/api/enforce_call.hpp"
#include "identity/api/limit_views.hpp"
#include "identity/api/routes.hpp"
#include "identity/api/views.hpp"
#include "identity/db/catalog_store.hpp"
#include "identity/db/limit_store.hpp"
#include "identity/db/project_store.hpp"
#include "identity/identity.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::http::Verb;

// keystone/limit/schema.py
constexpr const char* kIdString =
    R"({"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-zA-Z0-9-]+$"})";
constexpr const char* kResourceName = R"({"type": "string", "minLength": 1, "maxLength": 255})";
constexpr const char* kLimitValue = R"({"type": "integer", "minimum": -1, "maximum": 2147483647})";
constexpr const char* kDescription = R"({"type": ["string", "null"]})";

std::string registered_limit_properties() {
    return std::string(R"({"service_id": )") + kIdString +
           R"(, "region_id": {"type": ["null", "string"]}, "resource_name": )" + kResourceName +
           R"(, "default_limit": )" + kLimitValue + R"(, "description": )" + kDescription + "}";
}

std::string limit_create_properties(const char* owner) {
    return std::string(R"({")") + owner + R"(": )" + kIdString + R"(, "service_id": )" + kIdString +
           R"(, "region_id": {"type": "string"}, "resource_name": )" + kResourceName +
           R"(, "resource_limit": )" + kLimitValue + R"(, "description": )" + kDescription + "}";
}

const onestack::json::Schema& registered_limit_create_schema() {
    static const auto schema = onestack::json::Schema::compile(
        R"({"type": "array", "minItems": 1, "items": {"type": "object", "properties": )" +
        registered_limit_properties() +
        R"(, "additionalProperties": false,)"
        R"( "required": ["service_id", "resource_name", "default_limit"]}})");
    return schema;
}

const onestack::json::Schema& registered_limit_update_schema() {
    static const auto schema = onestack::json::Schema::compile(
        R"({"type": "object", "properties": )" + registered_limit_properties() +
        R"(, "additionalProperties": false})");
    return schema;
}

const onestack::json::Schema& limit_create_schema() {
    static const auto schema = onestack::json::Schema::compile(
        R"({"type": "array", "minItems": 1, "items": {"type": "object", "oneOf": [)"
        R"({"properties": )" +
        limit_create_properties("project_id") +
        R"(, "required": ["project_id", "service_id", "resource_name", "resource_limit"],)"
        R"( "additionalProperties": false},)"
        R"({"properties": )" +
        limit_create_properties("domain_id") +
        R"(, "required": ["domain_id", "service_id", "resource_name", "resource_limit"],)"
        R"( "additionalProperties": false}]}})");
    return schema;
}

const onestack::json::Schema& limit_update_schema() {
    static const auto schema = onestack::json::Schema::compile(
        std::string(R"({"type": "object", "properties": {"resource_limit": )") + kLimitValue +
        R"(, "description": )" + kDescription + R"(}, "additionalProperties": false})");
    return schema;
}

// The value under `key` ({} when absent), validated as Keystone's
// lazy_validate does.
json::value validated(const Request& req, std::string_view key,
                      const onestack::json::Schema& schema) {
    auto value = raw_entity(req, key);
    if (auto err = schema.validate(value)) {
        throw Fault::bad_request(onestack::json::keystone_message(*err));
    }
    return value;
}

// _require_matching_id
void require_matching_id(const json::object& body, const std::string& id) {
    if (const auto* given = body.if_contains("id"); given && *given != json::value(id)) {
        throw validation_error("Cannot change ID");
    }
}

Fault invalid_reference(const std::string& attribute, const std::string& target) {
    return Fault::bad_request("Expecting to find " + attribute + " in " + target +
                              ". The server could not comply with the request since it is "
                              "either malformed or otherwise incorrect. The client is assumed "
                              "to be in error.");
}

Fault registered_limit_not_found(const std::string& id) {
    return Fault::not_found("Could not find registered limit for " + id + ".");
}

Fault limit_not_found(const std::string& id) {
    return Fault::not_found("Could not find limit for " + id + ".");
}

Fault registered_limit_in_use(const std::string& id) {
    return Fault::forbidden("Unable to update or delete registered limit " + id +
                            " because there are project limits associated with it.");
}

Fault duplicate(const char* type) {
    return conflict(type, "Duplicate entry");
}

std::string opt_field(const json::object& o, std::string_view key) {
    return str_or_empty(o, key);
}

std::optional<std::string> description_of(const json::object& o) {
    const auto* d = o.if_contains("description");
    return d && d->is_string() ? std::optional<std::string>(std::string(d->as_string()))
                               : std::nullopt;
}

// _assert_resource_exist: the service and region a limit names must exist;
// a project that is a domain makes a domain limit.
void require_catalog_refs(Conn& c, const std::string& service_id, const std::string& region_id,
                          const char* target) {
    if (!service_id.empty() && !db::get_service(c, service_id)) {
        throw invalid_reference("service_id", target);
    }
    if (!region_id.empty() && !db::get_region(c, region_id)) {
        throw invalid_reference("region_id", target);
    }
}

void require_owner(Conn& c, Limit& l) {
    if (!l.project_id.empty()) {
        auto project = db::get_project(c, l.project_id);
        if (!project) {
            throw invalid_reference("project_id", "limit");
        }
        if (project->is_domain) {
            l.domain_id = l.project_id;
            l.project_id.clear();
        }
    }
    if (!l.domain_id.empty() && !db::get_domain(c, l.domain_id)) {
        throw invalid_reference("domain_id", "limit");
    }
}

db::LimitFilter filters_of(const Request& req) {
    return {query(req, "service_id"), query(req, "region_id"), query(req, "resource_name"),
            query(req, "project_id"), query(req, "domain_id")};
}

// --- registered limits ----------------------------------------------------

Response create_registered_limits(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:create_registered_limits");
    auto items = validated(req, "registered_limits", registered_limit_create_schema());
    std::vector<RegisteredLimit> created;
    identity.db().write([&](Conn& c) {
        created.clear();
        for (const auto& item : items.as_array()) {
            const auto& o = item.as_object();
            RegisteredLimit r{util::uuid_hex(),
                              opt_field(o, "service_id"),
                              opt_field(o, "region_id"),
                              opt_field(o, "resource_name"),
                              o.at("default_limit").as_int64(),
                              description_of(o)};
            require_catalog_refs(c, r.service_id, r.region_id, "registered_limit");
            if (db::find_registered_limit(c, r.service_id, r.region_id, r.resource_name)) {
                throw duplicate("registered_limit");
            }
            db::insert_registered_limit(c, r);
            created.push_back(std::move(r));
        }
    });
    json::array list;
    for (const auto& r : created) {
        list.push_back(registered_limit_view(req, r));
    }
    return json_response(201, {{"registered_limits", std::move(list)}});
}

Response list_registered_limits(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:list_registered_limits");
    auto found =
        identity.db().read([&](Conn& c) { return db::list_registered_limits(c, filters_of(req)); });
    return list_response(req, "registered_limits", found, registered_limit_view);
}

Response get_registered_limit(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:get_registered_limit");
    const auto& id = req.param("registered_limit_id");
    auto r = identity.db().read([&](Conn& c) { return db::get_registered_limit(c, id); });
    if (!r) {
        throw registered_limit_not_found(id);
    }
    return json_response(200, {{"registered_limit", registered_limit_view(req, *r)}});
}

Response update_registered_limit(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:update_registered_limit");
    auto body = validated(req, "registered_limit", registered_limit_update_schema()).as_object();
    const auto& id = req.param("registered_limit_id");
    require_matching_id(body, id);
    auto updated = identity.db().write([&](Conn& c) {
        require_catalog_refs(c, opt_field(body, "service_id"), opt_field(body, "region_id"),
                             "registered_limit");
        auto r = db::get_registered_limit(c, id);
        if (!r) {
            throw registered_limit_not_found(id);
        }
        if (db::registered_limit_in_use(c, *r)) {
            throw registered_limit_in_use(id);
        }
        if (body.contains("service_id")) {
            r->service_id = opt_field(body, "service_id");
        }
        if (body.contains("region_id")) {
            r->region_id = opt_field(body, "region_id");
        }
        if (body.contains("resource_name")) {
            r->resource_name = opt_field(body, "resource_name");
        }
        if (const auto* l = body.if_contains("default_limit")) {
            r->default_limit = l->as_int64();
        }
        if (body.contains("description")) {
            r->description = description_of(body);
        }
        if (auto other =
                db::find_registered_limit(c, r->service_id, r->region_id, r->resource_name);
            other && other->id != id) {
            throw duplicate("registered_limit");
        }
        db::update_registered_limit(c, *r);
        return *r;
    });
    return json_response(200, {{"registered_limit", registered_limit_view(req, updated)}});
}

Response delete_registered_limit(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:delete_registered_limit");
    const auto& id = req.param("registered_limit_id");
    identity.db().write([&](Conn& c) {
        auto r = db::get_registered_limit(c, id);
        if (!r) {
            throw registered_limit_not_found(id);
        }
        if (db::registered_limit_in_use(c, *r)) {
            throw registered_limit_in_use(id);
        }
        db::delete_registered_limit(c, id);
    });
    return Response::empty(204);
}

// --- limits -----------------------------------------------------------------

Response create_limits(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:create_limits");
    auto items = validated(req, "limits", limit_create_schema());
    std::vector<Limit> created;
    identity.db().write([&](Conn& c) {
        created.clear();
        for (const auto& item : items.as_array()) {
            const auto& o = item.as_object();
            Limit l{util::uuid_hex(),
                    opt_field(o, "project_id"),
                    opt_field(o, "domain_id"),
                    opt_field(o, "service_id"),
                    opt_field(o, "region_id"),
                    opt_field(o, "resource_name"),
                    o.at("resource_limit").as_int64(),
                    description_of(o)};
            require_catalog_refs(c, l.service_id, l.region_id, "limit");
            require_owner(c, l);
            if (!db::find_registered_limit(c, l.service_id, l.region_id, l.resource_name)) {
                // NoLimitReference
                throw Fault::forbidden(
                    "Unable to create a limit that has no corresponding registered limit.");
            }
            if (db::limit_duplicates(c, l)) {
                throw duplicate("limit");
            }
            db::insert_limit(c, l);
            created.push_back(std::move(l));
        }
    });
    json::array list;
    for (const auto& l : created) {
        list.push_back(limit_view(req, l));
    }
    return json_response(201, {{"limits", std::move(list)}});
}

// A system-scoped caller sees every limit; a domain-scoped one the domain's
// and its projects'; a project-scoped one its project's; others none.
Response list_limits(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:list_limits");
    auto filter = filters_of(req);
    std::vector<Limit> visible;
    identity.db().read([&](Conn& c) {
        if (req.ctx.system_scoped()) {
            visible = db::list_limits(c, filter);
        } else if (!req.ctx.domain_id.empty()) {
            std::vector<std::string> project_ids;
            db::ProjectFilter in_domain;
            in_domain.is_domain = false;
            in_domain.domain_id = req.ctx.domain_id;
            for (const auto& p : db::list_projects(c, in_domain)) {
                project_ids.push_back(p.id);
            }
            for (auto& l : db::list_limits(c, filter)) {
                bool mine = l.project_id.empty() ? l.domain_id == req.ctx.domain_id
                                                 : std::find(project_ids.begin(), project_ids.end(),
                                                             l.project_id) != project_ids.end();
                if (mine) {
                    visible.push_back(std::move(l));
                }
            }
        } else if (!req.ctx.project_id.empty()) {
            for (auto& l : db::list_limits(c, filter)) {
                if (l.project_id == req.ctx.project_id) {
                    visible.push_back(std::move(l));
                }
            }
        }
    });
    return list_response(req, "limits", visible, limit_view);
}

// _build_limit_enforcement_target: the limit with its project or domain.
json::object limit_target(Identity& identity, const Request& req, const std::optional<Limit>& l) {
    json::object target;
    if (!l) {
        return target;
    }
    auto limit = limit_view(req, *l);
    identity.db().read([&](Conn& c) {
        if (!l->project_id.empty()) {
            if (auto p = db::get_project(c, l->project_id)) {
                limit["project"] = project_view(req, *p);
            }
        } else if (!l->domain_id.empty()) {
            if (auto d = db::get_domain(c, l->domain_id)) {
                limit["domain"] = domain_view(req, *d);
            }
        }
    });
    target["limit"] = std::move(limit);
    return target;
}

Response get_limit(Identity& identity, Request& req) {
    const auto& id = req.param("limit_id");
    auto l = identity.db().read([&](Conn& c) { return db::get_limit(c, id); });
    enforce_call(identity, req, "identity:get_limit", limit_target(identity, req, l));
    if (!l) {
        throw limit_not_found(id);
    }
    return json_response(200, {{"limit", limit_view(req, *l)}});
}

Response update_limit(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:update_limit");
    auto body = validated(req, "limit", limit_update_schema()).as_object();
    const auto& id = req.param("limit_id");
    require_matching_id(body, id);
    auto updated = identity.db().write([&](Conn& c) {
        auto l = db::get_limit(c, id);
        if (!l) {
            throw limit_not_found(id);
        }
        if (const auto* v = body.if_contains("resource_limit")) {
            l->resource_limit = v->as_int64();
        }
        if (body.contains("description")) {
            l->description = description_of(body);
        }
        db::update_limit(c, *l);
        return *l;
    });
    return json_response(200, {{"limit", limit_view(req, updated)}});
}

Response delete_limit(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:delete_limit");
    const auto& id = req.param("limit_id");
    identity.db().write([&](Conn& c) {
        if (!db::delete_limit(c, id)) {
            throw limit_not_found(id);
        }
    });
    return Response::empty(204);
}

Response get_limit_model(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:get_limit_model");
    return json_response(
        200, {{"model",
               {{"name", "flat"},
                {"description",
                 "Limit enforcement and validation does not take project hierarchy into "
                 "consideration."}}}});
}

}  // namespace

void add_limit_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*fn)(Identity&, Request&)) {
        return [&identity, fn](Request& req) { return fn(identity, req); };
    };
    r.add(Verb::get, "/v3/registered_limits", bind(list_registered_limits));
    r.add(Verb::post, "/v3/registered_limits", bind(create_registered_limits));
    r.add(Verb::get, "/v3/registered_limits/{registered_limit_id}", bind(get_registered_limit));
    r.add(Verb::patch, "/v3/registered_limits/{registered_limit_id}",
          bind(update_registered_limit));
    r.add(Verb::delete_, "/v3/registered_limits/{registered_limit_id}",
          bind(delete_registered_limit));
    r.add(Verb::get, "/v3/limits", bind(list_limits));
    r.add(Verb::post, "/v3/limits", bind(create_limits));
    r.add(Verb::get, "/v3/limits/model", bind(get_limit_model));
    r.add(Verb::get, "/v3/limits/{limit_id}", bind(get_limit));
    r.add(Verb::patch, "/v3/limits/{limit_id}", bind(update_limit));
    r.add(Verb::delete_, "/v3/limits/{limit_id}", bind(delete_limit));
}

}  // namespace onestack::identity::api
