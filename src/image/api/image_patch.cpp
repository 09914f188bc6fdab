#include "image/api/image_patch.hpp"

#include <regex>

#include "image/api/image_validation.hpp"
#include "image/api/quotas.hpp"
#include "image/api/views.hpp"
#include "image/db/image_table.hpp"
#include "image/image_service.hpp"

namespace onestack::image::api {
namespace {

struct Change {
    std::string op;                 // add, remove, replace
    std::vector<std::string> path;  // decoded JSON pointer
    boost::json::value value;
    int draft = 10;
};

const char* const kOps = "add, remove, replace";

// _decode_json_pointer / _validate_json_pointer
std::vector<std::string> decode_pointer(const std::string& pointer) {
    static const std::regex adjacent(R"(/\s*?/)");
    static const std::regex bad_escape("~[^01]");
    if (pointer.empty() || pointer[0] != '/') {
        throw Fault::bad_request("Pointer `" + pointer + "` does not start with \"/\".");
    }
    if (std::regex_search(pointer.substr(1), adjacent)) {
        throw Fault::bad_request("Pointer `" + pointer + "` contains adjacent \"/\".");
    }
    if (pointer.size() > 1 && pointer.back() == '/') {
        throw Fault::bad_request("Pointer `" + pointer + "` end with \"/\".");
    }
    if (std::regex_search(pointer, bad_escape) || pointer.back() == '~') {
        throw Fault::bad_request("Pointer `" + pointer +
                                 "` contains \"~\" not part of a recognized escape sequence.");
    }
    std::vector<std::string> parts;
    std::size_t start = 1;
    for (;;) {
        auto slash = pointer.find('/', start);
        std::string part =
            pointer.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        std::string decoded;
        for (std::size_t i = 0; i < part.size(); ++i) {
            if (part[i] == '~' && i + 1 < part.size()) {
                decoded.push_back(part[i + 1] == '1' ? '/' : '~');
                ++i;
            } else {
                decoded.push_back(part[i]);
            }
        }
        // .strip()
        auto b = decoded.find_first_not_of(" \t\r\n\f\v");
        auto e = decoded.find_last_not_of(" \t\r\n\f\v");
        parts.push_back(b == std::string::npos ? "" : decoded.substr(b, e - b + 1));
        if (slash == std::string::npos) {
            break;
        }
        start = slash + 1;
    }
    return parts;
}

std::string joined(const std::vector<std::string>& path) {
    std::string s;
    for (std::size_t i = 0; i < path.size(); ++i) {
        s += (i ? "/" : "") + path[i];
    }
    return s;
}

Change parse_change(const boost::json::value& raw, int draft) {
    if (!raw.is_object()) {
        throw Fault::bad_request("Operations must be JSON objects.");
    }
    const auto& o = raw.as_object();
    Change c;
    c.draft = draft;
    std::string pointer;
    if (draft == 10) {
        auto* op = o.if_contains("op");
        if (op == nullptr || op->is_null()) {
            throw Fault::bad_request(
                std::string("Unable to find `op` in JSON Schema change. It must be one of the "
                            "following: ") +
                kOps + ".");
        }
        c.op = op->is_string() ? std::string(op->as_string()) : boost::json::serialize(*op);
        if (c.op != "add" && c.op != "remove" && c.op != "replace") {
            throw Fault::bad_request("Invalid operation: `" + c.op +
                                     "`. It must be one of the following: " + kOps + ".");
        }
        auto* path = o.if_contains("path");
        if (path == nullptr) {
            throw Fault::bad_request("Unable to find 'path' in JSON Schema change");
        }
        pointer = path->is_string() ? std::string(path->as_string()) : "";
    } else {
        for (const char* name : {"add", "remove", "replace"}) {
            if (o.contains(name)) {
                if (!c.op.empty()) {
                    throw Fault::bad_request(
                        "Operation objects must contain only one member "
                        "named \"add\", \"remove\", or \"replace\".");
                }
                c.op = name;
            }
        }
        if (c.op.empty()) {
            throw Fault::bad_request(
                "Operation objects must contain exactly one member named "
                "\"add\", \"remove\", or \"replace\".");
        }
        const auto& p = o.at(c.op);
        pointer = p.is_string() ? std::string(p.as_string()) : "";
    }
    c.path = decode_pointer(pointer);
    // _validate_path: only "locations" may be deeper than one level.
    std::size_t depth = 1;
    if (c.path[0] == "locations") {
        depth = c.op == "replace" ? 1 : 2;
    }
    if (c.path.size() != depth) {
        throw Fault::bad_request("Invalid JSON pointer for this resource: '/" + joined(c.path) +
                                 "'");
    }
    if (c.op != "remove") {
        auto* value = o.if_contains("value");
        if (value == nullptr) {
            throw Fault::bad_request("Operation \"" + c.op +
                                     "\" requires a member named \"value\".");
        }
        c.value = *value;
    }
    // _validate_change
    const auto& root = c.path[0];
    if (is_readonly(root)) {
        throw Fault::forbidden("Attribute '" + root + "' is read-only.");
    }
    if (is_reserved(root)) {
        throw Fault::forbidden("Attribute '" + root + "' is reserved.");
    }
    if (c.op != "remove") {
        if (c.path.size() == 1) {
            validate_against_image_schema(boost::json::object{{root, c.value}});
        } else if (root == "locations") {
            validate_against_image_schema(boost::json::object{{root, boost::json::array{c.value}}});
        }
    }
    return c;
}

std::optional<std::string> opt_string(const boost::json::value& v) {
    return v.is_string() ? std::optional<std::string>(std::string(v.as_string())) : std::nullopt;
}

// setattr(image, name, value) for a base attribute.
void set_attribute(ImageRecord& image, const std::string& name, const boost::json::value& value) {
    if (name == "name") {
        image.name = opt_string(value);
    } else if (name == "visibility") {
        image.visibility = std::string(value.as_string());
    } else if (name == "protected") {
        image.is_protected = value.as_bool();
    } else if (name == "os_hidden") {
        image.os_hidden = value.as_bool();
    } else if (name == "min_disk" || name == "min_ram") {
        auto n = as_integer(value);
        check_not_negative(name, n);
        (name == "min_disk" ? image.min_disk : image.min_ram) = n;
    } else if (name == "owner") {
        image.owner = opt_string(value);
    } else if (name == "disk_format" || name == "container_format") {
        if (image.status != "queued" && image.status != "importing") {
            throw Fault::forbidden("Attribute " + name +
                                   " can be only replaced for a queued image.");
        }
        (name == "disk_format" ? image.disk_format : image.container_format) = opt_string(value);
    } else if (name == "tags") {
        image.tags.clear();
        for (const auto& t : value.as_array()) {
            std::string tag(t.as_string());
            if (std::find(image.tags.begin(), image.tags.end(), tag) == image.tags.end()) {
                image.tags.push_back(tag);
            }
        }
    }
}

// ImageAPIPolicy.update_property: visibility has its own rule, then modify_image.
void authorize_property(ImageService& svc, const Request& req, const ImageRecord& image,
                        const std::string& name, const boost::json::value* value) {
    auto target = image_target(image, req);
    if (name == "visibility" && value && value->is_string()) {
        if (value->as_string() == "public") {
            enforce(svc, req, "publicize_image", target);
        } else if (value->as_string() == "community") {
            enforce(svc, req, "communitize_image", target);
        }
    }
    enforce(svc, req, "modify_image", target);
    require_owner(svc, req, image);
}

void apply(ImageService& svc, const Request& req, ImageRecord& image, const Change& c) {
    const auto& root = c.path[0];
    if (root == "locations") {
        // Locations are hidden by default (show_multiple_locations = False).
        if (!svc.options().show_multiple_locations) {
            std::string verb = c.op == "replace" ? "update" : c.op;
            throw Fault::forbidden("It's not allowed to " + verb +
                                   " locations if locations are invisible.");
        }
        throw Fault::bad_request("Setting image locations is not supported by this cloud.");
    }
    if (c.op == "replace") {
        if (root == "owner" && !is_admin(svc, req)) {
            throw Fault::forbidden("Owner can't be updated by non admin.");
        }
        authorize_property(svc, req, image, root, &c.value);
        if (is_base_attribute(root)) {
            set_attribute(image, root, c.value);
        } else if (image.properties.count(root)) {
            image.properties[root] = std::string(c.value.as_string());
        } else {
            throw Fault::conflict("Property " + root + " does not exist.");
        }
    } else if (c.op == "add") {
        authorize_property(svc, req, image, root, &c.value);
        bool exists = is_base_attribute(root) || image.properties.count(root);
        if (exists && c.draft == 4) {
            throw Fault::conflict("Property " + root + " already present.");
        }
        if (is_base_attribute(root)) {
            set_attribute(image, root, c.value);
        } else {
            image.properties[root] = std::string(c.value.as_string());
        }
    } else {
        authorize_property(svc, req, image, root, nullptr);
        if (is_base_attribute(root)) {
            throw Fault::forbidden("Property " + root + " may not be removed.");
        }
        if (!image.properties.erase(root)) {
            throw Fault::conflict("Property " + root + " does not exist.");
        }
    }
}

}  // namespace

Response patch_image(ImageService& svc, Request& req) {
    std::string content_type(req.header("Content-Type"));
    if (auto semi = content_type.find(';'); semi != std::string::npos) {
        content_type.resize(semi);
    }
    while (!content_type.empty() && content_type.back() == ' ') {
        content_type.pop_back();
    }
    int draft = 0;
    if (content_type == "application/openstack-images-v2.1-json-patch") {
        draft = 10;
    } else if (content_type == "application/openstack-images-v2.0-json-patch") {
        draft = 4;
    } else {
        throw Fault::unsupported_media_type("The request media type " + content_type +
                                            " is not supported by this server.")
            .with_header("Accept-Patch",
                         "application/openstack-images-v2.0-json-patch, "
                         "application/openstack-images-v2.1-json-patch");
    }
    auto body = json_body(req);
    if (!body.is_array()) {
        throw Fault::bad_request("Request body must be a JSON array of operation objects.");
    }
    std::vector<Change> changes;
    for (const auto& raw : body.as_array()) {
        changes.push_back(parse_change(raw, draft));
    }
    const auto& id = req.param("image_id");
    auto image = visible_image(svc, req, id);
    for (const auto& c : changes) {
        apply(svc, req, image, c);
    }
    if (!changes.empty()) {
        enforce_property_and_tag_quota(svc, image);
        image.updated_at = now_micros();
        // Written only if nobody changed the image's state meanwhile (an upload finishing).
        svc.db().write([&](onestack::db::Conn& c) {
            auto current = db::find_image(c, id);
            if (!current) {
                throw Fault::not_found("No image found with ID " + id);
            }
            image.status = current->status;
            image.size = current->size;
            image.virtual_size = current->virtual_size;
            image.checksum = current->checksum;
            image.os_hash_algo = current->os_hash_algo;
            image.os_hash_value = current->os_hash_value;
            std::erase_if(image.properties,
                          [](const auto& p) { return p.first.rfind("os_glance", 0) == 0; });
            for (const auto& [k, v] : current->properties) {
                if (k.rfind("os_glance", 0) == 0) {
                    image.properties[k] = v;
                }
            }
            db::update_image(c, image);
        });
    }
    return json_response(200, image_view(image, svc.options()));
}

}  // namespace onestack::image::api
