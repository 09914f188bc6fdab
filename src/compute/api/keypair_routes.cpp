// os-keypairs (nova/api/openstack/compute/keypairs.py): per-user key pairs,
// imported or (before mv 2.92) generated; type from 2.2; admins act for
// another user_id from 2.10; paging from 2.35.
#include "common/api/pagination.hpp"
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/db/keypair_store.hpp"
#include "compute/api/db/quota_store.hpp"
#include "compute/api/keypair_crypto.hpp"
#include "compute/api/routes.hpp"
#include "compute/api/schemas.hpp"

namespace onestack::compute::api {
namespace {

using onestack::db::Conn;

// The user a request acts for: ?user_id= from 2.10 (policy decides), else the caller.
std::string acting_user(const Request& req, const std::string& from_body = {}) {
    if (!from_body.empty()) {
        return from_body;
    }
    if (at_least(req, 2, 10)) {
        if (auto u = req.query().get("user_id")) {
            return *u;
        }
    }
    return req.ctx.user_id;
}

json::object view(const db::KeyPair& k, bool show, bool type) {
    json::object o{{"name", k.name}, {"public_key", k.public_key}, {"fingerprint", k.fingerprint}};
    if (show) {
        o["user_id"] = k.user_id;
        o["created_at"] = k.created_at;
        o["deleted"] = false;
        o["deleted_at"] = nullptr;
        o["id"] = k.id;
        o["updated_at"] = nullptr;
    }
    if (type) {
        o["type"] = k.type;
    }
    return o;
}

db::KeyPair find(ComputeApi& api, const std::string& user, const std::string& name) {
    auto k = api.db().read([&](Conn& c) { return db::get_keypair(c, user, name); });
    if (!k) {
        throw Fault::not_found("Keypair " + name + " not found for user " + user);
    }
    return std::move(*k);
}

Response create(ComputeApi& api, Request& req) {
    auto b = body(req);
    const char* name = "keypairs.create";
    if (at_least(req, 2, 92)) {
        name = "keypairs.create_v292";
    } else if (at_least(req, 2, 10)) {
        name = "keypairs.create_v210";
    } else if (at_least(req, 2, 2)) {
        name = "keypairs.create_v22";
    }
    validate(schema(name), b);
    const auto& in = b.at("keypair").as_object();
    std::string body_user;
    if (auto* u = in.if_contains("user_id")) {
        body_user = std::string(u->as_string());
    }
    db::KeyPair k;
    k.user_id = body_user.empty() ? req.ctx.user_id : body_user;
    k.name = normalize_name(in.at("name").as_string());
    if (auto* t = in.if_contains("type")) {
        k.type = std::string(t->as_string());
    }
    authorize(api, req, "os_compute_api:os-keypairs:create", {{"user_id", k.user_id}});
    std::optional<GeneratedKey> generated;
    if (auto* p = in.if_contains("public_key")) {
        k.public_key = std::string(p->as_string());
        auto fp = k.type == "x509" ? x509_fingerprint(k.public_key) : ssh_fingerprint(k.public_key);
        if (!fp) {
            throw Fault::bad_request(
                k.type == "x509" ? "Keypair data is invalid: failed to generate X509 "
                                   "fingerprint. Error message: Unable to load certificate"
                                 : "Keypair data is invalid: failed to generate fingerprint");
        }
        k.fingerprint = *fp;
    } else {
        generated = k.type == "x509" ? generate_x509_key(k.user_id) : generate_ssh_key();
        k.public_key = generated->public_key;
        k.fingerprint = generated->fingerprint;
    }
    api.db().write([&](Conn& c) {
        auto limits = db::project_limits(c, api.options().quota, req.ctx.project_id, k.user_id);
        auto limit = limits["key_pairs"];
        if (limit >= 0 && db::count_keypairs(c, k.user_id) + 1 > limit) {
            throw Fault::forbidden("Quota exceeded, too many key pairs.");
        }
        if (!db::insert_keypair(c, k)) {
            throw Fault::conflict("Key pair '" + k.name + "' already exists.");
        }
    });
    json::object o;
    if (generated) {
        o["private_key"] = generated->private_key;
    }
    if (at_least(req, 2, 2)) {
        o["type"] = k.type;
    }
    o["name"] = k.name;
    o["public_key"] = k.public_key;
    o["fingerprint"] = k.fingerprint;
    o["user_id"] = k.user_id;
    return json_response(at_least(req, 2, 2) ? 201 : 200, json::object{{"keypair", o}});
}

Response list(ComputeApi& api, Request& req) {
    auto user = acting_user(req);
    authorize(api, req, "os_compute_api:os-keypairs:index", {{"user_id", user}});
    std::optional<std::string> marker;
    std::optional<std::size_t> limit;
    bool paging = at_least(req, 2, 35);
    if (paging) {
        auto page = onestack::api::parse_page(req.query(), api.options().max_limit);
        marker = page.marker;
        limit = page.limit_or(api.options().max_limit);
    }
    auto keys = api.db().read([&](Conn& c) -> std::vector<db::KeyPair> {
        if (marker && !db::get_keypair(c, user, *marker)) {
            throw Fault::bad_request("Marker " + *marker + " could not be found.");
        }
        return db::list_keypairs(c, user, marker, limit);
    });
    json::array out;
    for (const auto& k : keys) {
        out.push_back(json::object{{"keypair", view(k, false, at_least(req, 2, 2))}});
    }
    json::object body{{"keypairs", out}};
    if (paging && !keys.empty()) {
        auto links = onestack::api::collection_links(req, *limit, keys.size(), keys.back().name);
        if (!links.empty()) {
            // nova's keypair links point at os-keypairs.
            body["keypairs_links"] = links;
        }
    }
    return json_response(200, body);
}

}  // namespace

void add_keypair_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/os-keypairs", [&api](Request& req) { return list(api, req); });
    add(r, http::Verb::post, "/os-keypairs", [&api](Request& req) { return create(api, req); });
    add(r, http::Verb::get, "/os-keypairs/{name}", [&api](Request& req) {
        auto user = acting_user(req);
        authorize(api, req, "os_compute_api:os-keypairs:show", {{"user_id", user}});
        auto k = find(api, user, req.param("name"));
        return json_response(200, json::object{{"keypair", view(k, true, at_least(req, 2, 2))}});
    });
    add(r, http::Verb::delete_, "/os-keypairs/{name}", [&api](Request& req) {
        auto user = acting_user(req);
        authorize(api, req, "os_compute_api:os-keypairs:delete", {{"user_id", user}});
        auto name = req.param("name");
        if (!api.db().write([&](Conn& c) { return db::delete_keypair(c, user, name); })) {
            throw Fault::not_found("Keypair " + name + " not found for user " + user);
        }
        return Response::empty(at_least(req, 2, 2) ? 204 : 202);
    });
}

}  // namespace onestack::compute::api
