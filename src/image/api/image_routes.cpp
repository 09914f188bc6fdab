// /v2/images: create, list, show, delete, and an image's tasks
// (glance/api/v2/images.py ImagesController).
#include <set>

#include "common/util/ids.hpp"
#include "image/api/common.hpp"
#include "image/api/image_patch.hpp"
#include "image/api/image_validation.hpp"
#include "image/api/list_params.hpp"
#include "image/api/quotas.hpp"
#include "image/api/routes.hpp"
#include "image/api/views.hpp"
#include "image/db/image_table.hpp"
#include "image/db/task_table.hpp"
#include "image/image_service.hpp"

namespace onestack::image::api {
namespace {

std::optional<std::string> opt_string(const boost::json::value& v) {
    return v.is_string() ? std::optional<std::string>(std::string(v.as_string())) : std::nullopt;
}

// RequestDeserializer.create + ImageFactory.new_image.
ImageRecord image_from_create_body(const boost::json::object& body) {
    for (const char* key : {"direct_url", "self", "file", "schema", "stores"}) {
        if (body.contains(key)) {
            throw Fault::forbidden("Attribute '" + std::string(key) + "' is read-only.");
        }
    }
    validate_against_image_schema(body);
    ImageRecord image;
    std::set<std::string> tags;
    for (const auto& [key, value] : body) {
        std::string k(key);
        if (k == "tags") {
            for (const auto& t : value.as_array()) {
                if (tags.insert(std::string(t.as_string())).second) {
                    image.tags.emplace_back(t.as_string());
                }
            }
        } else if (k == "id") {
            image.id = std::string(value.as_string());
        } else if (k == "name") {
            image.name = opt_string(value);
        } else if (k == "visibility") {
            image.visibility = std::string(value.as_string());
        } else if (k == "protected") {
            image.is_protected = value.as_bool();
        } else if (k == "os_hidden") {
            image.os_hidden = value.as_bool();
        } else if (k == "min_disk" || k == "min_ram") {
            auto n = as_integer(value);
            check_not_negative(k, n);
            (k == "min_disk" ? image.min_disk : image.min_ram) = n;
        } else if (k == "owner") {
            image.owner = opt_string(value);
        } else if (k == "disk_format") {
            image.disk_format = opt_string(value);
        } else if (k == "container_format") {
            image.container_format = opt_string(value);
        } else if (k == "created_at" || k == "updated_at" || k == "status" || k == "checksum" ||
                   k == "os_hash_algo" || k == "os_hash_value" || k == "size" ||
                   k == "virtual_size") {
            throw Fault::forbidden("Attribute '" + k + "' is read-only.");
        } else {
            if (k.size() > 255) {
                throw Fault::bad_request(
                    "Custom property should not be greater than 255 "
                    "characters.");
            }
            if (is_reserved(k) || k == "locations") {
                throw Fault::forbidden("Attribute '" + k + "' is reserved.");
            }
            image.properties[k] = std::string(value.as_string());
        }
    }
    return image;
}

Response create_image(ImageService& svc, Request& req) {
    auto body = json_body(req);
    if (!body.is_object()) {
        validate_against_image_schema(body);
        throw Fault::bad_request("Provided object does not match schema 'image': " +
                                 std::string("expected an object"));
    }
    bool owner_given = body.as_object().contains("owner");
    auto image = image_from_create_body(body.as_object());
    if (!owner_given) {
        image.owner = req.ctx.project_id.empty() ? std::nullopt
                                                 : std::optional<std::string>(req.ctx.project_id);
    }
    // ImageAPIPolicy.add_image
    boost::json::object target{
        {"project_id", image.owner ? boost::json::value(*image.owner) : nullptr},
        {"owner", image.owner ? boost::json::value(*image.owner) : nullptr},
        {"visibility", image.visibility}};
    enforce(svc, req, "add_image", target);
    if (image.visibility == "public") {
        enforce(svc, req, "publicize_image", target);
    } else if (image.visibility == "community") {
        enforce(svc, req, "communitize_image", target);
    }
    if (!is_admin(svc, req) && image.owner.value_or(req.ctx.project_id) != req.ctx.project_id) {
        throw Fault::forbidden("You are not permitted to create images owned by '" +
                               image.owner.value_or("") + "'.");
    }
    enforce_property_and_tag_quota(svc, image);
    if (image.id.empty()) {
        image.id = util::uuid_dashed();
    }
    image.created_at = image.updated_at = now_micros();
    svc.db().write([&](onestack::db::Conn& c) {
        enforce_image_count(svc, c, req.ctx.project_id);
        if (db::find_image(c, image.id)) {
            throw Fault::conflict("Image ID " + image.id + " already exists!");
        }
        db::insert_image(c, image);
    });
    auto res = json_response(201, image_view(image, svc.options()));
    res.set("Location", req.base_url() + "/v2/images/" + image.id);
    std::string methods, stores;
    for (const auto& m : svc.options().enabled_import_methods) {
        methods += (methods.empty() ? "" : ",") + m;
    }
    for (const auto* s : svc.stores().all()) {
        stores += (stores.empty() ? "" : ",") + s->id();
    }
    if (!methods.empty()) {
        res.set("OpenStack-image-import-methods", methods);
    }
    res.set("OpenStack-image-store-ids", stores);
    return res;
}

Response list_images(ImageService& svc, Request& req) {
    std::optional<std::string> marker_id;
    auto query = parse_list_params(req, svc.options(), marker_id);
    enforce(svc, req, "get_images", {{"project_id", req.ctx.project_id}});
    auto v = viewer(svc, req);
    auto images = svc.db().read([&](onestack::db::Conn& c) {
        if (marker_id) {
            auto marker = db::find_image(c, *marker_id);
            if (!marker || !db::is_visible(c, *marker, v)) {
                throw Fault::bad_request("No image found with ID " + *marker_id);
            }
            query.marker = std::move(marker);
        }
        return db::list_images(c, query, v);
    });
    // One arena for the whole answer, released once it is serialized.
    boost::json::monotonic_resource arena;
    boost::json::storage_ptr sp(&arena);
    boost::json::array list(sp);
    list.reserve(images.size());
    for (const auto& i : images) {
        list.push_back(image_view(i, svc.options(), sp));
    }
    boost::json::object body(sp);
    body.insert_or_assign("images", std::move(list));
    body.insert_or_assign("first", list_link(req, ""));
    body.insert_or_assign("schema", "/v2/schemas/images");
    if (!images.empty() && images.size() == query.limit) {
        body.insert_or_assign("next", list_link(req, images.back().id));
    }
    return json_response(200, body);
}

Response show_image(ImageService& svc, Request& req) {
    auto image = visible_image(svc, req, req.param("image_id"));
    if (!check(svc, req, "get_image", image_target(image, req))) {
        throw Fault::not_found("No image found with ID " + image.id);
    }
    return json_response(200, image_view(image, svc.options()));
}

Response delete_image(ImageService& svc, Request& req) {
    const auto& id = req.param("image_id");
    auto image = visible_image(svc, req, id, "Failed to find image " + id + " to delete");
    enforce(svc, req, "delete_image", image_target(image, req));
    require_owner(svc, req, image);
    if (image.is_protected) {
        throw Fault::forbidden("Image " + id + " is protected and cannot be deleted.");
    }
    std::vector<LocationRecord> locations;
    bool deleted = svc.db().write([&](onestack::db::Conn& c) {
        auto current = db::find_image(c, id);
        if (!current) {
            return false;
        }
        if (current->is_protected) {
            throw Fault::forbidden("Image " + id + " is protected and cannot be deleted.");
        }
        locations = current->locations;
        db::delete_image(c, id);
        return true;
    });
    if (!deleted) {
        throw Fault::not_found("Failed to find image " + id + " to delete");
    }
    // Data goes after the row: an upload still streaming finds no image to
    // activate and removes its own file.
    for (const auto& l : locations) {
        if (auto* store = svc.stores().find(l.store)) {
            store->remove(l.url);
        }
    }
    svc.stores().staging().remove(svc.stores().staging().url_of(id));
    return Response::empty(204);
}

Response image_tasks(ImageService& svc, Request& req) {
    const auto& id = req.param("image_id");
    auto image = visible_image(svc, req, id, "The resource could not be found.");
    auto tasks = svc.db().read([&](onestack::db::Conn& c) { return db::tasks_for_image(c, id); });
    boost::json::array list;
    for (const auto& t : tasks) {
        list.push_back(image_task_view(t));
    }
    return json_response(200, {{"tasks", std::move(list)}});
}

}  // namespace

void add_image_routes(ImageService& svc, http::Router& r) {
    r.add(http::Verb::post, "/v2/images", [&svc](Request& req) { return create_image(svc, req); });
    r.add(http::Verb::get, "/v2/images", [&svc](Request& req) { return list_images(svc, req); });
    r.add(http::Verb::get, "/v2/images/{image_id}",
          [&svc](Request& req) { return show_image(svc, req); });
    r.add(http::Verb::patch, "/v2/images/{image_id}",
          [&svc](Request& req) { return patch_image(svc, req); });
    r.add(http::Verb::delete_, "/v2/images/{image_id}",
          [&svc](Request& req) { return delete_image(svc, req); });
    // Glance's reject_method_resource for the collection; "/v2/images/" is an image
    // with an empty id there (404), which our router would read as the collection.
    for (auto verb : {http::Verb::put, http::Verb::patch, http::Verb::delete_}) {
        r.add(verb, "/v2/images", [](Request& req) -> Response {
            if (req.path.ends_with('/')) {
                throw Fault::not_found("The resource could not be found.");
            }
            throw Fault::method_not_allowed().with_header("Allow", "GET, POST");
        });
    }
    r.add(http::Verb::get, "/v2/images/{image_id}/tasks",
          [&svc](Request& req) { return image_tasks(svc, req); });
}

}  // namespace onestack::image::api
