// POST /v2/images/{id}/import (glance/api/v2/images.py import_image): checks
// the request, takes the image's import lock, records a task and hands the
// work to the import runner; the client follows it through the image's
// status, its os_glance_* properties and /v2/images/{id}/tasks.
#include <algorithm>

#include "common/util/ids.hpp"
#include "image/api/common.hpp"
#include "image/api/routes.hpp"
#include "image/db/image_table.hpp"
#include "image/db/task_table.hpp"
#include "image/image_service.hpp"
#include "image/import/import_runner.hpp"

namespace onestack::image::api {
namespace {

struct ImportRequest {
    std::string method;
    std::vector<std::string> stores;
    bool all_stores = false;
    bool all_stores_must_succeed = true;
};

// _validate_import_body
ImportRequest parse_import(ImageService& svc, const boost::json::value& body) {
    if (!body.is_object()) {
        throw Fault::bad_request("Import request requires a 'method' field.");
    }
    const auto& o = body.as_object();
    const auto* method = o.if_contains("method");
    if (method == nullptr) {
        throw Fault::bad_request("Import request requires a 'method' field.");
    }
    const auto* name = method->is_object() ? method->as_object().if_contains("name") : nullptr;
    if (name == nullptr) {
        throw Fault::bad_request("Import request requires a 'name' field.");
    }
    ImportRequest r;
    r.method = name->is_string() ? std::string(name->as_string()) : boost::json::serialize(*name);
    const auto& enabled = svc.options().enabled_import_methods;
    if (std::find(enabled.begin(), enabled.end(), r.method) == enabled.end()) {
        throw Fault::bad_request("Unknown import method name '" + r.method + "'.");
    }
    if (const auto* v = o.if_contains("all_stores_must_succeed")) {
        if (!v->is_bool()) {
            throw Fault::bad_request("'all_stores_must_succeed' must be boolean value only");
        }
        r.all_stores_must_succeed = v->as_bool();
    }
    if (const auto* v = o.if_contains("all_stores")) {
        if (!v->is_bool()) {
            throw Fault::bad_request("'all_stores' must be boolean value only");
        }
        r.all_stores = v->as_bool();
    }
    if (const auto* v = o.if_contains("stores"); v != nullptr && v->is_array()) {
        for (const auto& s : v->as_array()) {
            if (s.is_string()) {
                r.stores.emplace_back(s.as_string());
            }
        }
    }
    return r;
}

// glance/common/utils.py get_stores_from_request
std::vector<std::string> target_stores(ImageService& svc, const Request& req, ImportRequest& r) {
    std::vector<std::string> stores;
    if (r.all_stores) {
        if (!r.stores.empty()) {
            throw Fault::bad_request(
                "All_stores parameter can't be used with x-image-meta-store "
                "header or stores parameter");
        }
        for (const auto* s : svc.stores().all()) {
            stores.push_back(s->id());
        }
        return stores;
    }
    stores = r.stores;
    if (stores.empty()) {
        std::string header(req.header("x-image-meta-store"));
        stores.push_back(header.empty() ? svc.stores().default_id() : header);
    }
    for (const auto& s : stores) {
        if (svc.stores().find(s) == nullptr) {
            throw Fault::conflict("Unknown scheme '" + s + "' found in URI");
        }
    }
    return stores;
}

Response import_image(ImageService& svc, Request& req) {
    auto body = json_body(req);
    auto r = parse_import(svc, body);
    const auto& id = req.param("image_id");
    auto image = visible_image(svc, req, id);
    const bool copy = r.method == "copy-image";
    if (image.status == "active" && !copy) {
        throw Fault::conflict("Image with status active cannot be target for import");
    }
    if (image.status != "active" && copy) {
        throw Fault::conflict("Only images with status active can be targeted for copying");
    }
    if (image.status != "uploading" && r.method == "glance-direct") {
        throw Fault::conflict("Image needs to be staged before 'glance-direct' method can be used");
    }
    if (!image.container_format) {
        throw Fault::conflict("'container_format' needs to be set before import");
    }
    if (!image.disk_format) {
        throw Fault::conflict("'disk_format' needs to be set before import");
    }
    if (copy) {
        enforce(svc, req, "copy_image", image_target(image, req));
    } else {
        enforce(svc, req, "modify_image", image_target(image, req));
        require_owner(svc, req, image);
    }
    auto stores = target_stores(svc, req, r);
    if (copy) {
        for (const auto& l : image.locations) {
            auto it = std::find(stores.begin(), stores.end(), l.store);
            if (it == stores.end()) {
                continue;
            }
            if (!r.all_stores) {
                throw Fault::bad_request("Image is already present at store '" + l.store + "'");
            }
            stores.erase(it);
        }
        if (stores.empty()) {
            return Response::empty(202);
        }
    }
    TaskRecord task;
    task.id = util::uuid_dashed();
    task.owner = req.ctx.project_id;
    boost::json::array backend;
    for (const auto& s : stores) {
        backend.emplace_back(s);
    }
    task.input = boost::json::serialize(
        boost::json::object{{"image_id", id}, {"import_req", body}, {"backend", backend}});
    task.image_id = id;
    task.request_id = req.ctx.request_id;
    task.user_id = req.ctx.user_id;
    task.created_at = task.updated_at = now_micros();
    std::string store_list;
    for (const auto& s : stores) {
        store_list += (store_list.empty() ? "" : ",") + s;
    }
    svc.db().write([&](onestack::db::Conn& c) {
        if (!db::add_property_if_absent(c, id, "os_glance_import_task", task.id)) {
            throw Fault::conflict("New operation on image '" + id +
                                  "' is not permitted as prior operation is still in progress");
        }
        db::set_property(c, id, "os_glance_importing_to_stores", store_list);
        db::set_property(c, id, "os_glance_failed_import", "");
        db::insert_task(c, task);
    });
    svc.imports().submit({task.id, id, r.method, stores, r.all_stores_must_succeed});
    return Response::empty(202);
}

}  // namespace

void add_import_routes(ImageService& svc, http::Router& r) {
    r.add(http::Verb::post, "/v2/images/{image_id}/import",
          [&svc](Request& req) { return import_image(svc, req); });
}

}  // namespace onestack::image::api
