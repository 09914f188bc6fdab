// /v3/domains: create, list, show, update and delete domains
// (keystone/api/domains.py DomainResource). Domains are projects acting as
// domains; the rules they share with projects live in resource/projects.hpp.
#include <boost/json.hpp>

#include "common/util/ids.hpp"
#include "identity/api/attribute_filters.hpp"
#include "identity/api/common.hpp"
#include "identity/api/resource_requests.hpp"
#include "identity/api/resource_schemas.hpp"
#include "identity/api/routes.hpp"
#include "identity/api/views.hpp"
#include "identity/db/project_store.hpp"
#include "identity/identity.hpp"
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

// ResourceBase._validate_id_format: the id must read back as uuid4().hex.
bool is_uuid_hex(const json::value& v) {
    if (!v.is_string() || v.as_string().size() != 32) {
        return false;
    }
    for (char ch : v.as_string()) {
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::optional<Project> find_domain(Identity& identity, const std::string& id) {
    return identity.db().read([&](Conn& c) { return db::get_domain(c, id); });
}

// keystone loads the domain into the policy target before enforcing, so an
// unknown id is a 404 whatever the caller's rights (update, delete).
Project authorized_existing(Identity& identity, const Request& req, std::string_view rule) {
    const auto& id = req.param("domain_id");
    auto domain = find_domain(identity, id);
    if (!domain) {
        throw not_found("domain", id);
    }
    authorize(identity, req, rule, {{"domain", domain_target(*domain)}});
    return std::move(*domain);
}

Response create_domain(Identity& identity, Request& req) {
    authorize(identity, req, "identity:create_domain");
    auto member = body_member(req, "domain");
    validate(member, domain_create_schema());
    const auto& body = member.as_object();
    Project domain;
    domain.is_domain = true;
    if (const auto* explicit_id = body.if_contains("explicit_domain_id");
        explicit_id && !explicit_id->is_null()) {
        if (!is_uuid_hex(*explicit_id)) {
            throw Fault::bad_request("Domain ID does not conform to required UUID format.");
        }
        domain.id = std::string(explicit_id->as_string());
    } else {
        domain.id = util::uuid_hex();
    }
    apply_create_body(domain, body);
    auto created =
        identity.db().write([&](Conn& c) { return resource::create_project(c, domain); });
    identity.changed();
    return json_response(201, {{"domain", domain_view(req, created)}});
}

Response list_domains(Identity& identity, Request& req) {
    authorize(identity, req, "identity:list_domains");
    auto filters = attribute_filters(req.query(), {"name", "enabled"});
    db::ProjectFilter f;
    f.is_domain = true;
    if (const auto* name = exact_value(filters, "name")) {
        f.name = *name;
    }
    auto domains = identity.db().read([&](Conn& c) { return db::list_projects(c, f); });
    json::array list;
    for (const auto& d : domains) {
        auto view = domain_view(req, d);
        if (matches_all(view, filters)) {
            list.push_back(std::move(view));
        }
    }
    return json_response(200, {{"domains", std::move(list)}, {"links", collection_links(req)}});
}

Response get_domain(Identity& identity, Request& req) {
    const auto& id = req.param("domain_id");
    auto domain = find_domain(identity, id);
    // A missing domain is enforced with an empty target, then a 404.
    json::object target;
    if (domain) {
        target["domain"] = domain_target(*domain);
    }
    authorize(identity, req, "identity:get_domain", target);
    if (!domain) {
        throw not_found("domain", id);
    }
    return json_response(200, {{"domain", domain_view(req, *domain)}});
}

Response update_domain(Identity& identity, Request& req) {
    auto original = authorized_existing(identity, req, "identity:update_domain");
    auto member = body_member(req, "domain");
    validate(member, domain_update_schema());
    auto updated = identity.db().write([&](Conn& c) {
        auto current = db::get_domain(c, original.id);
        if (!current) {
            throw not_found("domain", original.id);
        }
        return resource::update_project(c, *current, member.as_object(), true);
    });
    identity.changed();  // a disabled domain's tokens stop validating
    return json_response(200, {{"domain", domain_view(req, updated)}});
}

Response delete_domain(Identity& identity, Request& req) {
    auto domain = authorized_existing(identity, req, "identity:delete_domain");
    identity.db().write([&](Conn& c) {
        auto current = db::get_domain(c, domain.id);
        if (!current) {
            throw not_found("domain", domain.id);
        }
        resource::delete_domain(identity, c, *current);
    });
    identity.changed();
    return Response::empty(204);
}

}  // namespace

void add_domain_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*fn)(Identity&, Request&)) {
        return [&identity, fn](Request& req) { return fn(identity, req); };
    };
    r.add(Verb::get, "/v3/domains", bind(list_domains));
    r.add(Verb::post, "/v3/domains", bind(create_domain));
    r.add(Verb::get, "/v3/domains/{domain_id}", bind(get_domain));
    r.add(Verb::patch, "/v3/domains/{domain_id}", bind(update_domain));
    r.add(Verb::delete_, "/v3/domains/{domain_id}", bind(delete_domain));
}

}  // namespace onestack::identity::api
