// /v3/roles, implied roles (/v3/roles/{prior}/implies[/{implied}]) and
// /v3/role_inferences (keystone/api/roles.py, role_inferences.py).
#include <boost/json.hpp>

#include "common/util/ids.hpp"
#include "identity/api/assignment_lookups.hpp"
#include "identity/api/common.hpp"
#include "identity/api/role_inference_views.hpp"
#include "identity/api/routes.hpp"
#include "identity/api/views.hpp"
#include "identity/db/role_store.hpp"
#include "identity/identity.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::http::Verb;

// keystone/assignment/schema.py with the role options registry (immutable).
constexpr const char* kRoleProperties =
    R"("properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "[\\S]+"},
        "description": {"type": "string"},
        "options": {"type": "object",
                    "properties": {"immutable": {"type": ["boolean", "null"]}},
                    "additionalProperties": false}
    })";

const onestack::json::Schema& role_create_schema() {
    static const auto schema =
        onestack::json::Schema::compile(std::string(R"({"type": "object", )") + kRoleProperties +
                                        R"(, "required": ["name"], "additionalProperties": true})");
    return schema;
}

const onestack::json::Schema& role_update_schema() {
    static const auto schema =
        onestack::json::Schema::compile(std::string(R"({"type": "object", )") + kRoleProperties +
                                        R"(, "minProperties": 1, "additionalProperties": true})");
    return schema;
}

// [assignment] prohibited_implied_role, at keystone's default.
bool prohibited_implied(const Role& r) {
    return r.name == "admin";
}

// keystone reads `request_body_json.get('role', {})`: a missing member is an
// empty role, which the schema then rejects.
json::object role_member(const Request& req) {
    auto body = req.json();
    if (!body.is_object()) {
        return {};
    }
    return member(body.as_object(), "role");
}

void validate(const json::object& role, const onestack::json::Schema& schema) {
    if (auto err = schema.validate(role)) {
        throw Fault::bad_request(onestack::json::keystone_message(*err));
    }
}

std::string domain_of(const json::object& role) {
    auto it = role.find("domain_id");
    if (it == role.end() || it->value().is_null()) {
        return {};
    }
    if (!it->value().is_string()) {
        throw validation_error("Invalid input for field 'domain_id': not a string.");
    }
    return std::string(it->value().as_string());
}

// keystone's _normalize_dict: ':' and '-' in attribute names become '_'.
std::string normalized(std::string key) {
    for (auto& ch : key) {
        if (ch == ':' || ch == '-') {
            ch = '_';
        }
    }
    return key;
}

void apply_options(Role& role, const json::object& request) {
    auto* options = request.if_contains("options");
    if (!options) {
        return;
    }
    for (const auto& [k, v] : options->as_object()) {
        if (v.is_null()) {
            role.options.erase(k);  // null resets the option
        } else {
            role.options[k] = v;
        }
    }
}

void apply_extra(Role& role, const json::object& request) {
    for (const auto& [k, v] : request) {
        if (k != "id" && k != "name" && k != "domain_id" && k != "description" && k != "options") {
            role.extra[normalized(std::string(k))] = v;
        }
    }
}

Fault duplicate_role(const Role& role, bool domain_in_request) {
    std::string details = "Duplicate entry found with name " + role.name;
    if (domain_in_request && !role.domain_id.empty()) {
        details += " at domain ID " + role.domain_id;
    }
    return conflict("role", details);
}

bool immutable(const Role& r) {
    auto* v = r.options.if_contains("immutable");
    return v && v->is_bool() && v->as_bool();
}

std::optional<Role> find_role(Identity& identity, const std::string& id) {
    return identity.db().read([&](Conn& c) { return db::get_role(c, id); });
}

// keystone enforces the global rule when the role is missing (then 404s),
// the domain rule with the role as target otherwise.
Role authorized_role(Identity& identity, const Request& req, const std::string& id,
                     std::string_view global_rule, std::string_view domain_rule) {
    auto role = find_role(identity, id);
    if (!role || role->domain_id.empty()) {
        authorize(identity, req, global_rule);
        if (!role) {
            throw not_found("role", id);
        }
    } else {
        authorize(identity, req, domain_rule, {{"role", role_target(*role)}});
    }
    return std::move(*role);
}

Response list_roles(Identity& identity, Request& req) {
    auto domain_id = query(req, "domain_id").value_or("");
    authorize(identity, req,
              domain_id.empty() ? "identity:list_roles" : "identity:list_domain_roles");
    auto name = query(req, "name");
    auto roles = identity.db().read([&](Conn& c) { return db::list_roles(c, domain_id, name); });
    return list_response(req, "roles", roles, role_view);
}

Response get_role(Identity& identity, Request& req) {
    auto role = authorized_role(identity, req, req.param("role_id"), "identity:get_role",
                                "identity:get_domain_role");
    return json_response(200, {{"role", role_view(req, role)}});
}

Response create_role(Identity& identity, Request& req) {
    auto request = role_member(req);
    auto domain_id = request.contains("domain_id") && request.at("domain_id").is_string()
                         ? std::string(request.at("domain_id").as_string())
                         : std::string();
    authorize(identity, req,
              domain_id.empty() ? "identity:create_role" : "identity:create_domain_role");
    validate(request, role_create_schema());
    Role role;
    role.id = util::uuid_hex();
    role.name = str_or_empty(request, "name");
    role.domain_id = domain_of(request);
    role.description = str_or_empty(request, "description");
    apply_options(role, request);
    apply_extra(role, request);
    identity.db().write([&](Conn& c) {
        if (db::get_role_by_name(c, role.name, role.domain_id)) {
            throw duplicate_role(role, request.contains("domain_id"));
        }
        db::insert_role(c, role);
    });
    return json_response(201, {{"role", role_view(req, role)}});
}

Response update_role(Identity& identity, Request& req) {
    const auto& id = req.param("role_id");
    authorized_role(identity, req, id, "identity:update_role", "identity:update_domain_role");
    auto request = role_member(req);
    validate(request, role_update_schema());
    if (auto* given = request.if_contains("id");
        given && !given->is_null() && (!given->is_string() || given->as_string() != id)) {
        throw validation_error("Cannot change ID");
    }
    auto role = identity.db().write([&](Conn& c) {
        auto role = role_or_404(c, id);
        if (immutable(role)) {
            // keystone's check_immutable_update: only {"options": {"immutable": false|null}}.
            auto* opts = request.if_contains("options");
            auto* flag =
                opts && opts->is_object() ? opts->as_object().if_contains("immutable") : nullptr;
            bool unsetting = flag && (flag->is_null() || (flag->is_bool() && !flag->as_bool()));
            if (request.size() > 1 || !unsetting) {
                throw Fault::forbidden("Unable to update immutable role resource: `" + id +
                                       ". Set resource option \"immutable\" to false first.");
            }
        }
        if (request.contains("domain_id") && domain_of(request) != role.domain_id) {
            throw validation_error("Update of `domain_id` is not allowed.");
        }
        if (request.contains("name")) {
            role.name = str_or_empty(request, "name");
            auto same = db::get_role_by_name(c, role.name, role.domain_id);
            if (same && same->id != role.id) {
                throw duplicate_role(role, request.contains("domain_id"));
            }
        }
        if (request.contains("description")) {
            role.description = str_or_empty(request, "description");
        }
        apply_options(role, request);
        apply_extra(role, request);
        db::update_role(c, role);
        return role;
    });
    identity.changed();  // token bodies carry role names
    return json_response(200, {{"role", role_view(req, role)}});
}

Response delete_role(Identity& identity, Request& req) {
    const auto& id = req.param("role_id");
    authorized_role(identity, req, id, "identity:delete_role", "identity:delete_domain_role");
    identity.db().write([&](Conn& c) {
        auto role = role_or_404(c, id);
        if (immutable(role)) {
            throw Fault::forbidden("Unable to delete immutable role resource: `" + id +
                                   ". Set resource option \"immutable\" to false first.");
        }
        db::delete_role(c, id);  // with its assignments and inference rules
    });
    identity.changed();
    return Response::empty(204);
}

// keystone builds the implied-role policy target by loading both roles
// first, so a missing one is a 404 before any policy check.
struct RolePair {
    Role prior;
    std::optional<Role> implied;
};

RolePair authorized_pair(Identity& identity, const Request& req, std::string_view rule) {
    auto pair = identity.db().read([&](Conn& c) {
        RolePair p{role_or_404(c, req.param("role_id")), std::nullopt};
        if (!req.param("implied_role_id").empty()) {
            p.implied = role_or_404(c, req.param("implied_role_id"));
        }
        return p;
    });
    json::object target{{"prior_role", role_target(pair.prior)}};
    if (pair.implied) {
        target["implied_role"] = role_target(*pair.implied);
    }
    authorize(identity, req, rule, target);
    return pair;
}

json::object implied_role_body(const Request& req, const Role& prior, const Role& implied) {
    return {{"role_inference",
             {{"prior_role", inference_role_ref(req, prior)},
              {"implies", inference_role_ref(req, implied)}}},
            {"links", self_links(req, "/v3/roles/" + prior.id + "/implies/" + implied.id)}};
}

void require_rule(Conn& c, const Role& prior, const Role& implied) {
    if (!db::has_implied_role(c, prior.id, implied.id)) {
        throw Fault::not_found(prior.id + " does not imply " + implied.id + ".");
    }
}

Response list_implied(Identity& identity, Request& req) {
    auto pair = authorized_pair(identity, req, "identity:list_implied_roles");
    auto implied = identity.db().read([&](Conn& c) {
        std::vector<Role> out;
        for (const auto& id : db::implied_role_ids(c, pair.prior.id)) {
            out.push_back(role_or_404(c, id));
        }
        return out;
    });
    json::array implies;
    for (const auto& r : implied) {
        implies.push_back(inference_role_ref(req, r));
    }
    return json_response(
        200,
        {{"role_inference",
          {{"prior_role", inference_role_ref(req, pair.prior)}, {"implies", std::move(implies)}}},
         {"links", self_links(req, "/v3/roles/" + pair.prior.id + "/implies")}});
}

Response get_implied(Identity& identity, Request& req) {
    auto pair = authorized_pair(identity, req, "identity:get_implied_role");
    identity.db().read([&](Conn& c) { require_rule(c, pair.prior, *pair.implied); });
    return json_response(200, implied_role_body(req, pair.prior, *pair.implied));
}

// keystone's HEAD checks both check_implied_role and get_implied_role and,
// against HTTP, answers 204.
Response check_implied(Identity& identity, Request& req) {
    authorized_pair(identity, req, "identity:check_implied_role");
    auto pair = authorized_pair(identity, req, "identity:get_implied_role");
    identity.db().read([&](Conn& c) { require_rule(c, pair.prior, *pair.implied); });
    return Response::empty(204);
}

Response create_implied(Identity& identity, Request& req) {
    auto pair = authorized_pair(identity, req, "identity:create_implied_role");
    const Role& implied = *pair.implied;
    // InvalidImpliedRole is a security error: its detail never reaches the client.
    if (prohibited_implied(implied) ||
        (pair.prior.domain_id.empty() && !implied.domain_id.empty())) {
        throw Fault::forbidden(implied.id + " cannot be an implied roles.");
    }
    identity.db().write([&](Conn& c) {
        if (db::has_implied_role(c, pair.prior.id, implied.id)) {
            throw conflict("implied_role", "Duplicate entry");
        }
        db::add_implied_role(c, pair.prior.id, implied.id);
    });
    identity.changed();
    return json_response(201, implied_role_body(req, pair.prior, implied));
}

Response delete_implied(Identity& identity, Request& req) {
    auto pair = authorized_pair(identity, req, "identity:delete_implied_role");
    identity.db().write([&](Conn& c) {
        if (!db::remove_implied_role(c, pair.prior.id, pair.implied->id)) {
            throw Fault::not_found(pair.prior.id + " does not imply " + pair.implied->id + ".");
        }
    });
    identity.changed();
    return Response::empty(204);
}

Response list_inferences(Identity& identity, Request& req) {
    authorize(identity, req, "identity:list_role_inference_rules");
    auto [rules, roles] = identity.db().read(
        [&](Conn& c) { return std::make_pair(db::list_implied_roles(c), db::list_all_roles(c)); });
    return json_response(200, {{"role_inferences", role_inferences_view(req, rules, roles)}});
}

}  // namespace

void add_role_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*fn)(Identity&, Request&)) {
        return [&identity, fn](Request& req) { return fn(identity, req); };
    };
    r.add(Verb::get, "/v3/roles", bind(list_roles));
    r.add(Verb::post, "/v3/roles", bind(create_role));
    r.add(Verb::get, "/v3/roles/{role_id}", bind(get_role));
    r.add(Verb::patch, "/v3/roles/{role_id}", bind(update_role));
    r.add(Verb::delete_, "/v3/roles/{role_id}", bind(delete_role));
    r.add(Verb::get, "/v3/roles/{role_id}/implies", bind(list_implied));
    r.add(Verb::get, "/v3/roles/{role_id}/implies/{implied_role_id}", bind(get_implied));
    r.add(Verb::head, "/v3/roles/{role_id}/implies/{implied_role_id}", bind(check_implied));
    r.add(Verb::put, "/v3/roles/{role_id}/implies/{implied_role_id}", bind(create_implied));
    r.add(Verb::delete_, "/v3/roles/{role_id}/implies/{implied_role_id}", bind(delete_implied));
    r.add(Verb::get, "/v3/role_inferences", bind(list_inferences));
}

}  // namespace onestack::identity::api
