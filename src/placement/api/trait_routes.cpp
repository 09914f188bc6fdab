// /traits[/{name}] and /resource_providers/{uuid}/traits
// (placement/handlers/trait.py), mv 1.6+.
#include <boost/algorithm/string.hpp>

#include "placement/api/common.hpp"
#include "placement/api/routes.hpp"
#include "placement/api/schemas.hpp"
#include "placement/errors.hpp"
#include "placement/ops/providers.hpp"
#include "placement/ops/traits.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::api {

namespace {

Response put_trait(Placement& placement, Request& req) {
    require_version(req, 6);
    authorize(placement, req, "placement:traits:update");
    const auto& name = path_param(req, "name");
    if (!schemas::custom_trait().is_valid(boost::json::value(name))) {
        throw errors::bad_request(
            "The trait is invalid. A valid trait must be no longer than 255 characters, start "
            "with the prefix \"CUSTOM_\" and use following characters: \"A\"-\"Z\", \"0\"-\"9\" "
            "and \"_\"");
    }
    Timestamp created_at = 0;
    bool created = ops::ensure_trait(placement.store(), name, &created_at);
    Response res(created ? 201 : 204);
    res.set("Location", "/traits/" + name);
    set_last_modified(req, res, created_at);
    return res;
}

Response get_trait(Placement& placement, Request& req) {
    require_version(req, 6);
    authorize(placement, req, "placement:traits:show");
    const auto& name = path_param(req, "name");
    auto created_at = placement.store().read([&](const Model& m) {
        const auto* t = m.traits.find(name);
        if (!t) {
            throw Fault(404, "No such trait(s): " + name + ".");
        }
        return t->created_at;
    });
    Response res(204);
    set_last_modified(req, res, created_at);
    return res;
}

Response delete_trait(Placement& placement, Request& req) {
    require_version(req, 6);
    authorize(placement, req, "placement:traits:delete");
    ops::delete_trait(placement.store(), path_param(req, "name"));
    return Response::empty(204);
}

Response list_traits(Placement& placement, Request& req) {
    require_version(req, 6);
    check_accept_json(req);
    authorize(placement, req, "placement:traits:list");
    validate_query(req, schemas::list_traits());
    const auto& q = req.query();
    std::optional<std::vector<std::string>> name_in;
    std::optional<std::string> prefix;
    if (auto all = q.get_all("name"); !all.empty()) {
        const auto& value = all.back();
        auto colon = value.find(':');
        if (colon == std::string::npos) {
            throw errors::bad_request(
                "Badly formatted name parameter. Expected name query string parameter in form: "
                "?name=[in|startswith]:[name1,name2|prefix]. Got: \"" +
                value + "\"");
        }
        auto op = value.substr(0, colon);
        auto rest = value.substr(colon + 1);
        if (op == "in") {
            std::vector<std::string> names;
            boost::algorithm::split(names, rest, boost::is_any_of(","));
            name_in = std::move(names);
        } else if (op == "startswith") {
            prefix = rest;
        }
    }
    std::optional<bool> associated;
    if (auto all = q.get_all("associated"); !all.empty()) {
        auto v = boost::algorithm::to_lower_copy(all.back());
        if (v != "true" && v != "false") {
            throw errors::bad_request(
                "The query parameter \"associated\" only accepts \"true\" or \"false\"");
        }
        associated = v == "true";
    }
    boost::json::array out;
    Timestamp last = 0;
    placement.store().read([&](const Model& m) {
        std::set<int> in_use;
        if (associated) {
            for (const auto& [id, p] : m.providers) {
                in_use.insert(p.traits.begin(), p.traits.end());
            }
        }
        for (const auto& [id, t] : m.traits.all()) {
            if (name_in && std::find(name_in->begin(), name_in->end(), t.name) == name_in->end()) {
                continue;
            }
            if (prefix && t.name.rfind(*prefix, 0) != 0) {
                continue;
            }
            if (associated && (in_use.count(id) > 0) != *associated) {
                continue;
            }
            out.push_back(boost::json::value(t.name));
            last = std::max(last, t.updated_at ? t.updated_at : t.created_at);
        }
    });
    auto res = json_response(200, {{"traits", out}});
    set_last_modified(req, res, last);
    return res;
}

Response list_provider_traits(Placement& placement, Request& req) {
    require_version(req, 6);
    check_accept_json(req);
    authorize(placement, req, "placement:resource_providers:traits:list");
    const auto& uuid = path_param(req, "uuid");
    boost::json::array traits;
    std::int64_t generation = 0;
    Timestamp last = 0;
    placement.store().read([&](const Model& m) {
        const Provider* p = m.provider(uuid);
        if (!p) {
            const std::string msg = "No resource provider with uuid " + uuid + " found";
            throw Fault(404, msg + ": " + msg);
        }
        for (int t : p->traits) {
            const auto* e = m.traits.find(t);
            traits.push_back(boost::json::value(e->name));
            last = std::max(last, e->updated_at ? e->updated_at : e->created_at);
        }
        generation = p->generation;
    });
    auto res =
        json_response(200, {{"traits", traits}, {"resource_provider_generation", generation}});
    set_last_modified(req, res, last);
    return res;
}

Response set_provider_traits(Placement& placement, Request& req) {
    require_version(req, 6);
    require_json_content(req);
    authorize(placement, req, "placement:resource_providers:traits:update");
    auto data = extract_json(req, schemas::set_provider_traits()).as_object();
    std::vector<std::string> names;
    for (const auto& t : data.at("traits").as_array()) {
        names.emplace_back(t.as_string());
    }
    auto result =
        ops::set_provider_traits(placement.store(), path_param(req, "uuid"),
                                 data.at("resource_provider_generation").as_int64(), names);
    boost::json::array traits;
    for (const auto& n : result.traits) {
        traits.push_back(boost::json::value(n));
    }
    auto res = json_response(
        200, {{"traits", traits}, {"resource_provider_generation", result.generation}});
    set_last_modified(req, res, now());
    return res;
}

Response delete_provider_traits(Placement& placement, Request& req) {
    require_version(req, 6);
    authorize(placement, req, "placement:resource_providers:traits:delete");
    ops::delete_provider_traits(placement.store(), path_param(req, "uuid"));
    return Response::empty(204);
}

}  // namespace

void add_trait_routes(Placement& placement, Router& r) {
    using onestack::http::Verb;
    r.add(Verb::get, "/traits", bind(placement, list_traits));
    r.add(Verb::get, "/traits/{name}", bind(placement, get_trait));
    r.add(Verb::put, "/traits/{name}", bind(placement, put_trait));
    r.add(Verb::delete_, "/traits/{name}", bind(placement, delete_trait));
    r.add(Verb::get, "/resource_providers/{uuid}/traits", bind(placement, list_provider_traits));
    r.add(Verb::put, "/resource_providers/{uuid}/traits", bind(placement, set_provider_traits));
    r.add(Verb::delete_, "/resource_providers/{uuid}/traits",
          bind(placement, delete_provider_traits));
}

}  // namespace onestack::placement::api
