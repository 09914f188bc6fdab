// /resource_providers and /resource_providers/{uuid}
// (placement/handlers/resource_provider.py).
#include "common/util/ids.hpp"
#include "placement/api/common.hpp"
#include "placement/api/query.hpp"
#include "placement/api/routes.hpp"
#include "placement/api/schemas.hpp"
#include "placement/api/views.hpp"
#include "placement/ops/provider_query.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::api {

namespace {

// str(uuid.UUID(text)): lower case, dashed.
std::string canonical_uuid(std::string text) {
    std::string hex;
    for (char c : text) {
        if (std::isxdigit(static_cast<unsigned char>(c))) {
            hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
    }
    if (hex.size() != 32) {
        return text;
    }
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20);
}

Response list_providers(Placement& placement, Request& req) {
    authorize(placement, req, "placement:resource_providers:list");
    check_accept_json(req);
    const int minor = version(req).minor;
    validate_query(req, schemas::list_providers(minor));
    const auto& q = req.query();
    ops::ProviderFilter f;
    if (q.has("member_of")) {
        auto aggs = parse_member_of(req, "");
        f.member_of = std::move(aggs.member_of);
        f.forbidden_aggregates = std::move(aggs.forbidden);
    }
    if (q.has("required")) {
        auto traits = parse_required(req, "");
        f.required_traits = std::move(traits.required);
        f.forbidden_traits = std::move(traits.forbidden);
    }
    // req.GET[key]: the last value of a repeated key.
    auto last = [&](const char* key) -> std::optional<std::string> {
        auto all = q.get_all(key);
        if (all.empty()) {
            return std::nullopt;
        }
        return all.back();
    };
    f.uuid = last("uuid");
    f.name = last("name");
    f.in_tree = last("in_tree");
    if (auto resources = last("resources")) {
        f.resources = parse_resources(*resources);
    }
    boost::json::monotonic_resource arena;
    boost::json::object body(&arena);
    auto& out =
        body.emplace("resource_providers", boost::json::array(&arena)).first->value().as_array();
    Timestamp last_modified = 0;
    placement.store().read([&](const Model& m) {
        auto found = ops::find_providers(m, f);
        out.reserve(found.size());
        for (const Provider* p : found) {
            out.push_back(provider_json(req, ops::view_of(m, *p), &arena));
            last_modified = std::max(last_modified, modified(p->created_at, p->updated_at));
        }
    });
    auto res = json_response(200, body);
    set_last_modified(req, res, last_modified);
    return res;
}

Response create_provider(Placement& placement, Request& req) {
    authorize(placement, req, "placement:resource_providers:create");
    require_json_content(req);
    auto data = extract_json(req, schemas::post_provider(at_least(req, 14))).as_object();
    ops::NewProvider np;
    np.name = std::string(data.at("name").as_string());
    if (auto* u = data.if_contains("uuid"); u && !u->as_string().empty()) {
        np.uuid = canonical_uuid(std::string(u->as_string()));
    } else {
        np.uuid = util::uuid_dashed();
    }
    if (auto* parent = data.if_contains("parent_provider_uuid"); parent && parent->is_string()) {
        np.parent_uuid = std::string(parent->as_string());
    }
    auto view = ops::create_provider(placement.store(), np);
    Response res(201);
    if (at_least(req, 20)) {
        res = json_response(200, provider_json(req, view));
        set_last_modified(req, res, view.last_modified());
    }
    res.set("Location", provider_url(view.uuid));
    return res;
}

Response show_provider(Placement& placement, Request& req) {
    authorize(placement, req, "placement:resource_providers:show");
    check_accept_json(req);
    auto view = placement.store().read([&](const Model& m) {
        return ops::view_of(m, ops::require_provider(m, path_param(req, "uuid")));
    });
    auto res = json_response(200, provider_json(req, view));
    set_last_modified(req, res, view.last_modified());
    return res;
}

Response update_provider(Placement& placement, Request& req) {
    authorize(placement, req, "placement:resource_providers:update");
    require_json_content(req);
    const auto& uuid = path_param(req, "uuid");
    placement.store().read([&](const Model& m) { ops::require_provider(m, uuid); });
    auto data = extract_json(req, schemas::put_provider(at_least(req, 14))).as_object();
    ops::ProviderUpdate upd;
    upd.name = std::string(data.at("name").as_string());
    if (auto* parent = data.if_contains("parent_provider_uuid")) {
        upd.parent_given = true;
        if (parent->is_string()) {
            upd.parent_uuid = std::string(parent->as_string());
        }
    }
    upd.allow_reparenting = at_least(req, 37);
    auto view = ops::update_provider(placement.store(), uuid, upd);
    auto res = json_response(200, provider_json(req, view));
    set_last_modified(req, res, view.last_modified());
    return res;
}

Response delete_provider(Placement& placement, Request& req) {
    authorize(placement, req, "placement:resource_providers:delete");
    ops::delete_provider(placement.store(), path_param(req, "uuid"));
    return Response::empty(204);
}

}  // namespace

void add_provider_routes(Placement& placement, Router& r) {
    using onestack::http::Verb;
    r.add(Verb::get, "/resource_providers", bind(placement, list_providers));
    r.add(Verb::post, "/resource_providers", bind(placement, create_provider));
    r.add(Verb::get, "/resource_providers/{uuid}", bind(placement, show_provider));
    r.add(Verb::put, "/resource_providers/{uuid}", bind(placement, update_provider));
    r.add(Verb::delete_, "/resource_providers/{uuid}", bind(placement, delete_provider));
}

}  // namespace onestack::placement::api
