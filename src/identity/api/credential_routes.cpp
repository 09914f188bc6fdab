// /v3/credentials (keystone/api/credentials.py) and the OS-EC2 view of the
// "ec2" ones under /v3/users/{user_id}/credentials/OS-EC2 (keystone/api/users.py).
#include <algorithm>
#include <boost/json.hpp>

#include "common/util/ids.hpp"
#include "identity/api/common.hpp"
#include "identity/api/credential_views.hpp"
#include "identity/api/delegated_auth.hpp"
#include "identity/api/ec2_token_routes.hpp"
#include "identity/api/enforce_call.hpp"
#include "identity/api/routes.hpp"
#include "identity/db/credential_store.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/user_store.hpp"
#include "identity/delegation/ec2_credentials.hpp"
#include "identity/identity.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::http::Verb;

// keystone/credential/schema.py
const onestack::json::Schema& create_schema() {
    static const auto schema = onestack::json::Schema::compile(R"({
      "type": "object",
      "properties": {
        "blob": {"type": "string"}, "project_id": {"type": "string"},
        "type": {"type": "string"}, "user_id": {"type": "string"}},
      "additionalProperties": true,
      "oneOf": [
        {"title": "ec2 credential requires project_id",
         "required": ["blob", "type", "user_id", "project_id"],
         "properties": {"type": {"enum": ["ec2"]}}},
        {"title": "non-ec2 credential does not require project_id",
         "required": ["blob", "type", "user_id"],
         "properties": {"type": {"not": {"enum": ["ec2"]}}}}
      ]
    })");
    return schema;
}

// Only the blob may change (LP#2159643: retyping, rescoping or reassigning
// a credential in place is refused).
const onestack::json::Schema& update_schema() {
    static const auto schema = onestack::json::Schema::compile(R"({
      "type": "object",
      "properties": {"blob": {"type": "string"}},
      "additionalProperties": false,
      "required": ["blob"]
    })");
    return schema;
}

constexpr const char* kClientError =
    " The server could not comply with the request since it is either malformed or otherwise "
    "incorrect. The client is assumed to be in error.";

Fault expecting(const std::string& attribute, const std::string& target) {
    return Fault::bad_request("Expecting to find " + attribute + " in " + target + "." +
                              kClientError);
}

Fault credential_not_found(const std::string& id) {
    return Fault::not_found("Could not find credential: " + id + ".");
}

bool is_ec2(const std::string& type) {
    std::string lower = type;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    return lower == delegation::kEc2CredentialType;
}

// _require_primary_auth: delegated tokens (trusts, application credentials,
// EC2) never reach credentials directly.
void require_primary_auth(Identity& identity, const Request& req) {
    auto token = caller_token(identity, req);
    if (token->trust || is_delegated_method(*token)) {
        throw Fault::forbidden(
            "You are not authorized to perform the requested action: Delegated tokens cannot "
            "access credentials directly.");
    }
}

// _validate_blob_json: an ec2 blob is a JSON object with an "access" key.
json::object ec2_blob_object(const std::string& blob) {
    boost::system::error_code ec;
    auto v = json::parse(blob, ec);
    if (ec) {
        throw Fault::bad_request("Invalid blob in credential");
    }
    if (!v.is_object() || v.as_object().empty()) {
        throw expecting("blob", "credential");
    }
    const auto* access = v.as_object().if_contains("access");
    if (!access || access->is_null()) {
        throw expecting("access", "credential");
    }
    return v.as_object();
}

// enforce_call's verdict without the 403 (keystone catches ForbiddenAction).
bool allowed_call(Identity& identity, const Request& req, std::string_view rule,
                  const json::object& target) {
    try {
        enforce_call(identity, req, rule, target);
        return true;
    } catch (const Fault& f) {
        if (f.status() != 403) {
            throw;
        }
        return false;
    }
}

std::optional<Credential> find(Identity& identity, const std::string& id) {
    return identity.db().read([&](Conn& c) { return db::get_credential(c, id); });
}

// _build_target_enforcement: {"credential": ...} when it exists.
json::object credential_target(Identity& identity, const Request& req,
                               const std::optional<Credential>& cred) {
    json::object target;
    if (cred) {
        target["credential"] = credential_view(req, *cred);
    }
    return target;
}

Response list_credentials(Identity& identity, Request& req) {
    json::object target;
    if (!req.ctx.system_scoped()) {
        target["credential"] = {{"user_id", req.ctx.user_id}};
    }
    enforce_call(identity, req, "identity:list_credentials", target);
    db::CredentialFilter filter{query(req, "user_id"), query(req, "type")};
    auto creds = identity.db().read([&](Conn& c) { return db::list_credentials(c, filter); });
    auto token = caller_token(identity, req);
    bool delegated = token->trust || is_delegated_method(*token);
    json::array list;
    // Each one is checked as a GET would be, so callers only see their own
    // unless policy lets them see others'.
    for (const auto& cred : creds) {
        auto view = credential_view(req, cred);
        if (delegated ||
            !allowed_call(identity, req, "identity:get_credential", {{"credential", view}})) {
            continue;
        }
        list.push_back(std::move(view));
    }
    return json_response(200, {{"credentials", std::move(list)}, {"links", collection_links(req)}});
}

Response get_credential(Identity& identity, Request& req) {
    const auto& id = req.param("credential_id");
    auto cred = find(identity, id);
    enforce_call(identity, req, "identity:get_credential", credential_target(identity, req, cred));
    if (!cred) {
        throw credential_not_found(id);
    }
    require_primary_auth(identity, req);
    return json_response(200, {{"credential", credential_view(req, *cred)}});
}

// handle_conflicts' wording: the name when the entity has one, else its id.
Fault duplicate_credential(const json::object& body, const std::string& id) {
    std::string details = "Duplicate entry";
    if (const auto* name = body.if_contains("name"); name && name->is_string()) {
        details += " found with name " + std::string(name->as_string());
    } else {
        details += " found with ID " + id;
    }
    if (const auto* domain = body.if_contains("domain_id"); domain && domain->is_string()) {
        details += " at domain ID " + std::string(domain->as_string());
    }
    return conflict("credential", details);
}

Response create_credential(Identity& identity, Request& req) {
    auto raw = raw_entity(req, "credential");
    enforce_call(identity, req, "identity:create_credential", {{"credential", raw}});
    auto body = entity_body(req, "credential", create_schema());
    require_primary_auth(identity, req);

    Credential cred;
    cred.user_id = str_or_empty(body, "user_id");
    cred.project_id = str_or_empty(body, "project_id");
    cred.type = str_or_empty(body, "type");
    cred.blob = str_or_empty(body, "blob");
    cred.extra = extra_attributes(
        body, {"id", "user_id", "project_id", "type", "blob", "encrypted_blob", "key_hash"});
    if (is_ec2(cred.type)) {
        auto blob = ec2_blob_object(cred.blob);
        const auto& access = blob.at("access");
        cred.id = delegation::hash_access_key(access.is_string() ? std::string(access.as_string())
                                                                 : json::serialize(access));
    } else {
        cred.id = util::uuid_hex();
    }
    identity.db().write([&](Conn& c) {
        if (db::get_credential(c, cred.id)) {
            throw duplicate_credential(body, cred.id);
        }
        db::insert_credential(c, cred);
    });
    return json_response(201, {{"credential", credential_view(req, cred)}});
}

// _validate_blob_update_keys: an ec2 blob keeps what scopes it.
void check_ec2_blob_update(const Credential& current, const std::string& new_blob) {
    if (!is_ec2(current.type)) {
        return;
    }
    auto updated = ec2_blob_object(new_blob);
    boost::system::error_code ec;
    auto old_value = json::parse(current.blob, ec);
    json::object old = !ec && old_value.is_object() ? old_value.as_object() : json::object{};
    for (auto key : {"trust_id", "app_cred_id", "access_token_id", "access_id"}) {
        const auto* a = old.if_contains(key);
        const auto* b = updated.if_contains(key);
        json::value av = a ? *a : json::value(nullptr);
        json::value bv = b ? *b : json::value(nullptr);
        if (av != bv) {
            throw Fault::bad_request(std::string(key) + " can not be updated for credential");
        }
    }
}

Response update_credential(Identity& identity, Request& req) {
    const auto& id = req.param("credential_id");
    auto before = find(identity, id);
    enforce_call(identity, req, "identity:update_credential",
                 credential_target(identity, req, before));
    auto body = entity_body(req, "credential", update_schema());
    if (!before) {
        throw credential_not_found(id);
    }
    require_primary_auth(identity, req);
    auto blob = str_or_empty(body, "blob");
    check_ec2_blob_update(*before, blob);
    auto updated = identity.db().write([&](Conn& c) {
        auto cred = db::get_credential(c, id);
        if (!cred) {
            throw credential_not_found(id);
        }
        cred->blob = blob;
        db::update_credential(c, *cred);
        return *cred;
    });
    return json_response(200, {{"credential", credential_view(req, updated)}});
}

Response delete_credential(Identity& identity, Request& req) {
    const auto& id = req.param("credential_id");
    auto cred = find(identity, id);
    enforce_call(identity, req, "identity:delete_credential",
                 credential_target(identity, req, cred));
    if (!cred) {
        throw credential_not_found(id);
    }
    require_primary_auth(identity, req);
    identity.db().write([&](Conn& c) {
        if (!db::delete_credential(c, id)) {
            throw credential_not_found(id);
        }
    });
    return Response::empty(204);
}

// --- OS-EC2 ---------------------------------------------------------------

void require_user(Identity& identity, const std::string& user_id) {
    if (!identity.db().read([&](Conn& c) { return db::get_user(c, user_id); })) {
        throw not_found("user", user_id);
    }
}

// _build_enforcer_target_data_owner_and_user_id_match: the credential behind
// the access key in the path; a missing one is a 404 before policy.
Credential ec2_credential_for_access(Identity& identity, const Request& req) {
    auto id = delegation::hash_access_key(req.param("credential_id"));
    auto cred = find(identity, id);
    if (!cred) {
        throw credential_not_found(id);
    }
    return *cred;
}

// _get_raw_cred: a credential of another type is not an EC2 access key.
void require_ec2_type(const Credential& cred) {
    if (cred.type != delegation::kEc2CredentialType) {
        throw Fault::unauthorized();
    }
}

Response list_ec2_credentials(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:ec2_list_credentials");
    require_primary_auth(identity, req);
    const auto& user_id = req.param("user_id");
    require_user(identity, user_id);
    auto creds = identity.db().read([&](Conn& c) {
        return db::list_credentials(c, {user_id, std::string(delegation::kEc2CredentialType)});
    });
    return list_response(req, "credentials", creds, ec2_credential_view);
}

Response create_ec2_credential(Identity& identity, Request& req) {
    const auto& user_id = req.param("user_id");
    enforce_call(identity, req, "identity:ec2_create_credential",
                 {{"credential", {{"user_id", user_id}}}});
    require_user(identity, user_id);
    auto tenant = raw_entity(req, "tenant_id");
    std::string tenant_id = tenant.is_string() ? std::string(tenant.as_string()) : "";
    if (!identity.db().read([&](Conn& c) { return db::get_project(c, tenant_id); })) {
        throw not_found("project", tenant_id.empty() ? "None" : tenant_id);
    }
    require_primary_auth(identity, req);
    Credential cred;
    auto access = util::uuid_hex();
    cred.id = delegation::hash_access_key(access);
    cred.user_id = user_id;
    cred.project_id = tenant_id;
    cred.type = delegation::kEc2CredentialType;
    cred.blob = delegation::ec2_blob(access, util::uuid_hex(), req.ctx.trust_id);
    identity.db().write([&](Conn& c) { db::insert_credential(c, cred); });
    return json_response(201, {{"credential", ec2_credential_view(req, cred)}});
}

Response get_ec2_credential(Identity& identity, Request& req) {
    auto cred = ec2_credential_for_access(identity, req);
    enforce_call(identity, req, "identity:ec2_get_credential",
                 {{"credential", credential_view(req, cred)}});
    require_user(identity, req.param("user_id"));
    require_ec2_type(cred);
    require_primary_auth(identity, req);
    return json_response(200, {{"credential", ec2_credential_view(req, cred)}});
}

Response delete_ec2_credential(Identity& identity, Request& req) {
    auto cred = ec2_credential_for_access(identity, req);
    enforce_call(identity, req, "identity:ec2_delete_credential",
                 {{"credential", credential_view(req, cred)}});
    require_user(identity, req.param("user_id"));
    require_ec2_type(cred);
    require_primary_auth(identity, req);
    identity.db().write([&](Conn& c) { db::delete_credential(c, cred.id); });
    return Response::empty(204);
}

}  // namespace

void add_credential_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*fn)(Identity&, Request&)) {
        return [&identity, fn](Request& req) { return fn(identity, req); };
    };
    r.add(Verb::get, "/v3/credentials", bind(list_credentials));
    r.add(Verb::post, "/v3/credentials", bind(create_credential));
    r.add(Verb::get, "/v3/credentials/{credential_id}", bind(get_credential));
    r.add(Verb::patch, "/v3/credentials/{credential_id}", bind(update_credential));
    r.add(Verb::delete_, "/v3/credentials/{credential_id}", bind(delete_credential));
    const std::string ec2 = "/v3/users/{user_id}/credentials/OS-EC2";
    r.add(Verb::get, ec2, bind(list_ec2_credentials));
    r.add(Verb::post, ec2, bind(create_ec2_credential));
    r.add(Verb::get, ec2 + "/{credential_id}", bind(get_ec2_credential));
    r.add(Verb::delete_, ec2 + "/{credential_id}", bind(delete_ec2_credential));
    add_ec2_token_routes(identity, r);
}

}  // namespace onestack::identity::api
