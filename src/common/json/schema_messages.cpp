// The sentences keystone and nova build around a jsonschema error.
#include <string>

#include "common/json/python_repr.hpp"
#include "common/json/schema.hpp"

namespace onestack::json {

namespace {

std::string segment_str(const PathSegment& s) {
    if (const auto* key = std::get_if<std::string>(&s)) {
        return *key;
    }
    return std::to_string(std::get<std::size_t>(s));
}

std::string segment_repr(const PathSegment& s) {
    if (const auto* key = std::get_if<std::string>(&s)) {
        return python::repr(*key);
    }
    return std::to_string(std::get<std::size_t>(s));
}

// jsonschema._utils.format_as_index: "instance['a'][0]".
std::string format_as_index(std::string container, Path::const_iterator begin,
                            Path::const_iterator end) {
    if (begin == end) {
        return container;
    }
    container += "[";
    for (auto it = begin; it != end; ++it) {
        container += (it == begin ? "" : "][") + segment_repr(*it);
    }
    return container + "]";
}

// textwrap.indent(text, "    ").
std::string indented(const std::string& text) {
    std::string out = "    ";
    for (char c : text) {
        out.push_back(c);
        if (c == '\n') {
            out += "    ";
        }
    }
    return out;
}

// str(jsonschema.ValidationError) in jsonschema 4.x (exceptions._Error.__str__):
// the message, then the failing keyword, schema and instance pretty-printed.
std::string jsonschema_str(const ValidationError& e) {
    auto schema_path_end = e.schema_path.empty() ? e.schema_path.end() : e.schema_path.end() - 1;
    return e.message + "\n\nFailed validating " +
           (e.keyword.empty() ? std::string("None") : python::repr(e.keyword)) + " in " +
           format_as_index("schema", e.schema_path.begin(), schema_path_end) + ":\n" +
           indented(python::pformat(e.schema, 72)) + "\n\nOn " +
           format_as_index("instance", e.path.begin(), e.path.end()) + ":\n" +
           indented(python::pformat(e.instance, 72));
}

std::string nova_detail(std::string_view where, const PathSegment& name, const ValidationError& e) {
    return std::string(where) + segment_str(name) + ". Value: " + python::str(e.instance) + ". " +
           e.message;
}

}  // namespace

std::string ValidationError::path_string() const {
    std::string out;
    for (const auto& segment : path) {
        out += (out.empty() ? "" : "/") + segment_str(segment);
    }
    return out;
}

// keystone/common/validation/validators.py SchemaValidator.validate.
std::string keystone_message(const ValidationError& e) {
    if (e.path.empty()) {
        return jsonschema_str(e);
    }
    return "Invalid input for field '" + e.path_string() + "': " + jsonschema_str(e);
}

// nova/api/validation/validators.py _SchemaValidator.validate, is_body=True:
// the field is ex.path.pop(), the last segment.
std::string nova_message(const ValidationError& e) {
    if (!e.cause.empty()) {
        return e.cause;  // isinstance(ex.cause, exception.InvalidName)
    }
    if (e.path.empty()) {
        return e.message;
    }
    return nova_detail("Invalid input for field/attribute ", e.path.back(), e);
}

// The same, is_body=False: the parameter is ex.path.popleft(), the first.
std::string nova_query_message(const ValidationError& e) {
    if (!e.cause.empty()) {
        return e.cause;
    }
    if (e.path.empty()) {
        return e.message;
    }
    return nova_detail("Invalid input for query parameters ", e.path.front(), e);
}

}  // namespace onestack::json
