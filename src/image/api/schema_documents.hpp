#pragma once
// The JSON schemas glance publishes under /v2/schemas (Zed, default
// disk/container formats), which glanceclient and openstacksdk read, and the
// image schema requests are validated against.
#include <string>
#include <string_view>

#include "common/json/schema.hpp"

namespace onestack::image::api {

// "image", "images", "member", "members", "task", "tasks"; empty if unknown.
std::string_view schema_document(std::string_view name);
// The image schema, compiled once (additional properties must be strings).
const onestack::json::Schema& image_schema();

}  // namespace onestack::image::api
