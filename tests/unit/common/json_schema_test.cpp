// Schema behaviour beyond the upstream message table
// (json_schema_upstream_test.cpp): error details, keyword order, compile-time
// rejection, Python regex dialect, formats, and concurrent use.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/json/schema.hpp"

namespace json = onestack::json;
using json::Schema;

namespace {

std::optional<json::ValidationError> check(const Schema& s, std::string_view instance) {
    return s.validate(boost::json::parse(instance));
}

std::string message_of(const Schema& s, std::string_view instance) {
    auto e = check(s, instance);
    return e ? e->message : "<valid>";
}

}  // namespace

TEST(SchemaError, CarriesPathKeywordValueAndSchemaPath) {
    auto s = Schema::compile(R"({
        "type": "object",
        "properties": {"server": {"type": "object", "properties": {
            "networks": {"type": "array", "items": {"type": "object", "properties": {
                "uuid": {"type": "string"}}}}}}}})");
    auto e = check(s, R"({"server": {"networks": [{"uuid": "a"}, {"uuid": 5}]}})");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->path, (json::Path{"server", "networks", std::size_t{1}, "uuid"}));
    EXPECT_EQ(e->path_string(), "server/networks/1/uuid");
    EXPECT_EQ(e->keyword, "type");
    EXPECT_EQ(e->instance, boost::json::value(5));
    EXPECT_EQ(e->schema, boost::json::parse(R"({"type": "string"})"));
    EXPECT_EQ(e->schema_path, (json::Path{"properties", "server", "properties", "networks", "items",
                                          "properties", "uuid", "type"}));
    EXPECT_EQ(e->message, "5 is not of type 'string'");
}

TEST(SchemaError, FirstErrorFollowsTheSchemasKeywordOrder) {
    auto required_first =
        Schema::compile(R"({"required": ["name"], "properties": {"id": {"type": "string"}}})");
    auto properties_first =
        Schema::compile(R"({"properties": {"id": {"type": "string"}}, "required": ["name"]})");
    EXPECT_EQ(message_of(required_first, R"({"id": 1})"), "'name' is a required property");
    EXPECT_EQ(message_of(properties_first, R"({"id": 1})"), "1 is not of type 'string'");
}

TEST(SchemaError, PropertiesAreCheckedInSchemaOrder) {
    auto s =
        Schema::compile(R"({"properties": {"b": {"type": "string"}, "a": {"type": "string"}}})");
    auto e = check(s, R"({"a": 1, "b": 2})");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->path_string(), "b");
}

TEST(SchemaError, NovaQueryMessageNamesTheParameter) {
    // Strings printed by nova 26's _SchemaValidator(schema, is_body=False).
    auto s = Schema::compile(R"({"type": "object", "properties": {
        "limit": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]+$"}},
        "sort_key": {"type": "array", "items": {"enum": ["name", "created_at"]}}}})",
                             json::SchemaOptions::nova());
    auto limit = check(s, R"({"limit": ["10", "x"]})");
    ASSERT_TRUE(limit);
    EXPECT_EQ(json::nova_query_message(*limit),
              "Invalid input for query parameters limit. Value: x. 'x' does not match '^[0-9]+$'");
    auto sort_key = check(s, R"({"sort_key": ["bogus"]})");
    ASSERT_TRUE(sort_key);
    EXPECT_EQ(json::nova_query_message(*sort_key),
              "Invalid input for query parameters sort_key. Value: bogus. 'bogus' is not one of "
              "['name', 'created_at']");
}

TEST(SchemaCompile, RejectsSchemasItCannotHonour) {
    const char* bad[] = {
        R"({"type": "strnig"})",
        R"({"type": 5})",
        R"({"pattern": "([a-z"})",
        R"({"patternProperties": {"(": {}}})",
        R"({"$ref": "#/definitions/missing"})",
        R"({"$ref": "http://example.com/schema"})",
        R"({"minLength": -1})",
        R"({"required": "name"})",
        R"({"properties": {"a": 5}})",
        R"({"anyOf": []})",
        R"({"minimum": "1"})",
        R"({"type": "object",)",
        R"([])",
    };
    for (const char* schema : bad) {
        EXPECT_THROW(Schema::compile(schema), std::invalid_argument) << schema;
    }
}

TEST(SchemaCompile, IgnoresAnnotationsAndUnknownFormats) {
    auto s = Schema::compile(R"({"$schema": "http://json-schema.org/draft-04/schema#",
        "title": "t", "description": "d", "default": 1, "x-custom": true,
        "type": "string", "format": "hostname"})");
    EXPECT_TRUE(s.is_valid("not a hostname!"));
    EXPECT_FALSE(s.is_valid(1));
}

TEST(SchemaCompile, CopiesShareTheCompiledForm) {
    auto s = Schema::compile(R"({"type": "integer"})");
    Schema copy = s;
    EXPECT_TRUE(copy.is_valid(3));
    EXPECT_FALSE(copy.is_valid("3"));
}

TEST(SchemaKeywords, BooleanSchemas) {
    EXPECT_TRUE(Schema::compile("true").is_valid(boost::json::parse(R"({"a": [1]})")));
    auto s = Schema::compile(R"({"properties": {"gone": false}})");
    EXPECT_EQ(message_of(s, R"({"gone": 1})"), "False schema does not allow 1");
    EXPECT_TRUE(s.is_valid(boost::json::parse(R"({"other": 1})")));
}

TEST(SchemaKeywords, RefEscapesAndRecursion) {
    auto s = Schema::compile(R"({
        "definitions": {"a/b": {"type": "integer"}, "t~n": {"type": "string"},
                        "node": {"type": "object", "properties": {
                            "kids": {"type": "array", "items": {"$ref": "#/definitions/node"}},
                            "v": {"$ref": "#/definitions/a~1b"},
                            "w": {"$ref": "#/definitions/t~0n"}}}},
        "$ref": "#/definitions/node"})");
    EXPECT_TRUE(s.is_valid(boost::json::parse(R"({"kids": [{"kids": [{"v": 1, "w": "x"}]}]})")));
    auto e = check(s, R"({"kids": [{"kids": [{"v": "1"}]}]})");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->path_string(), "kids/0/kids/0/v");
    // $ref adds nothing to the schema path, as in jsonschema.
    EXPECT_EQ(e->schema_path, (json::Path{"properties", "kids", "items", "properties", "kids",
                                          "items", "properties", "v", "type"}));
}

TEST(SchemaKeywords, AdditionalPropertiesHonoursPatternProperties) {
    auto s = Schema::compile(R"({"type": "object",
        "properties": {"name": {"type": "string"}},
        "patternProperties": {"^x-": {"type": "integer"}},
        "additionalProperties": false})");
    EXPECT_TRUE(s.is_valid(boost::json::parse(R"({"name": "a", "x-count": 2})")));
    EXPECT_EQ(message_of(s, R"({"name": "a", "x-count": "2"})"), "'2' is not of type 'integer'");
    EXPECT_EQ(message_of(s, R"({"name": "a", "y": 1, "z": 2})"),
              "'y', 'z' do not match any of the regexes: '^x-'");
}

TEST(SchemaKeywords, TupleItemsAndAdditionalItems) {
    auto closed = Schema::compile(
        R"({"items": [{"type": "string"}, {"type": "integer"}], "additionalItems": false})");
    EXPECT_TRUE(closed.is_valid(boost::json::parse(R"(["a", 1])")));
    EXPECT_TRUE(closed.is_valid(boost::json::parse(R"(["a"])")));
    EXPECT_EQ(message_of(closed, R"(["a", 1, true, null])"),
              "Additional items are not allowed (True, None were unexpected)");
    auto typed = Schema::compile(
        R"({"items": [{"type": "string"}], "additionalItems": {"type": "integer"}})");
    auto e = check(typed, R"(["a", 1, "b"])");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->path_string(), "2");
}

TEST(SchemaKeywords, NumbersCompareAcrossIntAndFloat) {
    auto s = Schema::compile(R"({"minimum": 1.5, "maximum": 9007199254740993})");
    EXPECT_FALSE(s.is_valid(1));
    EXPECT_TRUE(s.is_valid(2));
    EXPECT_TRUE(s.is_valid(9007199254740993LL));
    EXPECT_FALSE(s.is_valid(9007199254740994LL));
    EXPECT_TRUE(Schema::compile(R"({"enum": [2.0]})").is_valid(2));
    EXPECT_FALSE(Schema::compile(R"({"enum": [1]})").is_valid(true));
    EXPECT_TRUE(Schema::compile(R"({"multipleOf": 0.5})").is_valid(2.5));
}

TEST(SchemaKeywords, NumericStringsAreBoundedOnlyForNova) {
    const char* text = R"({"type": ["integer", "string"], "pattern": "^[0-9]*$", "minimum": 1})";
    EXPECT_TRUE(Schema::compile(text).is_valid("0"));
    auto nova = Schema::compile(text, json::SchemaOptions::nova());
    EXPECT_EQ(message_of(nova, R"("0")"), "0 is less than the minimum of 1");
    EXPECT_TRUE(nova.is_valid("12"));
    EXPECT_TRUE(nova.is_valid("abc") == false);  // pattern still applies
}

TEST(SchemaRegex, SpeaksPythonsDialect) {
    auto dollar = Schema::compile(R"({"pattern": "^[a-z]+$"})");
    EXPECT_TRUE(dollar.is_valid("abc\n"));  // Python's $ allows one final newline
    EXPECT_FALSE(dollar.is_valid("abc\nd"));
    auto end = Schema::compile(R"({"pattern": "^[a-z]+\\Z"})");
    EXPECT_FALSE(end.is_valid("abc\n"));  // \Z is the very end
    EXPECT_TRUE(end.is_valid("abc"));
    auto named = Schema::compile(R"({"pattern": "^(?P<c>[a-z])(?P=c)$"})");
    EXPECT_TRUE(named.is_valid("aa"));
    EXPECT_FALSE(named.is_valid("ab"));
    auto escapes = Schema::compile(R"({"pattern": "^[\\u00e0-\\u00ff\\U0001F600]+$"})");
    EXPECT_TRUE(escapes.is_valid("\xc3\xa9\xf0\x9f\x98\x80"));  // é😀
    EXPECT_FALSE(escapes.is_valid("e"));
    auto dot = Schema::compile(R"({"pattern": "^a.b$"})");
    EXPECT_FALSE(dot.is_valid("a\nb"));
    EXPECT_TRUE(
        dot.is_valid("a\xc3\xa9"
                     "b"));  // '.' is one code point, not one byte
    auto search = Schema::compile(R"({"pattern": "[0-9]"})");
    EXPECT_TRUE(search.is_valid("abc1def"));  // re.search, not re.match
    auto literal_dollar = Schema::compile(R"({"pattern": "^[$]\\$$"})");
    EXPECT_TRUE(literal_dollar.is_valid("$$"));
}

TEST(SchemaRegex, CharacterClassesReadAsPythonReadsThem) {
    auto hyphens = Schema::compile(R"({"pattern": "^[a-z0-9-_.]+$"})");
    EXPECT_TRUE(hyphens.is_valid("ok-name_1.x"));
    EXPECT_FALSE(hyphens.is_valid("no/slash"));
    auto leading_bracket = Schema::compile(R"({"pattern": "^[]a]+$"})");
    EXPECT_TRUE(leading_bracket.is_valid("a]a"));
    auto negated = Schema::compile(R"({"pattern": "^[^]-]+$"})");
    EXPECT_TRUE(negated.is_valid("abc"));
    EXPECT_FALSE(negated.is_valid("a-c"));
    EXPECT_FALSE(negated.is_valid("a]c"));
    auto range_to_hyphen = Schema::compile(R"({"pattern": "^[!--]+$"})");  // '!' through '-'
    EXPECT_TRUE(range_to_hyphen.is_valid("!#,-"));
    EXPECT_FALSE(range_to_hyphen.is_valid("."));
    auto open_bracket = Schema::compile(R"({"pattern": "^[[a]+$"})");
    EXPECT_TRUE(open_bracket.is_valid("[a["));
}

TEST(SchemaRegex, HugeStringsDoNotExhaustTheStack) {
    auto s = Schema::compile(R"({"type": "string", "pattern": "^[a-z]*$"})");
    std::string big(1 << 20, 'a');
    EXPECT_TRUE(s.is_valid(boost::json::value(big)));
    big.back() = 'A';
    EXPECT_FALSE(s.is_valid(boost::json::value(big)));
}

TEST(SchemaFormats, UuidStrictForKeystoneLenientForNova) {
    const char* text = R"({"format": "uuid"})";
    auto strict = Schema::compile(text);
    auto lenient = Schema::compile(text, json::SchemaOptions::nova());
    for (const char* ok :
         {"3f2504e0-4f89-41d3-9a0c-0305e82c3301", "3F2504E0-4F89-41D3-9A0C-0305E82C3301"}) {
        EXPECT_TRUE(strict.is_valid(ok)) << ok;
        EXPECT_TRUE(lenient.is_valid(ok)) << ok;
    }
    for (const char* nova_only :
         {"3f2504e04f8941d39a0c0305e82c3301", "{3f2504e0-4f89-41d3-9a0c-0305e82c3301}",
          "urn:uuid:3f2504e0-4f89-41d3-9a0c-0305e82c3301"}) {
        EXPECT_FALSE(strict.is_valid(nova_only)) << nova_only;
        EXPECT_TRUE(lenient.is_valid(nova_only)) << nova_only;
    }
    for (const char* bad :
         {"", "3f2504e0-4f89-41d3-9a0c-0305e82c330", "g3f2504e04f8941d39a0c0305e82c3301"}) {
        EXPECT_FALSE(strict.is_valid(bad)) << bad;
        EXPECT_FALSE(lenient.is_valid(bad)) << bad;
    }
    EXPECT_TRUE(strict.is_valid(12));  // formats only judge strings
}

TEST(SchemaFormats, DateTimeEmailUriIp) {
    auto date_time = Schema::compile(R"({"format": "date-time"})");
    for (const char* ok : {"2024-01-31T12:30:00Z", "2024-01-31T12:30:00.123456+02:00",
                           "2024-01-31 12:30", "2024-01-31", "2024-01-31T12:30:00-0500"}) {
        EXPECT_TRUE(date_time.is_valid(ok)) << ok;
    }
    for (const char* bad : {"yesterday", "2024-1-31", "2024-01-31T25",
                            "2024-01-31T12:30:00+05:", "2024-01-31T12:30:00Zjunk"}) {
        EXPECT_FALSE(date_time.is_valid(bad)) << bad;
    }
    auto email = Schema::compile(R"({"format": "email"})");
    EXPECT_TRUE(email.is_valid("a@b"));
    EXPECT_FALSE(email.is_valid("ab"));
    auto uri = Schema::compile(R"({"format": "uri"})");
    EXPECT_TRUE(uri.is_valid("https://user@example.com:5000/v3?x=1#f"));
    EXPECT_FALSE(uri.is_valid("/relative/path"));
    EXPECT_FALSE(uri.is_valid("http://"));
    EXPECT_FALSE(uri.is_valid("http://exa mple.com"));
    auto ipv4 = Schema::compile(R"({"format": "ipv4"})");
    EXPECT_TRUE(ipv4.is_valid("10.0.0.1"));
    EXPECT_FALSE(ipv4.is_valid("10.0.0.256"));
    auto ipv6 = Schema::compile(R"({"format": "ipv6"})");
    EXPECT_TRUE(ipv6.is_valid("fe80::1"));
    EXPECT_FALSE(ipv6.is_valid("fe80::1::2"));
}

TEST(SchemaFormats, ServicesCanDefineTheirOwn) {
    auto options = json::SchemaOptions::nova();
    // Shaped like nova's "keypair_name_20" checker, which raises InvalidName.
    options.formats["keypair_name"] =
        [](const boost::json::value& v) -> std::optional<std::string> {
        if (v.is_string() && v.get_string().find('/') == boost::json::string::npos) {
            return std::nullopt;
        }
        return "An invalid 'name' value was provided. The name must be: Only expected characters";
    };
    options.formats["base64"] = [](const boost::json::value& v) -> std::optional<std::string> {
        return v.is_string() && v.get_string().size() % 4 == 0 ? std::nullopt
                                                               : std::optional<std::string>("");
    };
    options.formats["email"] = [](const boost::json::value&) -> std::optional<std::string> {
        return std::nullopt;  // overrides the built-in check
    };
    auto s = Schema::compile(R"({"type": "object", "properties": {
        "name": {"format": "keypair_name"}, "data": {"format": "base64"},
        "mail": {"format": "email"}}})",
                             options);
    EXPECT_TRUE(s.is_valid(boost::json::parse(R"({"name": "k1", "data": "abcd", "mail": "x"})")));
    auto bad_name = check(s, R"({"name": "a/b"})");
    ASSERT_TRUE(bad_name);
    EXPECT_EQ(json::nova_message(*bad_name),
              "An invalid 'name' value was provided. The name must be: Only expected characters");
    EXPECT_EQ(bad_name->message, "'a/b' is not a 'keypair_name'");
    auto not_a_string = check(s, R"({"name": 5})");  // custom checks see every type
    ASSERT_TRUE(not_a_string);
    EXPECT_EQ(not_a_string->keyword, "format");
    auto bad_data = check(s, R"({"data": "abc"})");
    ASSERT_TRUE(bad_data);
    EXPECT_EQ(json::nova_message(*bad_data),
              "Invalid input for field/attribute data. Value: abc. 'abc' is not a 'base64'");
}

TEST(SchemaConcurrency, OneCompiledSchemaServesManyThreads) {
    auto s = Schema::compile(R"({"type": "object", "properties": {
        "name": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 8},
        "n": {"anyOf": [{"type": "integer"}, {"type": "null"}]}},
        "required": ["name"], "additionalProperties": false})");
    auto good = boost::json::parse(R"({"name": "abc", "n": null})");
    auto bad = boost::json::parse(R"({"name": "ABC", "n": 1})");
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 2000; ++i) {
                auto e = s.validate(i % 2 ? good : bad);
                bool expected_error = i % 2 == 0;
                if (e.has_value() != expected_error ||
                    (e && e->message != "'ABC' does not match '^[a-z]+$'")) {
                    ++wrong;
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(wrong.load(), 0);
}
