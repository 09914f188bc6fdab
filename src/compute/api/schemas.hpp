#pragma once
// Nova's request schemas by "module.name" ("servers.create_v274"), compiled
// on first use with nova's formats and kept for the process.
#include <string_view>
#include <utility>
#include <vector>

#include "common/json/schema.hpp"

namespace onestack::compute::api {

// The generated table (schemas_data.cpp): name -> JSON text.
const std::vector<std::pair<const char*, const char*>>& schema_texts();

// Throws std::invalid_argument for an unknown name (a bug).
const onestack::json::Schema& schema(std::string_view name);

}  // namespace onestack::compute::api
