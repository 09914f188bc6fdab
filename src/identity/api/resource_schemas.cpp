#include "identity/api/resource_schemas.hpp"

#include <string>

namespace onestack::identity::api {
namespace {

// _name_properties: note the unanchored pattern, any non-space character.
constexpr const char* kName =
    R"({"type": "string", "minLength": 1, "maxLength": 64, "pattern": "[\\S]+"})";
// validation.nullable(parameter_types.id_string)
constexpr const char* kNullableId =
    R"({"type": ["string", "null"], "minLength": 1, "maxLength": 64,
        "pattern": "^[a-zA-Z0-9-]+$"})";
constexpr const char* kBoolean = R"({"type": "boolean", "enum": [true, false]})";
constexpr const char* kNullableDescription = R"({"type": ["string", "null"]})";
// _project_tags_list_properties
constexpr const char* kTags =
    R"({"type": "array", "required": [], "maxItems": 80, "uniqueItems": true,
        "items": {"type": "string", "minLength": 1, "maxLength": 255,
                  "pattern": "^[^,/]*$"}})";
// PROJECT_OPTIONS_REGISTRY.json_schema: the immutable option, nullable.
constexpr const char* kOptions =
    R"({"type": "object", "additionalProperties": false,
        "properties": {"immutable": {"type": ["boolean", "null"],
                                     "enum": [true, false, null]}}})";

std::string project_properties() {
    return std::string(R"("properties": {"description": )") + kNullableDescription +
           R"(, "domain_id": )" + kNullableId + R"(, "enabled": )" + kBoolean +
           R"(, "is_domain": )" + kBoolean + R"(, "parent_id": )" + kNullableId + R"(, "name": )" +
           kName + R"(, "tags": )" + kTags + R"(, "options": )" + kOptions + "}";
}

std::string domain_properties() {
    return std::string(R"("properties": {"description": )") + kNullableDescription +
           R"(, "enabled": )" + kBoolean + R"(, "name": )" + kName + R"(, "tags": )" + kTags + "}";
}

onestack::json::Schema object_schema(const std::string& properties, const char* rule) {
    return onestack::json::Schema::compile(std::string(R"({"type": "object", )") + properties +
                                           ", " + rule + R"(, "additionalProperties": true})");
}

}  // namespace

const onestack::json::Schema& project_create_schema() {
    static const auto schema = object_schema(project_properties(), R"("required": ["name"])");
    return schema;
}

const onestack::json::Schema& project_update_schema() {
    static const auto schema = object_schema(project_properties(), R"("minProperties": 1)");
    return schema;
}

const onestack::json::Schema& domain_create_schema() {
    static const auto schema = object_schema(domain_properties(), R"("required": ["name"])");
    return schema;
}

const onestack::json::Schema& domain_update_schema() {
    static const auto schema = object_schema(domain_properties(), R"("minProperties": 1)");
    return schema;
}

}  // namespace onestack::identity::api
