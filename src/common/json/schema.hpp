#pragma once
// JSON Schema validation: the Draft 4 subset OpenStack's API schemas use,
// compiled once at startup and then shared read-only by every request thread.
//
// Upstream validates with python-jsonschema's Draft4Validator and reports the
// first error it yields; we walk keywords in the schema's own order so the
// same error comes first, and word messages as jsonschema 4.x does
// ("1 is not of type 'string'"). keystone_message() and nova_message() wrap
// them the way keystone/common/validation/validators.py and
// nova/api/validation/validators.py do.
#include <boost/json/value.hpp>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace onestack::json {

// One step into a document: an object key or an array index.
using PathSegment = std::variant<std::string, std::size_t>;
using Path = std::vector<PathSegment>;

struct ValidationError {
    Path path;                    // where in the instance: {"server", "name"}
    Path schema_path;             // where in the schema, ending with the keyword
    std::string keyword;          // "type", "required", ... (empty for a false schema)
    boost::json::value instance;  // the value that failed
    boost::json::value schema;    // the (sub)schema holding the failing keyword
    std::string message;          // jsonschema's words: "1 is not of type 'string'"
    // Set by a service-defined format that explains itself (nova's
    // InvalidName); nova_message() then answers with it alone.
    std::string cause;

    // "server/name", as keystone joins the path.
    std::string path_string() const;
};

struct SchemaOptions {
    // nova's _SchemaValidator: minimum/maximum also check strings such as
    // "10", converted as Python's int() then float() would.
    bool bounds_check_numeric_strings = false;
    // nova's "uuid" format is oslo's uuidutils.is_uuid_like (dashes optional,
    // braces allowed); jsonschema's own wants the canonical dashed form.
    bool uuid_like_format = false;

    // Formats a service defines itself (nova's "name", "cidr", "base64"...),
    // checked before the built-in ones and, like jsonschema's checkers, given
    // every value, not only strings. A check returns nullopt when the value
    // conforms; otherwise "" for jsonschema's "<value> is not a '<format>'",
    // or a sentence that becomes ValidationError::cause.
    using FormatCheck = std::function<std::optional<std::string>(const boost::json::value&)>;
    std::map<std::string, FormatCheck, std::less<>> formats;

    static SchemaOptions nova() {
        SchemaOptions options;
        options.bounds_check_numeric_strings = true;
        options.uuid_like_format = true;
        return options;
    }
};

class Schema {
  public:
    // Throws std::invalid_argument for a schema we cannot honour: bad JSON,
    // unknown type names, uncompilable patterns, unresolvable $ref. These are
    // programming errors caught at startup.
    static Schema compile(const boost::json::value& schema, SchemaOptions options = {});
    static Schema compile(std::string_view schema_json_text, SchemaOptions options = {});
    static Schema compile(const char* schema_json_text, SchemaOptions options = {}) {
        return compile(std::string_view(schema_json_text), std::move(options));
    }
    static Schema compile(const std::string& schema_json_text, SchemaOptions options = {}) {
        return compile(std::string_view(schema_json_text), std::move(options));
    }

    // The first error jsonschema would raise, or nullopt when valid.
    std::optional<ValidationError> validate(const boost::json::value& instance) const;
    bool is_valid(const boost::json::value& instance) const;

    struct Compiled;

  private:
    explicit Schema(std::shared_ptr<const Compiled> compiled) : compiled_(std::move(compiled)) {}
    std::shared_ptr<const Compiled> compiled_;
};

// keystone: "Invalid input for field 'a/b': <message>" followed, as
// str(jsonschema.ValidationError) prints it, by the failing schema and
// instance ("Failed validating 'type' in schema[...]: ... On instance[...]: ...").
std::string keystone_message(const ValidationError& e);
// nova, request bodies: "Invalid input for field/attribute <last path
// segment>. Value: <str(value)>. <message>", or the cause alone when a
// format supplied one.
std::string nova_message(const ValidationError& e);
// nova, query strings: "Invalid input for query parameters <first path
// segment>. Value: <str(value)>. <message>".
std::string nova_query_message(const ValidationError& e);

}  // namespace onestack::json
