// Schema::compile: turns a schema document into SchemaNodes once, so that
// validation never re-reads keywords, re-parses numbers or recompiles regexes.
#include <boost/json.hpp>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include "common/http/message.hpp"
#include "common/json/schema_node.hpp"

namespace onestack::json {

namespace {

namespace bj = boost::json;

[[noreturn]] void bad_schema(const std::string& what) {
    throw std::invalid_argument("invalid JSON schema: " + what);
}

unsigned type_bit(std::string_view name) {
    static constexpr std::pair<std::string_view, unsigned> kTypes[] = {
        {"array", kArray},   {"boolean", kBoolean}, {"integer", kInteger}, {"null", kNull},
        {"number", kNumber}, {"object", kObject},   {"string", kString},
    };
    for (const auto& [type, bit] : kTypes) {
        if (type == name) {
            return bit;
        }
    }
    bad_schema("unknown type '" + std::string(name) + "'");
}

// Formats we check; python-jsonschema ignores formats it does not know.
std::optional<Format> known_format(std::string_view name) {
    static constexpr std::pair<std::string_view, Format> kFormats[] = {
        {"uuid", Format::uuid}, {"date-time", Format::date_time}, {"email", Format::email},
        {"uri", Format::uri},   {"ipv4", Format::ipv4},           {"ipv6", Format::ipv6},
    };
    for (const auto& [format_name, format] : kFormats) {
        if (format_name == name) {
            return format;
        }
    }
    return std::nullopt;
}

std::size_t count_of(std::string_view keyword, const bj::value& v) {
    if (v.is_int64() && v.get_int64() >= 0) {
        return static_cast<std::size_t>(v.get_int64());
    }
    if (v.is_uint64()) {
        return static_cast<std::size_t>(v.get_uint64());
    }
    if (v.is_double() && v.get_double() >= 0 && std::floor(v.get_double()) == v.get_double()) {
        return static_cast<std::size_t>(v.get_double());
    }
    bad_schema("'" + std::string(keyword) + "' must be a non-negative integer");
}

const bj::object& object_of(std::string_view keyword, const bj::value& v) {
    if (!v.is_object()) {
        bad_schema("'" + std::string(keyword) + "' must be an object");
    }
    return v.get_object();
}

const bj::array& array_of(std::string_view keyword, const bj::value& v) {
    if (!v.is_array()) {
        bad_schema("'" + std::string(keyword) + "' must be an array");
    }
    return v.get_array();
}

std::vector<std::string> strings_of(std::string_view keyword, const bj::value& v) {
    std::vector<std::string> out;
    for (const auto& item : array_of(keyword, v)) {
        if (!item.is_string()) {
            bad_schema("'" + std::string(keyword) + "' must list strings");
        }
        out.emplace_back(item.get_string());
    }
    return out;
}

// The JSON pointer of target inside root ("#/properties/type"), for errors.
std::string locate(const bj::value& root, const bj::value* target, const std::string& at = "#") {
    if (&root == target) {
        return at;
    }
    if (const auto* o = root.if_object()) {
        for (const auto& member : *o) {
            auto found = locate(member.value(), target, at + "/" + std::string(member.key()));
            if (!found.empty()) {
                return found;
            }
        }
    } else if (const auto* a = root.if_array()) {
        for (std::size_t i = 0; i < a->size(); ++i) {
            auto found = locate((*a)[i], target, at + "/" + std::to_string(i));
            if (!found.empty()) {
                return found;
            }
        }
    }
    return {};
}

PythonRegex regex_of(std::string_view pattern) {
    try {
        return PythonRegex(pattern);
    } catch (const std::invalid_argument& e) {
        bad_schema(e.what());
    }
}

class Compiler {
  public:
    explicit Compiler(Schema::Compiled& out) : out_(out) {}

    const SchemaNode* compile(const bj::value& schema) {
        if (auto it = done_.find(&schema); it != done_.end()) {
            return it->second;
        }
        if (!schema.is_object() && !schema.is_bool()) {
            // Upstream has a few of these (nova's aggregates and quota_sets
            // schemas list "type": "object" among their properties); fix the
            // copy rather than let the request that names it fail later.
            bad_schema("a schema must be an object or a boolean, got " + bj::serialize(schema) +
                       " at " + locate(out_.document, &schema));
        }
        // Registered before its keywords compile, so a $ref cycle finds it.
        SchemaNode& node = out_.nodes.emplace_back();
        done_[&schema] = &node;
        node.json = &schema;
        if (schema.is_bool()) {
            node.boolean = schema.get_bool();
            return &node;
        }
        const auto& object = schema.get_object();
        read_siblings(node, object);
        for (const auto& member : object) {
            if (auto k = keyword(object, member.key(), member.value())) {
                node.keywords.push_back(std::move(*k));
            }
        }
        return &node;
    }

  private:
    // "#", "#/definitions/name": a JSON pointer into this document.
    const bj::value& resolve(std::string_view ref) {
        if (ref.empty() || ref.front() != '#') {
            bad_schema("only local '$ref's are supported, got '" + std::string(ref) + "'");
        }
        const bj::value* at = &out_.document;
        auto pointer = http::percent_decode(ref.substr(1));
        std::string_view rest = pointer;
        while (!rest.empty()) {
            if (rest.front() != '/') {
                bad_schema("bad '$ref' " + std::string(ref));
            }
            rest.remove_prefix(1);
            auto slash = rest.find('/');
            std::string token(rest.substr(0, slash));
            rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
            for (auto pos = token.find('~'); pos != std::string::npos;
                 pos = token.find('~', pos + 1)) {
                if (pos + 1 < token.size() && (token[pos + 1] == '0' || token[pos + 1] == '1')) {
                    token.replace(pos, 2, token[pos + 1] == '0' ? "~" : "/");
                }
            }
            if (at->is_object() && at->get_object().contains(token)) {
                at = &at->get_object().at(token);
            } else if (at->is_array() && !token.empty() && token.size() < 10 &&
                       token.find_first_not_of("0123456789") == std::string::npos &&
                       std::stoull(token) < at->get_array().size()) {
                at = &at->get_array()[std::stoull(token)];
            } else {
                bad_schema("unresolvable '$ref' " + std::string(ref));
            }
        }
        return *at;
    }

    void read_siblings(SchemaNode& node, const bj::object& object) {
        if (const auto* p = object.if_contains("properties")) {
            node.properties = &object_of("properties", *p);
        }
        if (const auto* p = object.if_contains("patternProperties")) {
            node.has_pattern_properties = true;
            for (const auto& member : object_of("patternProperties", *p)) {
                node.property_patterns.push_back(regex_of(member.key()));
            }
        }
        if (const auto* items = object.if_contains("items"); items && items->is_array()) {
            node.tuple_items = items->get_array().size();
        }
    }

    std::vector<const SchemaNode*> schema_list(std::string_view name, const bj::value& v) {
        const auto& list = array_of(name, v);
        if (list.empty()) {
            bad_schema("'" + std::string(name) + "' must not be empty");
        }
        std::vector<const SchemaNode*> subs;
        for (const auto& item : list) {
            subs.push_back(compile(item));
        }
        return subs;
    }

    std::optional<SchemaKeyword> keyword(const bj::object& schema, std::string_view name,
                                         const bj::value& v) {
        auto make = [&](KeywordKind kind) { return SchemaKeyword(kind, name, &v); };
        // Draft 4 says a $ref hides its siblings, but keystone and nova build
        // their validators with jsonschema.validators.extend(), which drops
        // that rule: $ref is one keyword among the others, in schema order.
        if (name == "$ref") {
            if (!v.is_string()) {
                bad_schema("'$ref' must be a string");
            }
            auto k = make(KeywordKind::ref);
            k.sub = compile(resolve(v.get_string()));
            return k;
        }
        if (name == "type") {
            auto k = make(KeywordKind::type);
            if (v.is_string()) {
                k.names.emplace_back(v.get_string());
            } else {
                k.names = strings_of(name, v);
            }
            for (const auto& type : k.names) {
                k.types |= type_bit(type);
            }
            return k;
        }
        if (name == "properties") {
            auto k = make(KeywordKind::properties);
            for (const auto& member : object_of(name, v)) {
                k.named.emplace_back(std::string(member.key()), compile(member.value()));
            }
            return k;
        }
        if (name == "patternProperties") {
            auto k = make(KeywordKind::pattern_properties);
            for (const auto& member : object_of(name, v)) {
                k.subs.push_back(compile(member.value()));
            }
            return k;
        }
        if (name == "additionalProperties" || name == "additionalItems") {
            auto k = make(name == "additionalProperties" ? KeywordKind::additional_properties
                                                         : KeywordKind::additional_items);
            if (v.is_bool()) {
                k.flag = v.get_bool();
            } else {
                k.sub = compile(v);
            }
            return k;
        }
        if (name == "required") {
            auto k = make(KeywordKind::required);
            k.names = strings_of(name, v);
            return k;
        }
        if (name == "items") {
            auto k = make(KeywordKind::items);
            if (v.is_array()) {
                for (const auto& item : v.get_array()) {
                    k.subs.push_back(compile(item));
                }
            } else {
                k.sub = compile(v);
            }
            return k;
        }
        static const std::pair<std::string_view, KeywordKind> kCounts[] = {
            {"minItems", KeywordKind::min_items},
            {"maxItems", KeywordKind::max_items},
            {"minLength", KeywordKind::min_length},
            {"maxLength", KeywordKind::max_length},
            {"minProperties", KeywordKind::min_properties},
            {"maxProperties", KeywordKind::max_properties},
        };
        for (const auto& [count_name, kind] : kCounts) {
            if (name == count_name) {
                auto k = make(kind);
                k.count = count_of(name, v);
                return k;
            }
        }
        if (name == "uniqueItems") {
            if (!v.is_bool()) {
                bad_schema("'uniqueItems' must be a boolean");
            }
            auto k = make(KeywordKind::unique_items);
            k.flag = v.get_bool();
            return k;
        }
        if (name == "pattern") {
            if (!v.is_string()) {
                bad_schema("'pattern' must be a string");
            }
            auto k = make(KeywordKind::pattern);
            k.regex.emplace(regex_of(v.get_string()));
            return k;
        }
        if (name == "format") {
            if (!v.is_string()) {
                bad_schema("'format' must be a string");
            }
            auto k = make(KeywordKind::format);
            if (auto custom = out_.options.formats.find(v.get_string());
                custom != out_.options.formats.end()) {
                k.custom_format = &custom->second;
                return k;
            }
            auto format = known_format(v.get_string());
            if (!format) {
                return std::nullopt;
            }
            k.format = *format;
            return k;
        }
        if (name == "enum") {
            array_of(name, v);
            return make(KeywordKind::enumeration);
        }
        if (name == "minimum" || name == "maximum" || name == "multipleOf") {
            if (!v.is_number()) {
                bad_schema("'" + std::string(name) + "' must be a number");
            }
            auto k = make(name == "minimum"   ? KeywordKind::minimum
                          : name == "maximum" ? KeywordKind::maximum
                                              : KeywordKind::multiple_of);
            // Draft 4: exclusiveMinimum/exclusiveMaximum are boolean siblings.
            auto exclusive =
                schema.if_contains(name == "minimum" ? "exclusiveMinimum" : "exclusiveMaximum");
            k.flag = exclusive && exclusive->is_bool() && exclusive->get_bool();
            return k;
        }
        if (name == "allOf" || name == "anyOf" || name == "oneOf") {
            auto k = make(name == "allOf"   ? KeywordKind::all_of
                          : name == "anyOf" ? KeywordKind::any_of
                                            : KeywordKind::one_of);
            k.subs = schema_list(name, v);
            return k;
        }
        if (name == "not") {
            auto k = make(KeywordKind::negation);
            k.sub = compile(v);
            return k;
        }
        if (name == "dependencies") {
            auto k = make(KeywordKind::dependencies);
            for (const auto& member : object_of(name, v)) {
                SchemaDependency d;
                d.property = member.key();
                if (member.value().is_array()) {
                    d.required = strings_of(name, member.value());
                } else {
                    d.schema = compile(member.value());
                }
                k.dependencies.push_back(std::move(d));
            }
            return k;
        }
        // Annotations ("description", "default", "definitions", ...) and
        // keywords Draft 4 does not define are ignored, as jsonschema does.
        return std::nullopt;
    }

    Schema::Compiled& out_;
    std::unordered_map<const bj::value*, const SchemaNode*> done_;
};

}  // namespace

Schema Schema::compile(const boost::json::value& schema, SchemaOptions options) {
    auto compiled = std::make_shared<Compiled>();
    compiled->document = schema;
    compiled->options = std::move(options);
    compiled->root = Compiler(*compiled).compile(compiled->document);
    return Schema(std::move(compiled));
}

Schema Schema::compile(std::string_view schema_json_text, SchemaOptions options) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(schema_json_text, ec);
    if (ec) {
        bad_schema("not JSON: " + ec.message());
    }
    return compile(parsed, std::move(options));
}

}  // namespace onestack::json
