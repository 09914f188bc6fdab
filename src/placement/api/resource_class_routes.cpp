// /resource_classes[/{name}] (placement/handlers/resource_class.py), mv 1.2+.
#include "placement/api/common.hpp"
#include "placement/api/routes.hpp"
#include "placement/api/schemas.hpp"
#include "placement/ops/resource_classes.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::api {

namespace {

boost::json::object class_json(const std::string& name) {
    return {
        {"name", name},
        {"links", boost::json::array{{{"rel", "self"}, {"href", "/resource_classes/" + name}}}}};
}

Response list_classes(Placement& placement, Request& req) {
    require_version(req, 2);
    check_accept_json(req);
    authorize(placement, req, "placement:resource_classes:list");
    boost::json::array out;
    Timestamp last = 0;
    placement.store().read([&](const Model& m) {
        for (const auto& [id, rc] : m.resource_classes.all()) {
            out.push_back(class_json(rc.name));
            last = std::max(last, rc.updated_at ? rc.updated_at : rc.created_at);
        }
    });
    auto res = json_response(200, {{"resource_classes", out}});
    set_last_modified(req, res, last);
    return res;
}

Response show_class(Placement& placement, Request& req) {
    require_version(req, 2);
    check_accept_json(req);
    authorize(placement, req, "placement:resource_classes:show");
    const auto& name = path_param(req, "name");
    auto entry = placement.store().read([&](const Model& m) {
        const auto* rc = m.resource_classes.find(name);
        if (!rc) {
            throw Fault(404, "No such resource class " + name + ".");
        }
        return *rc;
    });
    auto res = json_response(200, class_json(entry.name));
    // Standard classes have no timestamps worth showing: upstream uses now.
    set_last_modified(req, res,
                      entry.id >= kFirstCustomResourceClassId
                          ? (entry.updated_at ? entry.updated_at : entry.created_at)
                          : now());
    return res;
}

Response create_class(Placement& placement, Request& req) {
    require_version(req, 2);
    require_json_content(req);
    authorize(placement, req, "placement:resource_classes:create");
    auto data = extract_json(req, schemas::resource_class_name()).as_object();
    auto entry =
        ops::create_resource_class(placement.store(), std::string(data.at("name").as_string()));
    Response res(201);
    res.set("Location", "/resource_classes/" + entry.name);
    return res;
}

// mv 1.2-1.6: rename a custom class; 1.7+: create it if missing, no body.
Response update_class(Placement& placement, Request& req) {
    require_version(req, 2);
    const auto& name = path_param(req, "name");
    if (!at_least(req, 7)) {
        require_json_content(req);
        authorize(placement, req, "placement:resource_classes:update");
        auto data = extract_json(req, schemas::resource_class_name()).as_object();
        auto entry = ops::rename_resource_class(placement.store(), name,
                                                std::string(data.at("name").as_string()));
        return json_response(200, class_json(entry.name));
    }
    authorize(placement, req, "placement:resource_classes:update");
    extract_json(boost::json::serialize(boost::json::object{{"name", name}}),
                 schemas::resource_class_name());
    bool created = ops::ensure_resource_class(placement.store(), name);
    Response res(created ? 201 : 204);
    res.set("Location", "/resource_classes/" + name);
    return res;
}

Response delete_class(Placement& placement, Request& req) {
    require_version(req, 2);
    authorize(placement, req, "placement:resource_classes:delete");
    ops::delete_resource_class(placement.store(), path_param(req, "name"));
    return Response::empty(204);
}

}  // namespace

void add_resource_class_routes(Placement& placement, Router& r) {
    using onestack::http::Verb;
    r.add(Verb::get, "/resource_classes", bind(placement, list_classes));
    r.add(Verb::post, "/resource_classes", bind(placement, create_class));
    r.add(Verb::get, "/resource_classes/{name}", bind(placement, show_class));
    r.add(Verb::put, "/resource_classes/{name}", bind(placement, update_class));
    r.add(Verb::delete_, "/resource_classes/{name}", bind(placement, delete_class));
}

}  // namespace onestack::placement::api
