// Flavors, their extra specs and access lists (nova/api/openstack/compute/
// flavors.py, flavor_manage.py, flavors_extraspecs.py, flavor_access.py).
#include <charconv>

#include "common/api/pagination.hpp"
#include "common/util/ids.hpp"
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/db/flavor_store.hpp"
#include "compute/api/routes.hpp"
#include "compute/api/schemas.hpp"
#include "compute/api/views.hpp"

namespace onestack::compute::api {
namespace {

using onestack::db::Conn;

Flavor find_flavor(ComputeApi& api, const std::string& id) {
    auto f = api.db().read([&](Conn& c) { return db::get_flavor(c, id); });
    if (!f) {
        throw Fault::not_found("Flavor " + id + " could not be found.");
    }
    return std::move(*f);
}

bool show_specs(ComputeApi& api, const Request& req) {
    return check(api, req, "os_compute_api:os-flavor-extra-specs:index", own_target(req));
}

std::optional<int> int_filter(const Request& req, const char* name) {
    auto v = req.query().get(name);
    if (!v) {
        return std::nullopt;
    }
    int n = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || p != v->data() + v->size() || n < 0) {
        throw Fault::bad_request("Invalid " + std::string(name) + " filter [" + *v + "]");
    }
    return n;
}

Response list(ComputeApi& api, Request& req, bool detail) {
    db::FlavorQuery q;
    if (is_admin(api, req)) {
        auto p = req.query().get("is_public");
        if (!p) {
            q.is_public = true;
        } else {
            std::string lower;
            for (char ch : *p) {
                lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
            }
            if (lower == "none") {
                q.is_public = std::nullopt;
            } else if (lower == "1" || lower == "t" || lower == "true" || lower == "on" ||
                       lower == "y" || lower == "yes") {
                q.is_public = true;
            } else if (lower == "0" || lower == "f" || lower == "false" || lower == "off" ||
                       lower == "n" || lower == "no") {
                q.is_public = false;
            } else {
                throw Fault::bad_request("Invalid is_public filter [" + *p + "]");
            }
        }
    } else {
        q.is_public = true;
        q.disabled = false;
    }
    q.project = req.ctx.project_id;
    q.min_ram = int_filter(req, "minRam");
    q.min_disk = int_filter(req, "minDisk");
    static const std::map<std::string, std::string> kSortKeys = {
        {"created_at", "created_at"},     {"description", "description"}, {"disabled", "disabled"},
        {"ephemeral_gb", "ephemeral_gb"}, {"flavorid", "flavorid"},       {"id", "id"},
        {"is_public", "is_public"},       {"memory_mb", "memory_mb"},     {"name", "name"},
        {"root_gb", "root_gb"},           {"rxtx_factor", "rxtx_factor"}, {"swap", "swap"},
        {"updated_at", "updated_at"},     {"vcpu_weight", "vcpu_weight"}, {"vcpus", "vcpus"}};
    if (auto k = req.query().get("sort_key")) {
        auto it = kSortKeys.find(*k);
        if (it == kSortKeys.end()) {
            throw Fault::bad_request("Invalid sort key");  // nova's InvalidSortKey
        }
        q.sort_key = it->second;
    }
    if (auto d = req.query().get("sort_dir")) {
        if (*d != "asc" && *d != "desc") {
            throw Fault::bad_request("Invalid sort direction");
        }
        q.ascending = *d == "asc";
    }
    auto page = onestack::api::parse_page(req.query(), api.options().max_limit);
    auto flavors = api.db().read([&](Conn& c) { return db::list_flavors(c, q); });
    std::size_t start = 0;
    if (page.marker) {
        auto it = std::find_if(flavors.begin(), flavors.end(),
                               [&](const Flavor& f) { return f.flavorid == *page.marker; });
        if (it == flavors.end()) {
            throw Fault::bad_request("Marker " + *page.marker + " could not be found.");
        }
        start = static_cast<std::size_t>(it - flavors.begin()) + 1;
    }
    auto limit = page.limit_or(api.options().max_limit);
    bool specs = detail && show_specs(api, req);
    json::array out;
    std::string last;
    for (std::size_t i = start; i < flavors.size() && out.size() < limit; ++i) {
        out.push_back(flavor_view(req, flavors[i], detail, specs));
        last = flavors[i].flavorid;
    }
    json::object body{{"flavors", out}};
    auto links = onestack::api::collection_links(req, limit, out.size(), last);
    if (!links.empty()) {
        body["flavors_links"] = links;
    }
    return json_response(200, body);
}

json::object access_list(const std::string& flavorid, const std::vector<std::string>& projects) {
    json::array list;
    for (const auto& p : projects) {
        list.push_back({{"flavor_id", flavorid}, {"tenant_id", p}});
    }
    return {{"flavor_access", list}};
}

Response create(ComputeApi& api, Request& req) {
    authorize(api, req, "os_compute_api:os-flavor-manage:create", {});
    auto b = body(req);
    validate(schema(at_least(req, 2, 55) ? "flavor_manage.create_v2_55" : "flavor_manage.create"),
             b);
    const auto& in = b.at("flavor").as_object();
    auto as_int = [&](const char* k, int dflt) {
        auto* v = in.if_contains(k);
        if (!v || v->is_null()) {
            return dflt;
        }
        if (v->is_string()) {
            return std::stoi(std::string(v->as_string()));
        }
        return static_cast<int>(v->to_number<double>());
    };
    Flavor f;
    f.name = std::string(in.at("name").as_string());
    if (auto* id = in.if_contains("id"); id && !id->is_null()) {
        if (id->is_string()) {
            f.flavorid = std::string(id->as_string());
        } else if (id->is_int64()) {
            f.flavorid = std::to_string(id->as_int64());
        } else {
            // str() of a Python float ("1.5"); nova stores what it was given.
            f.flavorid = json::serialize(*id);
        }
    } else {
        f.flavorid = util::uuid_dashed();
    }
    f.memory_mb = as_int("ram", 0);
    f.vcpus = as_int("vcpus", 0);
    f.root_gb = as_int("disk", 0);
    f.ephemeral_gb = as_int("OS-FLV-EXT-DATA:ephemeral", 0);
    f.swap = as_int("swap", 0);
    if (auto* r = in.if_contains("rxtx_factor")) {
        f.rxtx_factor =
            r->is_string() ? std::stod(std::string(r->as_string())) : r->to_number<double>();
    }
    if (auto* p = in.if_contains("os-flavor-access:is_public")) {
        f.is_public = p->is_bool() ? p->as_bool() : query_bool(p->as_string());
    }
    if (auto* d = in.if_contains("description"); d && d->is_string()) {
        f.description = std::string(d->as_string());
    }
    try {
        api.db().write([&](Conn& c) {
            if (c.query_one("SELECT 1 FROM flavors WHERE name = :n", {f.name})) {
                throw Fault::conflict("Flavor with name " + f.name + " already exists.");
            }
            if (c.query_one("SELECT 1 FROM flavors WHERE flavorid = :f", {f.flavorid})) {
                throw Fault::conflict("Flavor with ID " + f.flavorid + " already exists.");
            }
            db::create_flavor(c, f);
        });
    } catch (const onestack::db::ConstraintError&) {
        throw Fault::conflict("Flavor with ID " + f.flavorid + " already exists.");
    }
    return json_response(200,
                         json::object{{"flavor", flavor_view(req, f, true, show_specs(api, req))}});
}

Response action(ComputeApi& api, Request& req) {
    auto b = body(req);
    auto id = req.param("flavor_id");
    if (b.is_object() && b.as_object().contains("addTenantAccess")) {
        authorize(api, req, "os_compute_api:os-flavor-access:add_tenant_access", {});
        validate(schema("flavor_access.add_tenant_access"), b);
        std::string tenant(b.at("addTenantAccess").at("tenant").as_string());
        auto f = find_flavor(api, id);
        if (at_least(req, 2, 7) && f.is_public) {
            throw Fault::conflict("Can not add access to a public flavor.");
        }
        auto projects = api.db().write([&](Conn& c) {
            if (!db::add_flavor_project(c, f.id, tenant)) {
                throw Fault::conflict("Flavor access already exists for flavor " + id +
                                      " and project " + tenant + " combination.");
            }
            return db::flavor_projects(c, f.id);
        });
        return json_response(200, access_list(id, projects));
    }
    if (b.is_object() && b.as_object().contains("removeTenantAccess")) {
        authorize(api, req, "os_compute_api:os-flavor-access:remove_tenant_access", {});
        validate(schema("flavor_access.remove_tenant_access"), b);
        std::string tenant(b.at("removeTenantAccess").at("tenant").as_string());
        auto f = find_flavor(api, id);
        auto projects = api.db().write([&](Conn& c) {
            if (!db::remove_flavor_project(c, f.id, tenant)) {
                throw Fault::not_found("Flavor access not found for " + id + " / " + tenant +
                                       " combination.");
            }
            return db::flavor_projects(c, f.id);
        });
        return json_response(200, access_list(id, projects));
    }
    throw Fault::bad_request("There is no such action: " +
                             (b.is_object() && !b.as_object().empty()
                                  ? std::string(b.as_object().begin()->key())
                                  : std::string("None")));
}

json::object string_specs(const json::object& in) {
    json::object out;
    for (const auto& [k, v] : in) {
        out[k] = v.is_string() ? v : json::value(json::serialize(v));
    }
    return out;
}

}  // namespace

void add_flavor_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/flavors", [&api](Request& req) { return list(api, req, false); });
    add(r, http::Verb::get, "/flavors/detail",
        [&api](Request& req) { return list(api, req, true); });
    add(r, http::Verb::get, "/flavors/{flavor_id}", [&api](Request& req) {
        auto f = find_flavor(api, req.param("flavor_id"));
        return json_response(
            200, json::object{{"flavor", flavor_view(req, f, true, show_specs(api, req))}});
    });
    add(r, http::Verb::post, "/flavors", [&api](Request& req) { return create(api, req); });
    add(r, http::Verb::put, "/flavors/{flavor_id}", [&api](Request& req) {
        if (!at_least(req, 2, 55)) {
            throw Fault::method_not_allowed();
        }
        authorize(api, req, "os_compute_api:os-flavor-manage:update", {});
        auto b = body(req);
        validate(schema("flavor_manage.update_v2_55"), b);
        auto f = find_flavor(api, req.param("flavor_id"));
        const auto& d = b.at("flavor").at("description");
        f.description = d.is_string() ? std::string(d.as_string()) : std::string();
        api.db().write([&](Conn& c) { db::set_flavor_description(c, f.id, f.description); });
        return json_response(
            200, json::object{{"flavor", flavor_view(req, f, true, show_specs(api, req))}});
    });
    add(r, http::Verb::delete_, "/flavors/{flavor_id}", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-flavor-manage:delete", {});
        auto id = req.param("flavor_id");
        if (!api.db().write([&](Conn& c) { return db::delete_flavor(c, id); })) {
            throw Fault::not_found("Flavor " + id + " could not be found.");
        }
        return Response::empty(202);
    });
    add(r, http::Verb::post, "/flavors/{flavor_id}/action",
        [&api](Request& req) { return action(api, req); });
    add(r, http::Verb::get, "/flavors/{flavor_id}/os-flavor-access", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-flavor-access", own_target(req));
        auto f = find_flavor(api, req.param("flavor_id"));
        if (f.is_public) {
            throw Fault::not_found("Access list not available for public flavors.");
        }
        auto projects = api.db().read([&](Conn& c) { return db::flavor_projects(c, f.id); });
        return json_response(200, access_list(f.flavorid, projects));
    });

    // os-extra_specs
    add(r, http::Verb::get, "/flavors/{flavor_id}/os-extra_specs", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-flavor-extra-specs:index", own_target(req));
        auto f = find_flavor(api, req.param("flavor_id"));
        return json_response(200, json::object{{"extra_specs", f.extra_specs}});
    });
    add(r, http::Verb::post, "/flavors/{flavor_id}/os-extra_specs", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-flavor-extra-specs:create", {});
        auto b = body(req);
        validate(schema("flavors_extraspecs.create"), b);
        auto f = find_flavor(api, req.param("flavor_id"));
        auto specs = string_specs(b.at("extra_specs").as_object());
        api.db().write([&](Conn& c) { db::set_extra_specs(c, f.id, specs); });
        return json_response(200, json::object{{"extra_specs", specs}});
    });
    add(r, http::Verb::get, "/flavors/{flavor_id}/os-extra_specs/{key}", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-flavor-extra-specs:show", own_target(req));
        auto f = find_flavor(api, req.param("flavor_id"));
        auto key = req.param("key");
        auto* v = f.extra_specs.if_contains(key);
        if (!v) {
            throw Fault::not_found("Flavor " + f.flavorid + " has no extra specs with key " + key +
                                   ".");
        }
        return json_response(200, json::object{{key, *v}});
    });
    add(r, http::Verb::put, "/flavors/{flavor_id}/os-extra_specs/{key}", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-flavor-extra-specs:update", {});
        auto b = body(req);
        validate(schema("flavors_extraspecs.update"), b);
        auto key = req.param("key");
        if (!b.as_object().contains(key)) {
            throw Fault::bad_request("Request body and URI mismatch");
        }
        auto f = find_flavor(api, req.param("flavor_id"));
        auto specs = string_specs(b.as_object());
        api.db().write([&](Conn& c) { db::set_extra_specs(c, f.id, specs); });
        return json_response(200, specs);
    });
    add(r, http::Verb::delete_, "/flavors/{flavor_id}/os-extra_specs/{key}", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-flavor-extra-specs:delete", {});
        auto f = find_flavor(api, req.param("flavor_id"));
        auto key = req.param("key");
        if (!api.db().write([&](Conn& c) { return db::delete_extra_spec(c, f.id, key); })) {
            throw Fault::not_found("Flavor " + f.flavorid + " has no extra specs with key " + key +
                                   ".");
        }
        return Response::empty(200);
    });
}

}  // namespace onestack::compute::api
