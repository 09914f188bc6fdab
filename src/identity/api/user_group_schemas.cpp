#include "identity/api/user_group_schemas.hpp"

#include <string>

namespace onestack::identity::api {
namespace {

using onestack::json::Schema;

// parameter_types.id_string, name and description, and the user options
// registry's schema (every option nullable: null removes it).
constexpr const char* kIdString =
    R"({"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-zA-Z0-9-]+$"})";
constexpr const char* kNullableIdString =
    R"({"type": ["string", "null"], "minLength": 1, "maxLength": 64, "pattern": "^[a-zA-Z0-9-]+$"})";
constexpr const char* kIdentityName =
    R"({"type": "string", "minLength": 1, "maxLength": 255, "pattern": "[\\S]+"})";
constexpr const char* kNullableDescription = R"({"type": ["string", "null"]})";
constexpr const char* kBoolean = R"({"type": "boolean", "enum": [true, false]})";
constexpr const char* kNullableBoolean =
    R"({"type": ["boolean", "null"], "enum": [true, false, null]})";

std::string user_options() {
    std::string b = kNullableBoolean;
    return R"({"type": "object", "additionalProperties": false, "properties": {)"
           R"("ignore_change_password_upon_first_use": )" +
           b + R"(, "ignore_password_expiry": )" + b + R"(, "ignore_lockout_failure_attempts": )" +
           b + R"(, "lock_password": )" + b + R"(, "ignore_user_inactivity": )" + b +
           R"(, "multi_factor_auth_rules": {"type": ["array", "null"], "items": {)"
           R"("type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": true},)"
           R"( "uniqueItems": true})" +
           R"(, "multi_factor_auth_enabled": )" + b + "}}";
}

std::string user_properties() {
    return std::string(R"({"default_project_id": )") + kNullableIdString + R"(, "description": )" +
           kNullableDescription + R"(, "domain_id": )" + kIdString + R"(, "enabled": )" + kBoolean +
           R"(, "federated": {"type": "array", "items": {"type": "object", "properties": {)"
           R"("idp_id": {"type": "string"}, "protocols": {"type": "array", "items": {)"
           R"("type": "object", "properties": {"protocol_id": {"type": "string"},)"
           R"( "unique_id": {"type": "string"}}, "required": ["protocol_id", "unique_id"]},)"
           R"( "minItems": 1}}, "required": ["idp_id", "protocols"]}})" +
           R"(, "name": )" + kIdentityName +
           R"(, "password": {"type": ["string", "null"]}, "options": )" + user_options() + "}";
}

std::string group_properties() {
    return std::string(R"({"description": )") + kNullableDescription + R"(, "domain_id": )" +
           kIdString + R"(, "name": )" + kIdentityName + "}";
}

}  // namespace

const Schema& user_create_schema() {
    static const Schema s =
        Schema::compile(R"({"type": "object", "properties": )" + user_properties() +
                        R"(, "required": ["name"],)"
                        R"( "additionalProperties": true})");
    return s;
}

const Schema& user_update_schema() {
    static const Schema s =
        Schema::compile(R"({"type": "object", "properties": )" + user_properties() +
                        R"(, "minProperties": 1,)"
                        R"( "additionalProperties": true})");
    return s;
}

const Schema& password_change_schema() {
    static const Schema s = Schema::compile(
        R"({"type": "object", "properties": {"original_password": {"type": "string"},)"
        R"( "password": {"type": "string"}}, "required": ["original_password", "password"],)"
        R"( "additionalProperties": false})");
    return s;
}

const Schema& group_create_schema() {
    static const Schema s =
        Schema::compile(R"({"type": "object", "properties": )" + group_properties() +
                        R"(, "required": ["name"],)"
                        R"( "additionalProperties": true})");
    return s;
}

const Schema& group_update_schema() {
    static const Schema s =
        Schema::compile(R"({"type": "object", "properties": )" + group_properties() +
                        R"(, "minProperties": 1,)"
                        R"( "additionalProperties": true})");
    return s;
}

}  // namespace onestack::identity::api
