#include "compute/metadata/python_json.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "common/json/python_repr.hpp"
#include "common/json/utf8.hpp"

namespace onestack::compute::metadata {
namespace {

void append_u(std::string& out, unsigned unit) {
    char buf[8];
    std::snprintf(buf, sizeof(buf), "\\u%04x", unit);
    out += buf;
}

// json.encoder.py_encode_basestring_ascii.
void append_string(std::string& out, std::string_view s) {
    out.push_back('"');
    std::size_t i = 0;
    while (i < s.size()) {
        char32_t cp = onestack::json::utf8::next(s, i);
        switch (cp) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (cp < 0x20 || cp > 0x7e) {
                    if (cp > 0xffff) {
                        char32_t v = cp - 0x10000;
                        append_u(out, 0xd800 | ((v >> 10) & 0x3ff));
                        append_u(out, 0xdc00 | (v & 0x3ff));
                    } else {
                        append_u(out, static_cast<unsigned>(cp));
                    }
                } else {
                    out.push_back(static_cast<char>(cp));
                }
        }
    }
    out.push_back('"');
}

void append_value(std::string& out, const boost::json::value& v) {
    switch (v.kind()) {
        case boost::json::kind::null:
            out += "null";
            break;
        case boost::json::kind::bool_:
            out += v.get_bool() ? "true" : "false";
            break;
        case boost::json::kind::int64:
            out += std::to_string(v.get_int64());
            break;
        case boost::json::kind::uint64:
            out += std::to_string(v.get_uint64());
            break;
        case boost::json::kind::double_:
            // json.dumps writes a float as its repr().
            out += onestack::json::python::repr(v.get_double());
            break;
        case boost::json::kind::string:
            append_string(out, v.get_string());
            break;
        case boost::json::kind::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& item : v.get_array()) {
                out += first ? "" : ", ";
                first = false;
                append_value(out, item);
            }
            out.push_back(']');
            break;
        }
        case boost::json::kind::object: {
            out.push_back('{');
            bool first = true;
            for (const auto& [key, item] : v.get_object()) {
                out += first ? "" : ", ";
                first = false;
                append_string(out, key);
                out += ": ";
                append_value(out, item);
            }
            out.push_back('}');
            break;
        }
    }
}

}  // namespace

std::string python_json_dumps(const boost::json::value& v) {
    std::string out;
    append_value(out, v);
    return out;
}

}  // namespace onestack::compute::metadata
