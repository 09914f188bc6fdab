#pragma once
// The compiled form of a schema, shared by the compiler and the validator.
// Internal to common/json: handlers use schema.hpp.
#include <boost/json/value.hpp>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json/python_regex.hpp"
#include "common/json/schema.hpp"

namespace onestack::json {

struct SchemaNode;

enum class KeywordKind {
    ref,
    type,
    properties,
    pattern_properties,
    additional_properties,
    required,
    items,
    additional_items,
    min_items,
    max_items,
    unique_items,
    min_length,
    max_length,
    pattern,
    format,
    enumeration,
    minimum,
    maximum,
    multiple_of,
    min_properties,
    max_properties,
    all_of,
    any_of,
    one_of,
    negation,
    dependencies,
};

enum class Format { uuid, date_time, email, uri, ipv4, ipv6 };

// JSON types as bits, so "type": ["string", "null"] is one mask test.
enum TypeBits : unsigned {
    kArray = 1,
    kBoolean = 2,
    kInteger = 4,
    kNull = 8,
    kNumber = 16,
    kObject = 32,
    kString = 64,
};

// A "dependencies" entry: either property names that must also be present
// or a schema the whole instance must then satisfy.
struct SchemaDependency {
    std::string property;
    std::vector<std::string> required;
    const SchemaNode* schema = nullptr;
};

// One validation keyword of a schema object. Only the members its kind
// uses are set.
struct SchemaKeyword {
    SchemaKeyword(KeywordKind k, std::string_view n, const boost::json::value* v)
        : kind(k), name(n), value(v) {}

    KeywordKind kind;
    std::string name;                           // as spelled in the schema
    const boost::json::value* value = nullptr;  // its value inside the document

    const SchemaNode* sub = nullptr;      // $ref target, items, not, additional*
    std::vector<const SchemaNode*> subs;  // allOf/anyOf/oneOf, tuple items
    std::vector<std::pair<std::string, const SchemaNode*>> named;  // properties
    std::vector<SchemaDependency> dependencies;
    std::vector<std::string> names;    // required, type names as written
    std::optional<PythonRegex> regex;  // pattern
    unsigned types = 0;                // type
    std::size_t count = 0;             // min/max Items, Length, Properties
    bool flag = false;                 // exclusive bound; uniqueItems; additional* allowed
    Format format = Format::uuid;
    const SchemaOptions::FormatCheck* custom_format = nullptr;  // points into Compiled::options
};

struct SchemaNode {
    const boost::json::value* json = nullptr;  // this (sub)schema inside the document
    std::optional<bool> boolean;               // a bare true/false schema
    std::vector<SchemaKeyword> keywords;       // in the schema's own order

    // Siblings that additionalProperties and additionalItems consult.
    const boost::json::object* properties = nullptr;
    std::vector<PythonRegex> property_patterns;  // patternProperties keys, in order
    bool has_pattern_properties = false;
    std::optional<std::size_t> tuple_items;  // "items" given as an array
};

struct Schema::Compiled {
    boost::json::value document;  // never modified after compile: nodes point into it
    SchemaOptions options;
    std::deque<SchemaNode> nodes;  // deque: growth keeps node addresses stable
    const SchemaNode* root = nullptr;
};

}  // namespace onestack::json
