#include "image/api/image_validation.hpp"

#include <array>

#include "common/api/fault.hpp"
#include "image/api/schema_documents.hpp"

namespace onestack::image::api {

using onestack::api::Fault;

void validate_against_image_schema(const boost::json::value& fragment) {
    auto error = image_schema().validate(fragment);
    if (!error) {
        return;
    }
    // keystone_message() is "Invalid input for field '<path>': " + str(error);
    // glance shows str(error) alone.
    auto text = onestack::json::keystone_message(*error);
    if (!error->path.empty()) {
        auto prefix = "Invalid input for field '" + error->path_string() + "': ";
        if (text.rfind(prefix, 0) == 0) {
            text = text.substr(prefix.size());
        }
    }
    throw Fault::bad_request("Provided object does not match schema 'image': " + text);
}

bool is_readonly(std::string_view name) {
    static constexpr std::array<std::string_view, 13> kReadonly{
        "created_at",   "updated_at",   "status",       "checksum", "size",
        "virtual_size", "direct_url",   "self",         "file",     "schema",
        "id",           "os_hash_algo", "os_hash_value"};
    for (auto n : kReadonly) {
        if (n == name) {
            return true;
        }
    }
    return false;
}

bool is_reserved(std::string_view name) {
    return name == "location" || name == "deleted" || name == "deleted_at" ||
           name.rfind("os_glance", 0) == 0;
}

bool is_base_attribute(std::string_view name) {
    static constexpr std::array<std::string_view, 20> kAttributes{
        "id",           "name",          "status",  "created_at",  "updated_at",       "visibility",
        "os_hidden",    "min_disk",      "min_ram", "protected",   "locations",        "checksum",
        "os_hash_algo", "os_hash_value", "owner",   "disk_format", "container_format", "size",
        "virtual_size", "tags"};
    for (auto n : kAttributes) {
        if (n == name) {
            return true;
        }
    }
    return false;
}

void check_not_negative(std::string_view param, std::int64_t value) {
    if (value < 0) {
        throw Fault::bad_request("Invalid value '" + std::to_string(value) + "' for parameter '" +
                                 std::string(param) + "': Cannot be a negative value");
    }
}

std::int64_t as_integer(const boost::json::value& v) {
    if (v.is_int64()) {
        return v.as_int64();
    }
    if (v.is_uint64()) {
        return static_cast<std::int64_t>(v.as_uint64());
    }
    if (v.is_double()) {
        return static_cast<std::int64_t>(v.as_double());
    }
    throw Fault::bad_request("expected an integer");
}

}  // namespace onestack::image::api
