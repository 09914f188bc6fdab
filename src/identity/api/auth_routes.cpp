// /v3/auth/*: issue, validate, check and revoke tokens; the scopes and
// catalog a token can see (keystone/api/auth.py).
#include <boost/json.hpp>

#include "identity/api/common.hpp"
#include "identity/api/routes.hpp"
#include "identity/api/views.hpp"
#include "identity/assignment/effective_roles.hpp"
#include "identity/assignment/scopes_for_user.hpp"
#include "identity/auth/authenticate.hpp"
#include "identity/catalog/catalog_cache.hpp"
#include "identity/identity.hpp"
#include "identity/token/token_service.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::http::Verb;

std::shared_ptr<const ValidatedToken> caller(Identity& identity, const Request& req) {
    auto t = identity.tokens().validate(req.header("X-Auth-Token"));
    if (!t) {
        throw Fault::unauthorized();
    }
    return t;
}

std::shared_ptr<const ValidatedToken> subject(Identity& identity, const Request& req,
                                              bool allow_expired) {
    auto id = req.header("X-Subject-Token");
    if (id.empty()) {
        throw Fault::not_found("Could not find token: .");
    }
    auto t = identity.tokens().validate(id, allow_expired);
    if (!t) {
        throw Fault::not_found("Could not find token: " + std::string(id) + ".");
    }
    return t;
}

Response token_response(unsigned status, const std::string& id, const std::string& body) {
    auto res = Response::text(status, body, "application/json");
    res.set("X-Subject-Token", id);
    return res;
}

Response issue(Identity& identity, Request& req) {
    auto body = req.json();
    const json::object* auth = nullptr;
    if (body.is_object()) {
        if (auto* a = body.as_object().if_contains("auth"); a && a->is_object()) {
            auth = &a->as_object();
        }
    }
    if (!auth) {
        throw Fault::bad_request(
            "Expecting to find auth in request body. The server could not "
            "comply with the request since it is either malformed or "
            "otherwise incorrect. The client is assumed to be in error.");
    }
    auto issued = authenticate(identity, *auth);
    bool with_catalog = !req.query().has("nocatalog");
    return token_response(201, issued.id, issued.token->body(with_catalog, identity.catalog()));
}

Response validate(Identity& identity, Request& req) {
    auto allow_expired = query_bool(req, "allow_expired").value_or(false);
    auto sub = subject(identity, req, allow_expired);
    authorize(identity, req,
              req.method == Verb::head ? "identity:check_token" : "identity:validate_token",
              {{"token", {{"user_id", sub->user.id}}}});
    bool with_catalog = !req.query().has("nocatalog");
    return token_response(200, std::string(req.header("X-Subject-Token")),
                          sub->body(with_catalog, identity.catalog()));
}

Response revoke(Identity& identity, Request& req) {
    auto sub = subject(identity, req, false);
    authorize(identity, req, "identity:revoke_token", {{"token", {{"user_id", sub->user.id}}}});
    identity.tokens().revoke(*sub);
    return Response::empty(204);
}

Response auth_projects(Identity& identity, Request& req) {
    authorize(identity, req, "identity:get_auth_projects");
    auto me = caller(identity, req);
    auto projects = identity.db().read(
        [&](onestack::db::Conn& c) { return assignment::projects_for_user(c, me->user.id); });
    json::array list;
    for (const auto& p : projects) {
        if (p.enabled) {
            list.push_back(project_view(req, p));
        }
    }
    return json_response(200, {{"projects", std::move(list)}, {"links", collection_links(req)}});
}

Response auth_domains(Identity& identity, Request& req) {
    authorize(identity, req, "identity:get_auth_domains");
    auto me = caller(identity, req);
    auto domains = identity.db().read(
        [&](onestack::db::Conn& c) { return assignment::domains_for_user(c, me->user.id); });
    json::array list;
    for (const auto& d : domains) {
        if (d.enabled) {
            list.push_back(domain_view(req, d));
        }
    }
    return json_response(200, {{"domains", std::move(list)}, {"links", collection_links(req)}});
}

Response auth_system(Identity& identity, Request& req) {
    authorize(identity, req, "identity:get_auth_system");
    auto me = caller(identity, req);
    bool any = !identity.db()
                    .read([&](onestack::db::Conn& c) {
                        return assignment::system_role_ids(c, me->user.id);
                    })
                    .empty();
    json::array system;
    if (any) {
        system.push_back(json::object{{"all", true}});
    }
    return json_response(
        200, {{"system", std::move(system)}, {"links", self_links(req, "/v3/auth/system")}});
}

Response auth_catalog(Identity& identity, Request& req) {
    authorize(identity, req, "identity:get_auth_catalog");
    auto me = caller(identity, req);
    if (!me->project) {
        throw Fault::forbidden("A project-scoped token is required to produce a service catalog.");
    }
    return json_response(200, {{"catalog", identity.catalog().catalog_for(me->project->id)},
                               {"links", self_links(req, "/v3/auth/catalog")}});
}

}  // namespace

void add_auth_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*fn)(Identity&, Request&)) {
        return [&identity, fn](Request& req) { return fn(identity, req); };
    };
    r.add(Verb::post, "/v3/auth/tokens", bind(issue), {.public_route = true});
    r.add(Verb::get, "/v3/auth/tokens", bind(validate));
    r.add(Verb::head, "/v3/auth/tokens", bind(validate));
    r.add(Verb::delete_, "/v3/auth/tokens", bind(revoke));
    r.add(Verb::get, "/v3/auth/projects", bind(auth_projects));
    r.add(Verb::get, "/v3/auth/domains", bind(auth_domains));
    r.add(Verb::get, "/v3/auth/system", bind(auth_system));
    r.add(Verb::get, "/v3/auth/catalog", bind(auth_catalog));
}

}  // namespace onestack::identity::api
