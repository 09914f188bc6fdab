#pragma once
// Image attributes as glance's request deserializer and domain model judge
// them: schema validation, read-only and reserved names, negative sizes.
#include <boost/json.hpp>
#include <string>
#include <string_view>

namespace onestack::image::api {

// 400 "Provided object does not match schema 'image': <jsonschema's str(error)>".
void validate_against_image_schema(const boost::json::value& fragment);

// glance/api/v2/images.py RequestDeserializer: never writable.
bool is_readonly(std::string_view name);
// Reserved names (location, deleted, deleted_at) and the os_glance_ namespace.
bool is_reserved(std::string_view name);
// Attributes of the Image domain object (settable base properties and the rest).
bool is_base_attribute(std::string_view name);

// domain/__init__.py min_disk/min_ram setters: 400 for a negative value.
void check_not_negative(std::string_view param, std::int64_t value);

// A schema-validated "integer" (2 and 2.0 both read as 2).
std::int64_t as_integer(const boost::json::value& v);

}  // namespace onestack::image::api
