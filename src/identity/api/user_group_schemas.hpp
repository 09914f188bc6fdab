#pragma once
// Request schemas for users, groups and self-service password changes, as
// keystone/identity/schema.py defines them (user options from
// keystone/identity/backends/resource_options.py). Each validates the
// entity object under its key ({"user": {...}} -> {...}).
#include "common/json/schema.hpp"

namespace onestack::identity::api {

const onestack::json::Schema& user_create_schema();
const onestack::json::Schema& user_update_schema();
const onestack::json::Schema& password_change_schema();
const onestack::json::Schema& group_create_schema();
const onestack::json::Schema& group_update_schema();

}  // namespace onestack::identity::api
