// Our messages against upstream's, word for word. Each expected string is
// what upstream printed for the same schema and instance: keystone 22
// (keystone/common/validation/validators.py) and nova 26
// (nova/api/validation/validators.py), both on python-jsonschema 4.10.3, each
// run in its own process because nova registers global format checkers.
// nullptr: upstream accepted the instance.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "common/json/schema.hpp"

namespace json = onestack::json;

namespace {

struct UpstreamCase {
    const char* name;
    const char* schema;
    const char* instance;
    const char* keystone;
    const char* nova;
};

const UpstreamCase kCases[] = {
    {"TypeMismatch", R"json({"type": "object", "properties": {"name": {"type": "string"}}})json",
     R"json({"name": 1})json",
     "Invalid input for field 'name': 1 is not of type 'string'\n\nFailed validating 'type' in "
     "schema['properties']['name']:\n    {'type': 'string'}\n\nOn instance['name']:\n    1",
     "Invalid input for field/attribute name. Value: 1. 1 is not of type 'string'"},
    {"TypeListWithNull",
     R"json({"type": "object", "properties": {"description": {"type": ["string", "null"]}}})json",
     R"json({"description": 5})json",
     "Invalid input for field 'description': 5 is not of type 'string', 'null'\n\nFailed "
     "validating 'type' in schema['properties']['description']:\n    {'type': ['string', "
     "'null']}\n\nOn instance['description']:\n    5",
     "Invalid input for field/attribute description. Value: 5. 5 is not of type 'string', 'null'"},
    {"TopLevelType", R"json({"type": "object"})json", R"json([1, 2])json",
     "[1, 2] is not of type 'object'\n\nFailed validating 'type' in schema:\n    {'type': "
     "'object'}\n\nOn instance:\n    [1, 2]",
     "[1, 2] is not of type 'object'"},
    {"IntegerRejectsFloat",
     R"json({"type": "object", "properties": {"count": {"type": "integer"}}})json",
     R"json({"count": 1.0})json",
     "Invalid input for field 'count': 1.0 is not of type 'integer'\n\nFailed validating 'type' in "
     "schema['properties']['count']:\n    {'type': 'integer'}\n\nOn instance['count']:\n    1.0",
     "Invalid input for field/attribute count. Value: 1.0. 1.0 is not of type 'integer'"},
    {"BooleanIsNotInteger",
     R"json({"type": "object", "properties": {"count": {"type": "integer"}}})json",
     R"json({"count": true})json",
     "Invalid input for field 'count': True is not of type 'integer'\n\nFailed validating 'type' "
     "in schema['properties']['count']:\n    {'type': 'integer'}\n\nOn instance['count']:\n    "
     "True",
     "Invalid input for field/attribute count. Value: True. True is not of type 'integer'"},
    {"Required",
     R"json({"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]})json",
     R"json({})json",
     "'name' is a required property\n\nFailed validating 'required' in schema:\n    {'properties': "
     "{'name': {'type': 'string'}},\n     'required': ['name'],\n     'type': 'object'}\n\nOn "
     "instance:\n    {}",
     "'name' is a required property"},
    {"RequiredComesFirstWhenWrittenFirst",
     R"json({"required": ["name", "domain_id"], "type": "object", "properties": {"name": {"type": "string"}}})json",
     R"json({"name": 3})json",
     "'domain_id' is a required property\n\nFailed validating 'required' in schema:\n    "
     "{'properties': {'name': {'type': 'string'}},\n     'required': ['name', 'domain_id'],\n     "
     "'type': 'object'}\n\nOn instance:\n    {'name': 3}",
     "'domain_id' is a required property"},
    {"AdditionalPropertiesOne",
     R"json({"type": "object", "properties": {"name": {"type": "string"}}, "additionalProperties": false})json",
     R"json({"name": "a", "foo": 1})json",
     "Additional properties are not allowed ('foo' was unexpected)\n\nFailed validating "
     "'additionalProperties' in schema:\n    {'additionalProperties': False,\n     'properties': "
     "{'name': {'type': 'string'}},\n     'type': 'object'}\n\nOn instance:\n    {'foo': 1, "
     "'name': 'a'}",
     "Additional properties are not allowed ('foo' was unexpected)"},
    {"AdditionalPropertiesSorted",
     R"json({"type": "object", "properties": {"name": {"type": "string"}}, "additionalProperties": false})json",
     R"json({"zeta": 1, "name": "a", "alpha": 2})json",
     "Additional properties are not allowed ('alpha', 'zeta' were unexpected)\n\nFailed validating "
     "'additionalProperties' in schema:\n    {'additionalProperties': False,\n     'properties': "
     "{'name': {'type': 'string'}},\n     'type': 'object'}\n\nOn instance:\n    {'alpha': 2, "
     "'name': 'a', 'zeta': 1}",
     "Additional properties are not allowed ('alpha', 'zeta' were unexpected)"},
    {"AdditionalPropertiesWithPatterns",
     R"json({"type": "object", "patternProperties": {"^[a-z]+$": {"type": "string"}}, "additionalProperties": false})json",
     R"json({"ok": "x", "Bad": "y"})json",
     "'Bad' does not match any of the regexes: '^[a-z]+$'\n\nFailed validating "
     "'additionalProperties' in schema:\n    {'additionalProperties': False,\n     "
     "'patternProperties': {'^[a-z]+$': {'type': 'string'}},\n     'type': 'object'}\n\nOn "
     "instance:\n    {'Bad': 'y', 'ok': 'x'}",
     "'Bad' does not match any of the regexes: '^[a-z]+$'"},
    {"AdditionalPropertiesSchema",
     R"json({"type": "object", "additionalProperties": {"type": "string"}})json",
     R"json({"a": "x", "b": 2})json",
     "Invalid input for field 'b': 2 is not of type 'string'\n\nFailed validating 'type' in "
     "schema['additionalProperties']:\n    {'type': 'string'}\n\nOn instance['b']:\n    2",
     "Invalid input for field/attribute b. Value: 2. 2 is not of type 'string'"},
    {"PatternPropertiesValue",
     R"json({"type": "object", "patternProperties": {"^[a-zA-Z0-9-_:. ]{1,255}$": {"type": "string", "maxLength": 3}}, "additionalProperties": false})json",
     R"json({"key": "toolong"})json",
     "Invalid input for field 'key': 'toolong' is too long\n\nFailed validating 'maxLength' in "
     "schema['patternProperties']['^[a-zA-Z0-9-_:. ]{1,255}$']:\n    {'maxLength': 3, 'type': "
     "'string'}\n\nOn instance['key']:\n    'toolong'",
     "Invalid input for field/attribute key. Value: toolong. 'toolong' is too long"},
    {"NestedServerName",
     R"json({"type": "object", "properties": {"server": {"type": "object", "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 255}, "imageRef": {"type": "string", "format": "uuid"}}, "required": ["name"], "additionalProperties": false}}, "required": ["server"], "additionalProperties": false})json",
     R"json({"server": {"name": 1}})json",
     "Invalid input for field 'server/name': 1 is not of type 'string'\n\nFailed validating 'type' "
     "in schema['properties']['server']['properties']['name']:\n    {'maxLength': 255, "
     "'minLength': 1, 'type': 'string'}\n\nOn instance['server']['name']:\n    1",
     "Invalid input for field/attribute name. Value: 1. 1 is not of type 'string'"},
    {"NestedRequired",
     R"json({"type": "object", "properties": {"server": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}}, "required": ["server"]})json",
     R"json({"server": {}})json",
     "Invalid input for field 'server': 'name' is a required property\n\nFailed validating "
     "'required' in schema['properties']['server']:\n    {'properties': {'name': {'type': "
     "'string'}},\n     'required': ['name'],\n     'type': 'object'}\n\nOn instance['server']:\n  "
     "  {}",
     "Invalid input for field/attribute server. Value: {}. 'name' is a required property"},
    {"ItemsPattern",
     R"json({"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}}}})json",
     R"json({"tags": ["ok", "B1"]})json",
     "Invalid input for field 'tags/1': 'B1' does not match '^[a-z]+$'\n\nFailed validating "
     "'pattern' in schema['properties']['tags']['items']:\n    {'pattern': '^[a-z]+$', 'type': "
     "'string'}\n\nOn instance['tags'][1]:\n    'B1'",
     "Invalid input for field/attribute 1. Value: B1. 'B1' does not match '^[a-z]+$'"},
    {"TupleItems",
     R"json({"type": "array", "items": [{"type": "string"}, {"type": "integer"}]})json",
     R"json(["a", "b"])json",
     "Invalid input for field '1': 'b' is not of type 'integer'\n\nFailed validating 'type' in "
     "schema['items'][1]:\n    {'type': 'integer'}\n\nOn instance[1]:\n    'b'",
     "Invalid input for field/attribute 1. Value: b. 'b' is not of type 'integer'"},
    {"MinItems",
     R"json({"type": "object", "properties": {"networks": {"type": "array", "minItems": 1}}})json",
     R"json({"networks": []})json",
     "Invalid input for field 'networks': [] is too short\n\nFailed validating 'minItems' in "
     "schema['properties']['networks']:\n    {'minItems': 1, 'type': 'array'}\n\nOn "
     "instance['networks']:\n    []",
     "Invalid input for field/attribute networks. Value: []. [] is too short"},
    {"MaxItems",
     R"json({"type": "object", "properties": {"networks": {"type": "array", "maxItems": 2}}})json",
     R"json({"networks": [1, 2, 3]})json",
     "Invalid input for field 'networks': [1, 2, 3] is too long\n\nFailed validating 'maxItems' in "
     "schema['properties']['networks']:\n    {'maxItems': 2, 'type': 'array'}\n\nOn "
     "instance['networks']:\n    [1, 2, 3]",
     "Invalid input for field/attribute networks. Value: [1, 2, 3]. [1, 2, 3] is too long"},
    {"UniqueItems",
     R"json({"type": "object", "properties": {"roles": {"type": "array", "uniqueItems": true}}})json",
     R"json({"roles": ["a", "b", "a"]})json",
     "Invalid input for field 'roles': ['a', 'b', 'a'] has non-unique elements\n\nFailed "
     "validating 'uniqueItems' in schema['properties']['roles']:\n    {'type': 'array', "
     "'uniqueItems': True}\n\nOn instance['roles']:\n    ['a', 'b', 'a']",
     "Invalid input for field/attribute roles. Value: ['a', 'b', 'a']. ['a', 'b', 'a'] has "
     "non-unique elements"},
    {"UniqueItemsTrueVsOne", R"json({"type": "array", "uniqueItems": true})json",
     R"json([1, true, 1.0])json",
     "[1, True, 1.0] has non-unique elements\n\nFailed validating 'uniqueItems' in schema:\n    "
     "{'type': 'array', 'uniqueItems': True}\n\nOn instance:\n    [1, True, 1.0]",
     "[1, True, 1.0] has non-unique elements"},
    {"MinLength",
     R"json({"type": "object", "properties": {"name": {"type": "string", "minLength": 1}}})json",
     R"json({"name": ""})json",
     "Invalid input for field 'name': '' is too short\n\nFailed validating 'minLength' in "
     "schema['properties']['name']:\n    {'minLength': 1, 'type': 'string'}\n\nOn "
     "instance['name']:\n    ''",
     "Invalid input for field/attribute name. Value: . '' is too short"},
    {"MaxLengthCountsCodePoints",
     R"json({"type": "object", "properties": {"name": {"type": "string", "maxLength": 4}}})json",
     R"json({"name": "h\u00e9llo"})json",
     "Invalid input for field 'name': 'h\xc3\xa9"
     "llo' is too long\n\nFailed validating 'maxLength' in schema['properties']['name']:\n    "
     "{'maxLength': 4, 'type': 'string'}\n\nOn instance['name']:\n    'h\xc3\xa9"
     "llo'",
     "Invalid input for field/attribute name. Value: h\xc3\xa9"
     "llo. 'h\xc3\xa9"
     "llo' is too long"},
    {"MaxLengthCodePointsOk",
     R"json({"type": "object", "properties": {"name": {"type": "string", "maxLength": 5}}})json",
     R"json({"name": "h\u00e9llo"})json", nullptr, nullptr},
    {"PatternAnchorsPythonDollar",
     R"json({"type": "object", "properties": {"name": {"type": "string", "pattern": "^[a-z]+$"}}})json",
     R"json({"name": "abc\n"})json", nullptr, nullptr},
    {"PatternNotAnchored",
     R"json({"type": "object", "properties": {"name": {"type": "string", "pattern": "[0-9]"}}})json",
     R"json({"name": "abc"})json",
     "Invalid input for field 'name': 'abc' does not match '[0-9]'\n\nFailed validating 'pattern' "
     "in schema['properties']['name']:\n    {'pattern': '[0-9]', 'type': 'string'}\n\nOn "
     "instance['name']:\n    'abc'",
     "Invalid input for field/attribute name. Value: abc. 'abc' does not match '[0-9]'"},
    {"Enum",
     R"json({"type": "object", "properties": {"status": {"type": "string", "enum": ["ACTIVE", "SHUTOFF"]}}})json",
     R"json({"status": "active"})json",
     "Invalid input for field 'status': 'active' is not one of ['ACTIVE', 'SHUTOFF']\n\nFailed "
     "validating 'enum' in schema['properties']['status']:\n    {'enum': ['ACTIVE', 'SHUTOFF'], "
     "'type': 'string'}\n\nOn instance['status']:\n    'active'",
     "Invalid input for field/attribute status. Value: active. 'active' is not one of ['ACTIVE', "
     "'SHUTOFF']"},
    {"EnumMixed",
     R"json({"type": "object", "properties": {"v": {"enum": [1, "two", null, true]}}})json",
     R"json({"v": 2})json",
     "Invalid input for field 'v': 2 is not one of [1, 'two', None, True]\n\nFailed validating "
     "'enum' in schema['properties']['v']:\n    {'enum': [1, 'two', None, True]}\n\nOn "
     "instance['v']:\n    2",
     "Invalid input for field/attribute v. Value: 2. 2 is not one of [1, 'two', None, True]"},
    {"EnumTrueIsNotOne", R"json({"enum": [1]})json", R"json(true)json",
     "True is not one of [1]\n\nFailed validating 'enum' in schema:\n    {'enum': [1]}\n\nOn "
     "instance:\n    True",
     "True is not one of [1]"},
    {"Minimum",
     R"json({"type": "object", "properties": {"ram": {"type": "integer", "minimum": 1}}})json",
     R"json({"ram": 0})json",
     "Invalid input for field 'ram': 0 is less than the minimum of 1\n\nFailed validating "
     "'minimum' in schema['properties']['ram']:\n    {'minimum': 1, 'type': 'integer'}\n\nOn "
     "instance['ram']:\n    0",
     "Invalid input for field/attribute ram. Value: 0. 0 is less than the minimum of 1"},
    {"ExclusiveMinimum",
     R"json({"type": "object", "properties": {"ram": {"type": "number", "minimum": 0, "exclusiveMinimum": true}}})json",
     R"json({"ram": 0})json",
     "Invalid input for field 'ram': 0 is less than or equal to the minimum of 0\n\nFailed "
     "validating 'minimum' in schema['properties']['ram']:\n    {'exclusiveMinimum': True, "
     "'minimum': 0, 'type': 'number'}\n\nOn instance['ram']:\n    0",
     "Invalid input for field/attribute ram. Value: 0. 0 is less than or equal to the minimum of "
     "0"},
    {"Maximum",
     R"json({"type": "object", "properties": {"ram": {"type": "integer", "maximum": 10}}})json",
     R"json({"ram": 11})json",
     "Invalid input for field 'ram': 11 is greater than the maximum of 10\n\nFailed validating "
     "'maximum' in schema['properties']['ram']:\n    {'maximum': 10, 'type': 'integer'}\n\nOn "
     "instance['ram']:\n    11",
     "Invalid input for field/attribute ram. Value: 11. 11 is greater than the maximum of 10"},
    {"ExclusiveMaximumFloat",
     R"json({"type": "object", "properties": {"ratio": {"type": "number", "maximum": 1.5, "exclusiveMaximum": true}}})json",
     R"json({"ratio": 1.5})json",
     "Invalid input for field 'ratio': 1.5 is greater than or equal to the maximum of "
     "1.5\n\nFailed validating 'maximum' in schema['properties']['ratio']:\n    "
     "{'exclusiveMaximum': True, 'maximum': 1.5, 'type': 'number'}\n\nOn instance['ratio']:\n    "
     "1.5",
     nullptr},
    {"MinimumOnNumericString",
     R"json({"type": "object", "properties": {"count": {"type": ["integer", "string"], "pattern": "^[0-9]*$", "minimum": 1}}})json",
     R"json({"count": "0"})json", nullptr,
     "Invalid input for field/attribute count. Value: 0. 0 is less than the minimum of 1"},
    {"MaximumOnNumericString",
     R"json({"type": "object", "properties": {"count": {"type": ["integer", "string"], "maximum": 100}}})json",
     R"json({"count": " 1_000 "})json", nullptr,
     "Invalid input for field/attribute count. Value:  1_000 . 1000 is greater than the maximum of "
     "100"},
    {"MinimumOnFloatString", R"json({"type": "object", "properties": {"f": {"minimum": 1}}})json",
     R"json({"f": "0.5"})json", nullptr,
     "Invalid input for field/attribute f. Value: 0.5. 0.5 is less than the minimum of 1"},
    {"MinimumOnFloatTruncates",
     R"json({"type": "object", "properties": {"f": {"minimum": 1}}})json", R"json({"f": 0.5})json",
     "Invalid input for field 'f': 0.5 is less than the minimum of 1\n\nFailed validating "
     "'minimum' in schema['properties']['f']:\n    {'minimum': 1}\n\nOn instance['f']:\n    0.5",
     "Invalid input for field/attribute f. Value: 0.5. 0 is less than the minimum of 1"},
    {"MultipleOf",
     R"json({"type": "object", "properties": {"size": {"type": "integer", "multipleOf": 4}}})json",
     R"json({"size": 6})json",
     "Invalid input for field 'size': 6 is not a multiple of 4\n\nFailed validating 'multipleOf' "
     "in schema['properties']['size']:\n    {'multipleOf': 4, 'type': 'integer'}\n\nOn "
     "instance['size']:\n    6",
     "Invalid input for field/attribute size. Value: 6. 6 is not a multiple of 4"},
    {"MinProperties",
     R"json({"type": "object", "properties": {"user": {"type": "object", "minProperties": 1}}})json",
     R"json({"user": {}})json",
     "Invalid input for field 'user': {} does not have enough properties\n\nFailed validating "
     "'minProperties' in schema['properties']['user']:\n    {'minProperties': 1, 'type': "
     "'object'}\n\nOn instance['user']:\n    {}",
     "Invalid input for field/attribute user. Value: {}. {} does not have enough properties"},
    {"MaxProperties",
     R"json({"type": "object", "properties": {"metadata": {"type": "object", "maxProperties": 1}}})json",
     R"json({"metadata": {"a": "1", "b": "2"}})json",
     "Invalid input for field 'metadata': {'a': '1', 'b': '2'} has too many properties\n\nFailed "
     "validating 'maxProperties' in schema['properties']['metadata']:\n    {'maxProperties': 1, "
     "'type': 'object'}\n\nOn instance['metadata']:\n    {'a': '1', 'b': '2'}",
     "Invalid input for field/attribute metadata. Value: {'a': '1', 'b': '2'}. {'a': '1', 'b': "
     "'2'} has too many properties"},
    {"AnyOf",
     R"json({"type": "object", "properties": {"port": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^[0-9]+$"}]}}})json",
     R"json({"port": "http"})json",
     "Invalid input for field 'port': 'http' is not valid under any of the given schemas\n\nFailed "
     "validating 'anyOf' in schema['properties']['port']:\n    {'anyOf': [{'type': 'integer'},\n   "
     "            {'pattern': '^[0-9]+$', 'type': 'string'}]}\n\nOn instance['port']:\n    'http'",
     "Invalid input for field/attribute port. Value: http. 'http' is not valid under any of the "
     "given schemas"},
    {"OneOfNone",
     R"json({"type": "object", "properties": {"v": {"oneOf": [{"type": "integer"}, {"type": "boolean"}]}}})json",
     R"json({"v": "x"})json",
     "Invalid input for field 'v': 'x' is not valid under any of the given schemas\n\nFailed "
     "validating 'oneOf' in schema['properties']['v']:\n    {'oneOf': [{'type': 'integer'}, "
     "{'type': 'boolean'}]}\n\nOn instance['v']:\n    'x'",
     "Invalid input for field/attribute v. Value: x. 'x' is not valid under any of the given "
     "schemas"},
    {"OneOfMany",
     R"json({"type": "object", "properties": {"v": {"oneOf": [{"type": "integer"}, {"minimum": 0}, {"type": "number"}]}}})json",
     R"json({"v": 3})json",
     "Invalid input for field 'v': 3 is valid under each of {'minimum': 0}, {'type': 'number'}, "
     "{'type': 'integer'}\n\nFailed validating 'oneOf' in schema['properties']['v']:\n    "
     "{'oneOf': [{'type': 'integer'}, {'minimum': 0}, {'type': 'number'}]}\n\nOn instance['v']:\n  "
     "  3",
     "Invalid input for field/attribute v. Value: 3. 3 is valid under each of {'minimum': 0}, "
     "{'type': 'number'}, {'type': 'integer'}"},
    {"AllOf",
     R"json({"type": "object", "properties": {"v": {"allOf": [{"type": "string"}, {"maxLength": 2}]}}})json",
     R"json({"v": "abc"})json",
     "Invalid input for field 'v': 'abc' is too long\n\nFailed validating 'maxLength' in "
     "schema['properties']['v']['allOf'][1]:\n    {'maxLength': 2}\n\nOn instance['v']:\n    'abc'",
     "Invalid input for field/attribute v. Value: abc. 'abc' is too long"},
    {"Not", R"json({"type": "object", "properties": {"v": {"not": {"type": "integer"}}}})json",
     R"json({"v": 3})json",
     "Invalid input for field 'v': 3 should not be valid under {'type': 'integer'}\n\nFailed "
     "validating 'not' in schema['properties']['v']:\n    {'not': {'type': 'integer'}}\n\nOn "
     "instance['v']:\n    3",
     "Invalid input for field/attribute v. Value: 3. 3 should not be valid under {'type': "
     "'integer'}"},
    {"RefToDefinitions",
     R"json({"definitions": {"name": {"type": "string", "maxLength": 3}}, "type": "object", "properties": {"name": {"$ref": "#/definitions/name"}}})json",
     R"json({"name": "toolong"})json",
     "Invalid input for field 'name': 'toolong' is too long\n\nFailed validating 'maxLength' in "
     "schema['properties']['name']:\n    {'maxLength': 3, 'type': 'string'}\n\nOn "
     "instance['name']:\n    'toolong'",
     "Invalid input for field/attribute name. Value: toolong. 'toolong' is too long"},
    {"RefKeepsItsSiblings",
     R"json({"definitions": {"any": {}}, "type": "object", "properties": {"name": {"$ref": "#/definitions/any", "type": "string"}}})json",
     R"json({"name": 1})json",
     "Invalid input for field 'name': 1 is not of type 'string'\n\nFailed validating 'type' in "
     "schema['properties']['name']:\n    {'$ref': '#/definitions/any', 'type': 'string'}\n\nOn "
     "instance['name']:\n    1",
     "Invalid input for field/attribute name. Value: 1. 1 is not of type 'string'"},
    {"RecursiveRef",
     R"json({"type": "object", "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#"}}}})json",
     R"json({"children": [{"children": [{"name": 7}]}]})json",
     "Invalid input for field 'children/0/children/0/name': 7 is not of type 'string'\n\nFailed "
     "validating 'type' in "
     "schema['properties']['children']['items']['properties']['children']['items']['properties']['"
     "name']:\n    {'type': 'string'}\n\nOn instance['children'][0]['children'][0]['name']:\n    7",
     "Invalid input for field/attribute name. Value: 7. 7 is not of type 'string'"},
    {"Dependencies", R"json({"type": "object", "dependencies": {"password": ["user"]}})json",
     R"json({"password": "x"})json",
     "'user' is a dependency of 'password'\n\nFailed validating 'dependencies' in schema:\n    "
     "{'dependencies': {'password': ['user']}, 'type': 'object'}\n\nOn instance:\n    {'password': "
     "'x'}",
     "'user' is a dependency of 'password'"},
    {"FormatUuid",
     R"json({"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}}})json",
     R"json({"id": "not-a-uuid"})json",
     "Invalid input for field 'id': 'not-a-uuid' is not a 'uuid'\n\nFailed validating 'format' in "
     "schema['properties']['id']:\n    {'format': 'uuid', 'type': 'string'}\n\nOn "
     "instance['id']:\n    'not-a-uuid'",
     "Invalid input for field/attribute id. Value: not-a-uuid. 'not-a-uuid' is not a 'uuid'"},
    {"FormatUuidUndashed",
     R"json({"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}}})json",
     R"json({"id": "3f2504e04f8941d39a0c0305e82c3301"})json",
     "Invalid input for field 'id': '3f2504e04f8941d39a0c0305e82c3301' is not a 'uuid'\n\nFailed "
     "validating 'format' in schema['properties']['id']:\n    {'format': 'uuid', 'type': "
     "'string'}\n\nOn instance['id']:\n    '3f2504e04f8941d39a0c0305e82c3301'",
     nullptr},
    {"FormatEmail",
     R"json({"type": "object", "properties": {"email": {"type": "string", "format": "email"}}})json",
     R"json({"email": "nobody"})json",
     "Invalid input for field 'email': 'nobody' is not a 'email'\n\nFailed validating 'format' in "
     "schema['properties']['email']:\n    {'format': 'email', 'type': 'string'}\n\nOn "
     "instance['email']:\n    'nobody'",
     "Invalid input for field/attribute email. Value: nobody. 'nobody' is not a 'email'"},
    {"FormatIpv4",
     R"json({"type": "object", "properties": {"accessIPv4": {"type": "string", "format": "ipv4"}}})json",
     R"json({"accessIPv4": "1.2.3"})json",
     "Invalid input for field 'accessIPv4': '1.2.3' is not a 'ipv4'\n\nFailed validating 'format' "
     "in schema['properties']['accessIPv4']:\n    {'format': 'ipv4', 'type': 'string'}\n\nOn "
     "instance['accessIPv4']:\n    '1.2.3'",
     "Invalid input for field/attribute accessIPv4. Value: 1.2.3. '1.2.3' is not a 'ipv4'"},
    {"FormatIpv6",
     R"json({"type": "object", "properties": {"accessIPv6": {"type": "string", "format": "ipv6"}}})json",
     R"json({"accessIPv6": "::g"})json",
     "Invalid input for field 'accessIPv6': '::g' is not a 'ipv6'\n\nFailed validating 'format' in "
     "schema['properties']['accessIPv6']:\n    {'format': 'ipv6', 'type': 'string'}\n\nOn "
     "instance['accessIPv6']:\n    '::g'",
     "Invalid input for field/attribute accessIPv6. Value: ::g. '::g' is not a 'ipv6'"},
    {"ReprQuotes",
     R"json({"type": "object", "properties": {"name": {"type": "string", "maxLength": 3}}})json",
     R"json({"name": "it's"})json",
     "Invalid input for field 'name': \"it's\" is too long\n\nFailed validating 'maxLength' in "
     "schema['properties']['name']:\n    {'maxLength': 3, 'type': 'string'}\n\nOn "
     "instance['name']:\n    \"it's\"",
     "Invalid input for field/attribute name. Value: it's. \"it's\" is too long"},
    {"ReprBothQuotes", R"json({"type": "object", "properties": {"name": {"type": "integer"}}})json",
     R"json({"name": "it's \"x\"\\"})json",
     "Invalid input for field 'name': 'it\\'s \"x\"\\\\' is not of type 'integer'\n\nFailed "
     "validating 'type' in schema['properties']['name']:\n    {'type': 'integer'}\n\nOn "
     "instance['name']:\n    'it\\'s \"x\"\\\\'",
     "Invalid input for field/attribute name. Value: it's \"x\"\\. 'it\\'s \"x\"\\\\' is not of "
     "type 'integer'"},
    {"ReprControlAndUnicode",
     R"json({"type": "object", "properties": {"name": {"type": "integer"}}})json",
     R"json({"name": "tab\there\u0001 \u00e9\u00a0\u2028 \ud83d\ude00"})json",
     "Invalid input for field 'name': 'tab\\there\\x01 \xc3\xa9"
     "\\xa0\\u2028 \xf0\x9f\x98\x80"
     "' is not of type 'integer'\n\nFailed validating 'type' in schema['properties']['name']:\n    "
     "{'type': 'integer'}\n\nOn instance['name']:\n    'tab\\there\\x01 \xc3\xa9"
     "\\xa0\\u2028 \xf0\x9f\x98\x80"
     "'",
     "Invalid input for field/attribute name. Value: tab\there\x01"
     " \xc3\xa9"
     "\xc2\xa0"
     "\xe2\x80\xa8"
     " \xf0\x9f\x98\x80"
     ". 'tab\\there\\x01 \xc3\xa9"
     "\\xa0\\u2028 \xf0\x9f\x98\x80"
     "' is not of type 'integer'"},
    {"ReprFloats", R"json({"type": "object", "properties": {"v": {"type": "string"}}})json",
     R"json({"v": [1.5, 1e16, 1e-5, 0.0001, 123456789.0, 1e-7, -0.0, 1e22]})json",
     "Invalid input for field 'v': [1.5, 1e+16, 1e-05, 0.0001, 123456789.0, 1e-07, -0.0, 1e+22] is "
     "not of type 'string'\n\nFailed validating 'type' in schema['properties']['v']:\n    {'type': "
     "'string'}\n\nOn instance['v']:\n    [1.5, 1e+16, 1e-05, 0.0001, 123456789.0, 1e-07, -0.0, "
     "1e+22]",
     "Invalid input for field/attribute v. Value: [1.5, 1e+16, 1e-05, 0.0001, 123456789.0, 1e-07, "
     "-0.0, 1e+22]. [1.5, 1e+16, 1e-05, 0.0001, 123456789.0, 1e-07, -0.0, 1e+22] is not of type "
     "'string'"},
    {"ReprNested", R"json({"type": "object", "properties": {"v": {"type": "string"}}})json",
     R"json({"v": {"b": [true, false, null], "a": {"x": 1}}})json",
     "Invalid input for field 'v': {'b': [True, False, None], 'a': {'x': 1}} is not of type "
     "'string'\n\nFailed validating 'type' in schema['properties']['v']:\n    {'type': "
     "'string'}\n\nOn instance['v']:\n    {'a': {'x': 1}, 'b': [True, False, None]}",
     "Invalid input for field/attribute v. Value: {'b': [True, False, None], 'a': {'x': 1}}. {'b': "
     "[True, False, None], 'a': {'x': 1}} is not of type 'string'"},
    {"LongSchemaWraps",
     R"json({"type": "object", "properties": {"user": {"type": "object", "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "[\\S]+"}, "description": {"type": ["string", "null"]}, "enabled": {"type": "boolean"}, "domain_id": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-zA-Z0-9-]+$"}, "password": {"type": ["string", "null"]}, "options": {"type": "object", "properties": {"ignore_lockout_failure_attempts": {"type": ["boolean", "null"]}}, "additionalProperties": false}}, "required": ["name"], "additionalProperties": true}}, "required": ["user"], "additionalProperties": false})json",
     R"json({"user": {"enabled": true}})json",
     "Invalid input for field 'user': 'name' is a required property\n\nFailed validating "
     "'required' in schema['properties']['user']:\n    {'additionalProperties': True,\n     "
     "'properties': {'description': {'type': ['string', 'null']},\n                    "
     "'domain_id': {'maxLength': 64,\n                                  'minLength': 1,\n          "
     "                        'pattern': '^[a-zA-Z0-9-]+$',\n                                  "
     "'type': 'string'},\n                    'enabled': {'type': 'boolean'},\n                    "
     "'name': {'maxLength': 255,\n                             'minLength': 1,\n                   "
     "          'pattern': '[\\\\S]+',\n                             'type': 'string'},\n          "
     "          'options': {'additionalProperties': False,\n                                "
     "'properties': {'ignore_lockout_failure_attempts': {'type': ['boolean',\n                     "
     "                                                                       'null']}},\n          "
     "                      'type': 'object'},\n                    'password': {'type': "
     "['string', 'null']}},\n     'required': ['name'],\n     'type': 'object'}\n\nOn "
     "instance['user']:\n    {'enabled': True}",
     "Invalid input for field/attribute user. Value: {'enabled': True}. 'name' is a required "
     "property"},
    {"LongInstanceWraps",
     R"json({"type": "object", "properties": {"server": {"type": "object", "required": ["name"]}}})json",
     R"json({"server": {"imageRef": "70a599e0-31e7-49b7-b260-868f441e862b", "flavorRef": "http://openstack.example.com/flavors/1", "metadata": {"My Server Name": "Apache1"}, "description": "a very long description of this server that certainly will not fit on a single line of seventy two characters, so pprint has to wrap it"}})json",
     "Invalid input for field 'server': 'name' is a required property\n\nFailed validating "
     "'required' in schema['properties']['server']:\n    {'required': ['name'], 'type': "
     "'object'}\n\nOn instance['server']:\n    {'description': 'a very long description of this "
     "server that certainly '\n                    'will not fit on a single line of seventy two "
     "'\n                    'characters, so pprint has to wrap it',\n     'flavorRef': "
     "'http://openstack.example.com/flavors/1',\n     'imageRef': "
     "'70a599e0-31e7-49b7-b260-868f441e862b',\n     'metadata': {'My Server Name': 'Apache1'}}",
     "Invalid input for field/attribute server. Value: {'imageRef': "
     "'70a599e0-31e7-49b7-b260-868f441e862b', 'flavorRef': "
     "'http://openstack.example.com/flavors/1', 'metadata': {'My Server Name': 'Apache1'}, "
     "'description': 'a very long description of this server that certainly will not fit on a "
     "single line of seventy two characters, so pprint has to wrap it'}. 'name' is a required "
     "property"},
    {"LongTopLevelString", R"json({"type": "integer"})json",
     R"json("a very long description of this server that certainly will not fit on a single line of seventy two characters\nand a second line")json",
     "'a very long description of this server that certainly will not fit on a single line of "
     "seventy two characters\\nand a second line' is not of type 'integer'\n\nFailed validating "
     "'type' in schema:\n    {'type': 'integer'}\n\nOn instance:\n    ('a very long description of "
     "this server that certainly will not fit '\n     'on a single line of seventy two "
     "characters\\n'\n     'and a second line')",
     "'a very long description of this server that certainly will not fit on a single line of "
     "seventy two characters\\nand a second line' is not of type 'integer'"},
    {"FalseSchema", R"json({"type": "object", "properties": {"x": false}})json",
     R"json({"x": 1})json",
     "Invalid input for field 'x': False schema does not allow 1\n\nFailed validating None in "
     "schema['properties']:\n    False\n\nOn instance['x']:\n    1",
     "Invalid input for field/attribute x. Value: 1. False schema does not allow 1"},
    {"HyphenAfterRangeIsLiteral",
     R"json({"type": "object", "properties": {"name": {"type": "string", "pattern": "^[a-z0-9-_.]+$"}}})json",
     R"json({"name": "ok-name_1.x/"})json",
     "Invalid input for field 'name': 'ok-name_1.x/' does not match '^[a-z0-9-_.]+$'\n\nFailed "
     "validating 'pattern' in schema['properties']['name']:\n    {'pattern': '^[a-z0-9-_.]+$', "
     "'type': 'string'}\n\nOn instance['name']:\n    'ok-name_1.x/'",
     "Invalid input for field/attribute name. Value: ok-name_1.x/. 'ok-name_1.x/' does not match "
     "'^[a-z0-9-_.]+$'"},
    {"Valid",
     R"json({"type": "object", "properties": {"name": {"type": "string"}, "n": {"type": "number", "minimum": 0}}, "required": ["name"]})json",
     R"json({"name": "x", "n": 0.5})json", nullptr, nullptr},
};

class SchemaUpstream : public ::testing::TestWithParam<UpstreamCase> {};

std::string outcome(const std::optional<json::ValidationError>& error,
                    std::string (*message)(const json::ValidationError&)) {
    return error ? message(*error) : std::string("<valid>");
}

}  // namespace

TEST_P(SchemaUpstream, KeystoneMessage) {
    const auto& c = GetParam();
    auto schema = json::Schema::compile(c.schema);
    auto error = schema.validate(boost::json::parse(c.instance));
    EXPECT_EQ(outcome(error, json::keystone_message), c.keystone ? c.keystone : "<valid>");
}

TEST_P(SchemaUpstream, NovaMessage) {
    const auto& c = GetParam();
    auto schema = json::Schema::compile(c.schema, json::SchemaOptions::nova());
    auto error = schema.validate(boost::json::parse(c.instance));
    EXPECT_EQ(outcome(error, json::nova_message), c.nova ? c.nova : "<valid>");
}

INSTANTIATE_TEST_SUITE_P(SchemaUpstream, SchemaUpstream, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });
