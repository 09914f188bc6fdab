// The image proxy (nova/api/openstack/compute/images.py, image_metadata.py,
// views/images.py): Glance's images in the v2.1 shape, with the caller's
// token, up to microversion 2.35 (404 from 2.36, as Nova).
#include <algorithm>

#include "common/http/client.hpp"
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/routes.hpp"
#include "compute/api/views.hpp"

namespace onestack::compute::api {
namespace {

// Glance v2 fields that are not image properties (glance.py _extract_attributes_v2).
bool is_core(std::string_view key) {
    static constexpr std::string_view kCore[] = {"id",           "name",
                                                 "status",       "visibility",
                                                 "protected",    "checksum",
                                                 "os_hash_algo", "os_hash_value",
                                                 "owner",        "size",
                                                 "virtual_size", "min_ram",
                                                 "min_disk",     "container_format",
                                                 "disk_format",  "created_at",
                                                 "updated_at",   "tags",
                                                 "file",         "self",
                                                 "schema",       "locations",
                                                 "direct_url",   "os_hidden",
                                                 "stores",       "deleted",
                                                 "deleted_at"};
    return std::find(std::begin(kCore), std::end(kCore), key) != std::end(kCore);
}

void check_version(const Request& req) {
    if (at_least(req, 2, 36)) {
        throw Fault::not_found("The resource could not be found.");
    }
}

http::ClientResponse glance(ComputeApi& api, const Request& req, http::Verb verb,
                            const std::string& path, const std::string& body = {},
                            const char* content_type = nullptr) {
    http::Headers headers;
    headers.set("X-Auth-Token", req.ctx.auth_token);
    headers.set("Accept", "application/json");
    if (content_type != nullptr) {
        headers.set("Content-Type", content_type);
    }
    try {
        return api.http().request(verb, api.options().image_url + path, headers, body);
    } catch (const http::ClientError& e) {
        throw Fault::unavailable("The image service is not available: " + std::string(e.what()));
    }
}

json::object get_image(ComputeApi& api, const Request& req, const std::string& id) {
    auto res = glance(api, req, http::Verb::get, "/v2/images/" + id);
    if (res.status == 404 || res.status == 403 || res.status == 400) {
        throw Fault::not_found("Image not found.");
    }
    auto v = res.status == 200 ? res.json() : json::value();
    if (!v.is_object()) {
        throw Fault::internal("The image service answered " + std::to_string(res.status));
    }
    return v.as_object();
}

json::object properties(const json::object& image) {
    json::object out;
    for (const auto& [k, v] : image) {
        if (!is_core(k)) {
            out[k] = v.is_string() ? v : json::value(json::serialize(v));
        }
    }
    return out;
}

std::string str(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::int64_t num(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_number() ? v->to_number<std::int64_t>() : 0;
}

std::string nova_status(const std::string& glance_status) {
    if (glance_status == "active") {
        return "ACTIVE";
    }
    if (glance_status == "queued" || glance_status == "saving") {
        return "SAVING";
    }
    if (glance_status == "deleted" || glance_status == "pending_delete") {
        return "DELETED";
    }
    return glance_status == "killed" ? "ERROR" : "UNKNOWN";
}

json::array image_links(ComputeApi& api, const Request& req, const std::string& id) {
    auto links = resource_links(req, "images", id);
    links.push_back({{"rel", "alternate"},
                     {"type", "application/vnd.openstack.image"},
                     {"href", api.options().image_url + "/images/" + id}});
    return links;
}

json::object image_view(ComputeApi& api, const Request& req, const json::object& image,
                        bool detail) {
    auto id = str(image, "id");
    json::object o{{"id", id}, {"name", image.contains("name") ? image.at("name") : nullptr}};
    if (!detail) {
        o["links"] = image_links(api, req, id);
        return o;
    }
    auto status = str(image, "status");
    auto md = properties(image);
    o["minRam"] = num(image, "min_ram");
    o["minDisk"] = num(image, "min_disk");
    o["metadata"] = md;
    o["created"] = str(image, "created_at");
    o["updated"] = str(image, "updated_at");
    o["status"] = nova_status(status);
    o["progress"] = status == "active"   ? 100
                    : status == "saving" ? 50
                    : status == "queued" ? 25
                                         : 0;
    o["OS-EXT-IMG-SIZE:size"] = image.contains("size") ? image.at("size") : nullptr;
    o["links"] = image_links(api, req, id);
    if (auto server = str(md, "instance_uuid"); !server.empty()) {
        o["server"] =
            json::object{{"id", server}, {"links", resource_links(req, "servers", server)}};
    }
    if (auto adc = str(md, "auto_disk_config"); !adc.empty()) {
        o["OS-DCF:diskConfig"] = adc == "True" || adc == "true" || adc == "1" ? "AUTO" : "MANUAL";
    }
    return o;
}

// Every image the caller sees, newest first (Glance's default order).
std::vector<json::object> all_images(ComputeApi& api, const Request& req) {
    std::vector<json::object> out;
    std::string next = "/v2/images?limit=1000";
    while (!next.empty()) {
        auto res = glance(api, req, http::Verb::get, next);
        if (res.status != 200) {
            throw Fault::internal("The image service answered " + std::to_string(res.status));
        }
        auto page = res.json().as_object();
        for (const auto& i : page.at("images").as_array()) {
            out.push_back(i.as_object());
        }
        next = str(page, "next");
    }
    return out;
}

// images.py SUPPORTED_FILTERS (name, status, changes-since, server, type,
// minRam, minDisk) and property-<key>, then marker/limit.
Response list_images(ComputeApi& api, Request& req, bool detail) {
    check_version(req);
    const auto& q = req.query();
    std::vector<json::object> shown;
    for (auto& image : all_images(api, req)) {
        auto md = properties(image);
        auto want = [&](const char* param, const std::string& have) {
            auto v = q.get(param);
            return !v || *v == have;
        };
        auto at_least_q = [&](const char* param, std::int64_t have) {
            auto v = q.get(param);
            return !v || have >= std::atoll(v->c_str());
        };
        auto server = q.get("server");
        if (server && server->rfind('/') != std::string::npos) {
            server = server->substr(server->rfind('/') + 1);
        }
        bool keep =
            want("name", str(image, "name")) &&
            (!q.get("status") || nova_status(str(image, "status")) == *q.get("status")) &&
            (!server || str(md, "instance_uuid") == *server) &&
            want("type", str(md, "image_type")) && at_least_q("minRam", num(image, "min_ram")) &&
            at_least_q("minDisk", num(image, "min_disk")) &&
            (!q.get("changes-since") || str(image, "updated_at") >= *q.get("changes-since"));
        for (const auto& [k, v] : q.items()) {
            if (k.starts_with("property-") && str(md, k.substr(9).c_str()) != v) {
                keep = false;
            }
        }
        if (keep) {
            shown.push_back(std::move(image));
        }
    }
    std::size_t from = 0;
    if (auto marker = q.get("marker")) {
        auto it = std::find_if(shown.begin(), shown.end(),
                               [&](const json::object& i) { return str(i, "id") == *marker; });
        if (it == shown.end()) {
            throw Fault::bad_request("marker [" + *marker + "] not found");
        }
        from = static_cast<std::size_t>(it - shown.begin()) + 1;
    }
    std::size_t limit = shown.size();
    if (auto l = q.get("limit")) {
        limit = static_cast<std::size_t>(std::max(0LL, std::atoll(l->c_str())));
    }
    json::array out;
    for (std::size_t i = from; i < shown.size() && out.size() < limit; ++i) {
        out.push_back(image_view(api, req, shown[i], detail));
    }
    json::object body{{"images", out}};
    if (q.get("limit") && !out.empty() && out.size() == limit) {
        auto last = std::string(out.back().as_object().at("id").as_string());
        body["images_links"] =
            json::array{{{"rel", "next"},
                         {"href", req.base_url() + "/v2.1/images" + (detail ? "/detail" : "") +
                                      "?limit=" + std::to_string(limit) + "&marker=" + last}}};
    }
    return json_response(200, body);
}

// Replaces (or merges into) the image's properties with a JSON patch.
json::object patch_properties(ComputeApi& api, const Request& req, const std::string& id,
                              const json::object& wanted, bool replace_all) {
    auto image = get_image(api, req, id);
    auto have = properties(image);
    json::array ops;
    if (replace_all) {
        for (const auto& [k, v] : have) {
            if (!wanted.contains(k)) {
                ops.push_back({{"op", "remove"}, {"path", "/" + std::string(k)}});
            }
        }
    }
    for (const auto& [k, v] : wanted) {
        ops.push_back({{"op", have.contains(k) ? "replace" : "add"},
                       {"path", "/" + std::string(k)},
                       {"value", v.is_string() ? v : json::value(json::serialize(v))}});
    }
    auto res = glance(api, req, http::Verb::patch, "/v2/images/" + id, json::serialize(ops),
                      "application/openstack-images-v2.1-json-patch");
    if (res.status == 403) {
        throw Fault::forbidden("You are not allowed to modify the image.");
    }
    if (res.status == 404) {
        throw Fault::not_found("Image not found.");
    }
    if (res.status == 413) {
        throw Fault::forbidden("Quota exceeded for metadata_items.");
    }
    if (res.status != 200) {
        throw Fault::bad_request("The image service refused the metadata: " + res.body);
    }
    return properties(res.json().as_object());
}

json::object metadata_body(const Request& req, const char* key) {
    auto b = body(req);
    if (!b.is_object() || !b.as_object().contains(key) || !b.as_object().at(key).is_object()) {
        throw Fault::bad_request("Malformed request body");
    }
    for (const auto& [k, v] : b.as_object().at(key).as_object()) {
        if (!v.is_string()) {
            throw Fault::bad_request("Invalid metadata value for key " + std::string(k));
        }
    }
    return b.as_object().at(key).as_object();
}

}  // namespace

void add_image_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/images",
        [&api](Request& req) { return list_images(api, req, false); });
    add(r, http::Verb::get, "/images/detail",
        [&api](Request& req) { return list_images(api, req, true); });
    add(r, http::Verb::get, "/images/{image_id}", [&api](Request& req) {
        check_version(req);
        auto image = get_image(api, req, req.param("image_id"));
        return json_response(200, json::object{{"image", image_view(api, req, image, true)}});
    });
    add(r, http::Verb::delete_, "/images/{image_id}", [&api](Request& req) {
        check_version(req);
        auto res = glance(api, req, http::Verb::delete_, "/v2/images/" + req.param("image_id"));
        if (res.status == 404) {
            throw Fault::not_found("Image not found.");
        }
        if (res.status == 403) {
            throw Fault::forbidden("You are not allowed to delete the image.");
        }
        if (res.status >= 300) {
            throw Fault::internal("The image service answered " + std::to_string(res.status));
        }
        return Response::empty(204);
    });
    add(r, http::Verb::get, "/images/{image_id}/metadata", [&api](Request& req) {
        check_version(req);
        auto image = get_image(api, req, req.param("image_id"));
        return json_response(200, json::object{{"metadata", properties(image)}});
    });
    add(r, http::Verb::post, "/images/{image_id}/metadata", [&api](Request& req) {
        check_version(req);
        auto md = patch_properties(api, req, req.param("image_id"), metadata_body(req, "metadata"),
                                   false);
        return json_response(200, json::object{{"metadata", md}});
    });
    add(r, http::Verb::put, "/images/{image_id}/metadata", [&api](Request& req) {
        check_version(req);
        auto md =
            patch_properties(api, req, req.param("image_id"), metadata_body(req, "metadata"), true);
        return json_response(200, json::object{{"metadata", md}});
    });
    add(r, http::Verb::get, "/images/{image_id}/metadata/{key}", [&api](Request& req) {
        check_version(req);
        auto md = properties(get_image(api, req, req.param("image_id")));
        auto key = req.param("key");
        if (!md.contains(key)) {
            throw Fault::not_found("Image metadata key not found");
        }
        return json_response(200, json::object{{"meta", json::object{{key, md.at(key)}}}});
    });
    add(r, http::Verb::put, "/images/{image_id}/metadata/{key}", [&api](Request& req) {
        check_version(req);
        auto meta = metadata_body(req, "meta");
        auto key = req.param("key");
        if (!meta.contains(key)) {
            throw Fault::bad_request("Request body and URI mismatch");
        }
        if (meta.size() > 1) {
            throw Fault::bad_request("Request body contains too many items");
        }
        auto md = patch_properties(api, req, req.param("image_id"), meta, false);
        return json_response(200, json::object{{"meta", json::object{{key, md.at(key)}}}});
    });
    add(r, http::Verb::delete_, "/images/{image_id}/metadata/{key}", [&api](Request& req) {
        check_version(req);
        auto id = req.param("image_id");
        auto key = req.param("key");
        if (!properties(get_image(api, req, id)).contains(key)) {
            throw Fault::not_found("Image metadata key not found");
        }
        json::array ops{{{"op", "remove"}, {"path", "/" + key}}};
        auto res = glance(api, req, http::Verb::patch, "/v2/images/" + id, json::serialize(ops),
                          "application/openstack-images-v2.1-json-patch");
        if (res.status == 403) {
            throw Fault::forbidden("You are not allowed to modify the image.");
        }
        if (res.status != 200) {
            throw Fault::not_found("Image not found.");
        }
        return Response::empty(204);
    });
}

}  // namespace onestack::compute::api
