#include "identity/api/ec2_token_routes.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "common/util/time.hpp"
#include "identity/api/common.hpp"
#include "identity/api/enforce_call.hpp"
#include "identity/assignment/effective_roles.hpp"
#include "identity/catalog/catalog_cache.hpp"
#include "identity/db/application_credential_store.hpp"
#include "identity/db/credential_store.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/user_store.hpp"
#include "identity/delegation/ec2_credentials.hpp"
#include "identity/delegation/ec2_signature.hpp"
#include "identity/delegation/expiration.hpp"
#include "identity/delegation/trust_chain.hpp"
#include "identity/identity.hpp"
#include "identity/token/token_service.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::http::Verb;

// [credential] auth_ttl: how old a signed request may be.
constexpr std::int64_t kAuthTtlMicros = 15LL * 60 * 1000000;

// The credentials object under any of the names Keystone has accepted.
json::object signed_request(const Request& req) {
    boost::system::error_code ec;
    auto body = json::parse(req.body, ec);
    if (ec || !body.is_object() || body.as_object().empty()) {
        throw Fault::bad_request("request must include a request body");
    }
    for (auto key : {"credentials", "credential", "ec2Credentials"}) {
        const auto* v = body.as_object().if_contains(key);
        if (v && v->is_object() && !v->as_object().empty()) {
            return v->as_object();
        }
    }
    return {};
}

std::string text_field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : "";
}

bool same(const std::string& a, const std::string& b) {
    // Constant-time over the common length, as utils.auth_str_equal.
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff == 0;
}

// _check_signature: some clients sign without the port, so a mismatch is
// retried with the bare host name.
void check_signature(const std::string& secret, json::object credentials) {
    auto given = text_field(credentials, "signature");
    if (given.empty()) {
        throw Fault::unauthorized();
    }
    auto expected = delegation::ec2_signature(secret, credentials);
    if (expected && same(given, *expected)) {
        return;
    }
    auto host = text_field(credentials, "host");
    if (auto colon = host.rfind(':'); colon != std::string::npos && host.back() != ']') {
        std::string bare = host.substr(0, colon);
        if (bare.size() > 1 && bare.front() == '[' && bare.back() == ']') {
            bare = bare.substr(1, bare.size() - 2);
        }
        std::transform(bare.begin(), bare.end(), bare.begin(), ::tolower);
        credentials["host"] = bare;
        expected = delegation::ec2_signature(secret, credentials);
        if (expected && same(given, *expected)) {
            return;
        }
    }
    throw Fault::unauthorized();
}

// _check_timestamp: a signed Timestamp or X-Amz-Date may not be older than auth_ttl.
void check_timestamp(const json::object& credentials) {
    std::string stamp;
    const auto* params = credentials.if_contains("params");
    const auto* headers = credentials.if_contains("headers");
    if (params && params->is_object()) {
        stamp = text_field(params->as_object(), "Timestamp");
    }
    if (stamp.empty() && headers && headers->is_object()) {
        stamp = text_field(headers->as_object(), "X-Amz-Date");
    }
    if (stamp.empty() && params && params->is_object()) {
        stamp = text_field(params->as_object(), "X-Amz-Date");
    }
    if (stamp.empty()) {
        return;  // the signer left it out on purpose
    }
    auto at = delegation::parse_expiration_micros(stamp);
    if (!at || util::now_unix_micros() > *at + kAuthTtlMicros) {
        throw Fault::unauthorized();
    }
}

Response ec2_tokens(Identity& identity, Request& req) {
    enforce_call(identity, req, "identity:ec2tokens_validate");
    auto credentials = signed_request(req);
    if (!credentials.contains("access")) {
        throw Fault::unauthorized();
    }
    auto access = text_field(credentials, "access");
    auto cred_id = delegation::hash_access_key(access);
    auto cred = identity.db().read([&](Conn& c) { return db::get_credential(c, cred_id); });
    if (!cred) {
        throw not_found("credential", cred_id);
    }
    auto blob = delegation::parse_ec2_blob(cred->blob);
    if (cred->type != delegation::kEc2CredentialType || !blob) {
        throw Fault::unauthorized();
    }
    check_signature(blob->secret.value_or(""), credentials);

    token::TokenPayload p;
    p.methods = {"ec2credential"};
    p.user_id = cred->user_id;
    p.scope = token::Scope::Project;
    p.scope_id = cred->project_id;
    identity.db().read([&](Conn& c) {
        auto project = db::get_project(c, cred->project_id);
        if (!project) {
            throw not_found("project", cred->project_id);
        }
        auto user = db::get_user(c, cred->user_id);
        if (!user) {
            throw not_found("user", cred->user_id);
        }
        if (!user->enabled || !project->enabled) {
            throw Fault::unauthorized();
        }
        check_timestamp(credentials);
        bool any_role = false;
        if (blob->trust_id) {
            auto trust = delegation::get_usable_trust(c, *blob->trust_id, util::now_unix_micros());
            if (!trust) {
                throw not_found("trust", *blob->trust_id);
            }
            // A credential made under an impersonating trust belongs to the
            // trustor; the trust token must still go to the trustee.
            if (trust->impersonation) {
                p.user_id = trust->trustee_user_id;
            }
            p.trust_id = trust->id;
            any_role = !trust->role_ids.empty();
        } else if (blob->app_cred_id) {
            auto ac = db::get_application_credential(c, *blob->app_cred_id);
            if (!ac) {
                throw Fault::not_found(
                    "Could not find Application Credential: " + *blob->app_cred_id + ".");
            }
            if (ac->project_id != cred->project_id) {
                throw Fault::unauthorized();
            }
            p.app_cred_id = ac->id;
            any_role = !ac->role_ids.empty();
        } else {
            any_role = !assignment::project_role_ids(c, user->id, *project).empty();
        }
        if (!any_role) {
            throw Fault::unauthorized();
        }
    });
    auto issued = identity.tokens().issue(p);
    auto res =
        Response::text(200, issued.token->body(true, identity.catalog()), "application/json");
    res.set("X-Subject-Token", issued.id);
    return res;
}

}  // namespace

void add_ec2_token_routes(Identity& identity, onestack::http::Router& r) {
    r.add(Verb::post, "/v3/ec2tokens",
          [&identity](Request& req) { return ec2_tokens(identity, req); });
}

}  // namespace onestack::identity::api
