#pragma once
// Request body schemas of keystone/resource/schema.py (projects, domains).
#include "common/json/schema.hpp"

namespace onestack::identity::api {

const onestack::json::Schema& project_create_schema();
const onestack::json::Schema& project_update_schema();
const onestack::json::Schema& domain_create_schema();
const onestack::json::Schema& domain_update_schema();

}  // namespace onestack::identity::api
