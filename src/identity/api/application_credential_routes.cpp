// /v3/users/{user_id}/application_credentials and /access_rules
// (keystone/api/users.py, keystone/application_credential/core.py).
#include <boost/json.hpp>

#include "common/crypto/base64url.hpp"
#include "common/util/ids.hpp"
#include "common/util/time.hpp"
#include "identity/api/application_credential_views.hpp"
#include "identity/api/common.hpp"
#include "identity/api/delegated_auth.hpp"
#include "identity/api/enforce_call.hpp"
#include "identity/api/routes.hpp"
#include "identity/assignment/effective_roles.hpp"
#include "identity/db/application_credential_store.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/user_store.hpp"
#include "identity/delegation/expiration.hpp"
#include "identity/delegation/trust_rules.hpp"
#include "identity/identity.hpp"
#include "identity/users/passwords.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::http::Verb;

// keystone/application_credential/schema.py: application_credential_create
const onestack::json::Schema& create_schema() {
    static const auto schema = onestack::json::Schema::compile(R"({
      "type": "object",
      "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "[\\S]+"},
        "description": {"type": ["string", "null"]},
        "secret": {"type": ["null", "string"]},
        "expires_at": {"type": ["null", "string"]},
        "roles": {"type": "array", "items": {
          "type": "object",
          "properties": {
            "id": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-zA-Z0-9-]+$"},
            "name": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "[\\S]+"}},
          "minProperties": 1, "maxProperties": 1, "additionalProperties": false}},
        "unrestricted": {"type": "boolean", "enum": [true, false]},
        "access_rules": {"type": "array", "items": {
          "type": "object",
          "properties": {
            "path": {"type": "string", "minLength": 0, "maxLength": 225, "pattern": "^\\/.*"},
            "method": {"type": "string", "pattern": "^(POST|GET|HEAD|PATCH|PUT|DELETE)$"},
            "service": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-zA-Z0-9-]+$"},
            "id": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-zA-Z0-9-]+$"}},
          "additionalProperties": false}}
      },
      "required": ["name"],
      "additionalProperties": true
    })");
    return schema;
}

Fault forbidden_action(const std::string& action) {
    return Fault::forbidden("You are not authorized to perform the requested action: " + action +
                            ".");
}

Fault invalid_app_cred(const std::string& detail) {
    return Fault::bad_request("Invalid application credential: " + detail);
}

Fault app_cred_not_found(const std::string& id) {
    return Fault::not_found("Could not find Application Credential: " + id + ".");
}

Fault access_rule_not_found(const std::string& id) {
    return Fault::not_found("Could not find Access Rule: " + id + ".");
}

// _block_delegated_token_app_creds: trust-scoped and other delegated tokens
// may not touch application credentials (application credential tokens are
// judged by check_unrestricted instead).
void block_delegated_token(const ValidatedToken& token) {
    if (has_method(token, "application_credential")) {
        return;
    }
    if (token.trust || is_delegated_method(token)) {
        throw Fault::forbidden("You are not authorized to perform the requested action.");
    }
}

// _check_unrestricted_application_credential
void check_unrestricted(const ValidatedToken& token) {
    if (has_method(token, "application_credential") &&
        !(token.app_cred && token.app_cred->unrestricted)) {
        throw forbidden_action(
            "Using method 'application_credential' is not allowed for managing additional "
            "application credentials");
    }
}

// _build_user_target_enforcement: {"user": ...} when the path's user exists.
json::object user_target(Identity& identity, const Request& req) {
    auto user = identity.db().read([&](Conn& c) { return db::get_user(c, req.param("user_id")); });
    json::object target;
    if (user) {
        target["user"] = {{"id", user->id}, {"domain_id", user->domain_id}, {"name", user->name}};
    }
    return target;
}

// _update_request_user_id_attribute: policy judges ownership by the
// credential's user, not the user named in the path.
void enforce_on_credential(Identity& identity, Request& req, std::string_view rule) {
    auto owner = identity.db().read([&](Conn& c) -> std::string {
        auto ac = db::get_application_credential(c, req.param("application_credential_id"));
        return ac ? ac->user_id : "";
    });
    json::object target;
    if (!owner.empty()) {
        for (auto& [name, value] : req.path_params) {
            if (name == "user_id") {
                value = owner;
            }
        }
        target["user_id"] = owner;
    }
    enforce_call(identity, req, rule, target);
}

json::object render(Identity& identity, const Request& req, const ApplicationCredential& ac) {
    auto roles = identity.db().read([&](Conn& c) { return db::get_roles(c, ac.role_ids); });
    return application_credential_view(req, ac, roles);
}

// _normalize_role_list: role references by id kept, by name resolved
// (role_api.get_unique_role_by_name: any domain, exact name).
std::vector<std::string> requested_role_ids(Conn& c, const json::array& refs) {
    std::vector<std::string> ids;
    for (const auto& ref : refs) {
        const auto& o = ref.as_object();
        if (auto id = str_or_empty(o, "id"); !id.empty()) {
            ids.push_back(id);
            continue;
        }
        auto name = str_or_empty(o, "name");
        std::vector<Role> found;
        for (auto& r : db::list_all_roles(c)) {
            if (r.name == name) {
                found.push_back(std::move(r));
            }
        }
        if (found.empty()) {
            throw Fault::not_found("Role " + name + " is not defined");
        }
        if (found.size() > 1) {
            throw Fault::bad_request("There are multiple role entities named '" + name +
                                     "'. Please use ID instead of names to resolve the "
                                     "ambiguity.");
        }
        ids.push_back(found.front().id);
    }
    return ids;
}

std::vector<AccessRule> requested_access_rules(const json::object& body) {
    std::vector<AccessRule> rules;
    const auto* list = body.if_contains("access_rules");
    if (!list || !list->is_array()) {
        return rules;
    }
    for (const auto& item : list->as_array()) {
        const auto& o = item.as_object();
        AccessRule rule{str_or_empty(o, "id"), str_or_empty(o, "service"), str_or_empty(o, "path"),
                        str_or_empty(o, "method"), ""};
        if (rule.id.empty()) {
            rule.id = util::uuid_hex();
        }
        rules.push_back(std::move(rule));
    }
    return rules;
}

// _generate_secret: 64 random bytes, URL-safe base64 without padding.
std::string generate_secret() {
    return crypto::base64url_encode(util::random_bytes(64), crypto::Padding::Strip);
}

Response list_application_credentials(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:list_application_credentials");
    block_delegated_token(*caller_token(identity, req));
    auto creds = identity.db().read([&](Conn& c) {
        return db::list_application_credentials(c, req.param("user_id"), query(req, "name"));
    });
    json::array list;
    for (const auto& ac : creds) {
        list.push_back(render(identity, req, ac));
    }
    return json_response(
        200, {{"application_credentials", std::move(list)}, {"links", collection_links(req)}});
}

Response create_application_credential(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:create_application_credential");
    auto body = entity_body(req, "application_credential", create_schema());
    auto token = caller_token(identity, req);
    block_delegated_token(*token);
    check_unrestricted(*token);
    const auto& user_id = req.param("user_id");
    if (req.ctx.user_id != user_id) {
        throw forbidden_action("Cannot create an application credential for another user");
    }

    ApplicationCredential ac;
    ac.id = util::uuid_hex();
    ac.name = str_or_empty(body, "name");
    if (const auto* d = body.if_contains("description"); d && d->is_string()) {
        ac.description = std::string(d->as_string());
    }
    ac.user_id = user_id;
    ac.project_id = req.ctx.project_id;
    if (const auto* u = body.if_contains("unrestricted"); u && u->is_bool()) {
        ac.unrestricted = u->as_bool();
    }
    if (auto e = str_or_empty(body, "expires_at"); !e.empty()) {
        ac.expires_at =
            delegation::stored_time(delegation::parse_expiration_date(e, util::now_unix_micros()));
    }
    ac.access_rules = requested_access_rules(body);
    auto secret = str_or_empty(body, "secret");
    if (secret.empty()) {
        secret = generate_secret();
    }
    // Hashed before the transaction: bcrypt is slow on purpose.
    ac.secret_hash = users::hash_new_password(secret, identity.options());

    std::vector<std::string> token_role_ids;
    for (const auto& r : token->roles) {
        token_role_ids.push_back(r.id);
    }
    const auto* roles = body.if_contains("roles");
    bool explicit_roles = roles && roles->is_array() && !roles->as_array().empty();

    identity.db().write([&](Conn& c) {
        // _get_roles: only roles the token carries, so neither a trustee nor
        // an application credential can widen what it was given.
        if (explicit_roles) {
            ac.role_ids = requested_role_ids(c, roles->as_array());
            if (delegation::first_missing(ac.role_ids, token_role_ids)) {
                throw invalid_app_cred(
                    "Cannot create an application credential with unassigned role");
            }
        } else {
            ac.role_ids = token_role_ids;
        }
        // _require_user_has_role_in_project: the user's effective roles there.
        std::vector<std::string> held;
        if (auto project = db::get_project(c, ac.project_id)) {
            held =
                assignment::expand_implied(c, assignment::project_role_ids(c, user_id, *project));
        }
        if (auto missing = delegation::first_missing(ac.role_ids, held)) {
            throw invalid_app_cred("Could not find role assignment with role: " + *missing +
                                   ", user or group: " + user_id +
                                   ", project, domain, or system: " + ac.project_id + ".");
        }
        if (db::get_application_credential_by_name(c, user_id, ac.name)) {
            throw conflict("application_credential", "Duplicate entry found with name " + ac.name);
        }
        db::insert_application_credential(c, ac);
    });
    auto view = render(identity, req, ac);
    view["secret"] = secret;  // shown this once, never stored
    return json_response(201, {{"application_credential", std::move(view)}});
}

Response get_application_credential(Identity& identity, Request& req) {
    enforce_on_credential(identity, req, "identity:get_application_credential");
    block_delegated_token(*caller_token(identity, req));
    const auto& id = req.param("application_credential_id");
    auto ac = identity.db().read([&](Conn& c) { return db::get_application_credential(c, id); });
    if (!ac) {
        throw app_cred_not_found(id);
    }
    return json_response(200, {{"application_credential", render(identity, req, *ac)}});
}

Response delete_application_credential(Identity& identity, Request& req) {
    enforce_on_credential(identity, req, "identity:delete_application_credential");
    auto token = caller_token(identity, req);
    block_delegated_token(*token);
    check_unrestricted(*token);
    const auto& id = req.param("application_credential_id");
    bool deleted =
        identity.db().write([&](Conn& c) { return db::delete_application_credential(c, id); });
    if (!deleted) {
        throw app_cred_not_found(id);
    }
    // Tokens from it re-check that it exists once the generation moves.
    identity.changed();
    return Response::empty(204);
}

// An access rule of the user in the path; another user's rule is not found.
AccessRule require_access_rule(Identity& identity, const Request& req) {
    const auto& id = req.param("access_rule_id");
    auto rule = identity.db().read([&](Conn& c) { return db::get_access_rule(c, id); });
    if (!rule || rule->user_id != req.param("user_id")) {
        throw access_rule_not_found(id);
    }
    return *rule;
}

Response list_access_rules(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:list_access_rules", user_target(identity, req));
    block_delegated_token(*caller_token(identity, req));
    auto rules =
        identity.db().read([&](Conn& c) { return db::list_access_rules(c, req.param("user_id")); });
    auto service = query(req, "service");
    auto path = query(req, "path");
    auto method = query(req, "method");
    json::array list;
    for (const auto& rule : rules) {
        if ((service && *service != rule.service) || (path && *path != rule.path) ||
            (method && *method != rule.method)) {
            continue;
        }
        list.push_back(access_rule_view(req, rule));
    }
    return json_response(200,
                         {{"access_rules", std::move(list)}, {"links", collection_links(req)}});
}

Response get_access_rule(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:get_access_rule", user_target(identity, req));
    block_delegated_token(*caller_token(identity, req));
    return json_response(
        200, {{"access_rule", access_rule_view(req, require_access_rule(identity, req))}});
}

Response delete_access_rule(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:delete_access_rule", user_target(identity, req));
    block_delegated_token(*caller_token(identity, req));
    auto rule = require_access_rule(identity, req);
    identity.db().write([&](Conn& c) {
        if (db::access_rule_in_use(c, rule.id)) {
            throw Fault::forbidden("May not delete access rule in use");
        }
        db::delete_access_rule(c, rule.id);
    });
    return Response::empty(204);
}

}  // namespace

void add_application_credential_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*fn)(Identity&, Request&)) {
        return [&identity, fn](Request& req) { return fn(identity, req); };
    };
    const std::string creds = "/v3/users/{user_id}/application_credentials";
    r.add(Verb::get, creds, bind(list_application_credentials));
    r.add(Verb::post, creds, bind(create_application_credential));
    r.add(Verb::get, creds + "/{application_credential_id}", bind(get_application_credential));
    r.add(Verb::delete_, creds + "/{application_credential_id}",
          bind(delete_application_credential));
    const std::string rules = "/v3/users/{user_id}/access_rules";
    r.add(Verb::get, rules, bind(list_access_rules));
    r.add(Verb::get, rules + "/{access_rule_id}", bind(get_access_rule));
    r.add(Verb::delete_, rules + "/{access_rule_id}", bind(delete_access_rule));
}

}  // namespace onestack::identity::api
