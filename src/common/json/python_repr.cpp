#include "common/json/python_repr.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <vector>

#include "common/json/utf8.hpp"

namespace onestack::json::python {

namespace {

// CPython's str.isprintable(): false for categories Cc, Cf, Cs, Co, Cn, Zl,
// Zp and Zs other than ' '. Without a Unicode database this covers the
// controls, separators, private use, noncharacters and the common format
// characters; rare unassigned code points are treated as printable.
bool is_printable(char32_t c) {
    if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD) {
        return false;
    }
    if (c < 0x300) {
        return true;
    }
    struct Range {
        char32_t lo, hi;
    };
    static constexpr Range kNonPrintable[] = {
        {0x0600, 0x0605},    {0x061C, 0x061C},   {0x06DD, 0x06DD},   {0x070F, 0x070F},
        {0x0890, 0x0891},    {0x08E2, 0x08E2},   {0x1680, 0x1680},   {0x180E, 0x180E},
        {0x2000, 0x200F},    {0x2028, 0x202F},   {0x205F, 0x2064},   {0x2066, 0x206F},
        {0x3000, 0x3000},    {0xD800, 0xF8FF},   {0xFDD0, 0xFDEF},   {0xFEFF, 0xFEFF},
        {0xFFF0, 0xFFFB},    {0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x1343F},
        {0x1BCA0, 0x1BCA3},  {0x1D173, 0x1D17A}, {0x40000, 0xDFFFF}, {0xE0000, 0xE00FF},
        {0xE01F0, 0x10FFFF},
    };
    if ((c & 0xFFFE) == 0xFFFE) {
        return false;  // U+xxFFFE and U+xxFFFF are noncharacters in every plane
    }
    for (const auto& r : kNonPrintable) {
        if (c >= r.lo && c <= r.hi) {
            return false;
        }
    }
    return true;
}

void append_hex_escape(std::string& out, char prefix, char32_t c, int digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('\\');
    out.push_back(prefix);
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
        out.push_back(kHex[(c >> shift) & 0xF]);
    }
}

// Objects/unicodeobject.c unicode_repr().
void append_str_repr(std::string& out, std::string_view s) {
    bool has_single = s.find('\'') != std::string_view::npos;
    bool has_double = s.find('"') != std::string_view::npos;
    char quote = has_single && !has_double ? '"' : '\'';
    out.push_back(quote);
    for (std::size_t i = 0; i < s.size();) {
        char32_t c = utf8::next(s, i);
        if (c == static_cast<char32_t>(quote) || c == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(c));
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c == 0x7F) {
            append_hex_escape(out, 'x', c, 2);
        } else if (c < 0x7F || is_printable(c)) {
            utf8::append(out, c);
        } else if (c <= 0xFF) {
            append_hex_escape(out, 'x', c, 2);
        } else if (c <= 0xFFFF) {
            append_hex_escape(out, 'u', c, 4);
        } else {
            append_hex_escape(out, 'U', c, 8);
        }
    }
    out.push_back(quote);
}

// Python/pystrtod.c with format code 'r': exponent form when the decimal
// exponent is below -4 or at least 16, else fixed with at least one decimal.
void append_float_repr(std::string& out, double d) {
    if (std::isnan(d)) {
        out += "nan";
        return;
    }
    if (std::isinf(d)) {
        out += d < 0 ? "-inf" : "inf";
        return;
    }
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));
    bool negative = sci.front() == '-';
    if (negative) {
        sci.remove_prefix(1);
    }
    auto e_pos = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e_pos)) {
        if (c != '.') {
            digits.push_back(c);
        }
    }
    int exponent = 0;
    auto exp_text = sci.substr(e_pos + 1);
    if (!exp_text.empty() && exp_text.front() == '+') {
        exp_text.remove_prefix(1);
    }
    std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
    if (negative) {
        out.push_back('-');
    }
    if (exponent < -4 || exponent >= 16) {
        out.push_back(digits[0]);
        if (digits.size() > 1) {
            out.push_back('.');
            out.append(digits, 1);
        }
        out.push_back('e');
        out.push_back(exponent < 0 ? '-' : '+');
        int magnitude = std::abs(exponent);
        if (magnitude < 10) {
            out.push_back('0');
        }
        out += std::to_string(magnitude);
        return;
    }
    if (exponent < 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-exponent - 1), '0');
        out += digits;
        return;
    }
    auto int_digits = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= int_digits) {
        out += digits;
        out.append(int_digits - digits.size(), '0');
        out += ".0";
    } else {
        out.append(digits, 0, int_digits);
        out.push_back('.');
        out.append(digits, int_digits);
    }
}

std::vector<const boost::json::key_value_pair*> sorted_members(const boost::json::object& o) {
    std::vector<const boost::json::key_value_pair*> members;
    members.reserve(o.size());
    for (const auto& kv : o) {
        members.push_back(&kv);
    }
    // Python orders str keys by code point, which is UTF-8 byte order.
    std::sort(members.begin(), members.end(),
              [](const auto* a, const auto* b) { return a->key() < b->key(); });
    return members;
}

void append_repr(std::string& out, const boost::json::value& v, bool sort_keys) {
    switch (v.kind()) {
        case boost::json::kind::null:
            out += "None";
            break;
        case boost::json::kind::bool_:
            out += v.get_bool() ? "True" : "False";
            break;
        case boost::json::kind::int64:
            out += std::to_string(v.get_int64());
            break;
        case boost::json::kind::uint64:
            out += std::to_string(v.get_uint64());
            break;
        case boost::json::kind::double_:
            append_float_repr(out, v.get_double());
            break;
        case boost::json::kind::string:
            append_str_repr(out, v.get_string());
            break;
        case boost::json::kind::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& item : v.get_array()) {
                out += first ? "" : ", ";
                first = false;
                append_repr(out, item, sort_keys);
            }
            out.push_back(']');
            break;
        }
        case boost::json::kind::object: {
            out.push_back('{');
            bool first = true;
            auto member = [&](const boost::json::key_value_pair& kv) {
                out += first ? "" : ", ";
                first = false;
                append_str_repr(out, kv.key());
                out += ": ";
                append_repr(out, kv.value(), sort_keys);
            };
            if (sort_keys) {
                for (const auto* kv : sorted_members(v.get_object())) {
                    member(*kv);
                }
            } else {
                for (const auto& kv : v.get_object()) {
                    member(kv);
                }
            }
            out.push_back('}');
            break;
        }
    }
}

bool is_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_line_break(char32_t c) {
    return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E) ||
           c == 0x85 || c == 0x2028 || c == 0x2029;
}

// str.splitlines(keepends=True).
std::vector<std::string_view> split_lines(std::string_view s) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size();) {
        char32_t c = utf8::next(s, i);
        if (!is_line_break(c)) {
            continue;
        }
        if (c == '\r' && i < s.size() && s[i] == '\n') {
            ++i;
        }
        lines.push_back(s.substr(start, i - start));
        start = i;
    }
    if (start < s.size()) {
        lines.push_back(s.substr(start));
    }
    return lines;
}

// re.findall(r'\S*\s*', line) without the trailing empty match.
std::vector<std::string_view> split_words(std::string_view line) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    std::size_t i = 0;
    bool in_space = false;
    while (i < line.size()) {
        std::size_t at = i;
        bool space = is_space(utf8::next(line, i));
        if (!space && in_space) {
            parts.push_back(line.substr(start, at - start));
            start = at;
        }
        in_space = space;
    }
    if (start < line.size()) {
        parts.push_back(line.substr(start));
    }
    return parts;
}

long width_of(std::string_view s) {
    return static_cast<long>(utf8::length(s));
}

// Lib/pprint.py PrettyPrinter with indent=1, sort_dicts=True, compact=False.
class PrettyPrinter {
  public:
    explicit PrettyPrinter(std::size_t width) : width_(static_cast<long>(width)) {}

    std::string run(const boost::json::value& v) {
        format(v, 0, 0, 0);
        return std::move(out_);
    }

  private:
    void format(const boost::json::value& v, long indent, long allowance, int level) {
        std::string rep;
        append_repr(rep, v, true);
        if (width_of(rep) > width_ - indent - allowance) {
            if (v.is_object()) {
                return pprint_dict(v.get_object(), indent, allowance);
            }
            if (v.is_array()) {
                return pprint_list(v.get_array(), indent, allowance);
            }
            if (v.is_string()) {
                return pprint_str(v.get_string(), indent, allowance, level + 1);
            }
        }
        out_ += rep;
    }

    void pprint_dict(const boost::json::object& o, long indent, long allowance) {
        out_.push_back('{');
        auto members = sorted_members(o);
        indent += 1;
        for (std::size_t i = 0; i < members.size(); ++i) {
            bool last = i + 1 == members.size();
            std::string key;
            append_str_repr(key, members[i]->key());
            out_ += key;
            out_ += ": ";
            format(members[i]->value(), indent + width_of(key) + 2, last ? allowance + 1 : 1, 1);
            if (!last) {
                out_ += ",\n";
                out_.append(static_cast<std::size_t>(indent), ' ');
            }
        }
        out_.push_back('}');
    }

    void pprint_list(const boost::json::array& a, long indent, long allowance) {
        out_.push_back('[');
        indent += 1;
        for (std::size_t i = 0; i < a.size(); ++i) {
            bool last = i + 1 == a.size();
            if (i > 0) {
                out_ += ",\n";
                out_.append(static_cast<std::size_t>(indent), ' ');
            }
            format(a[i], indent, last ? allowance + 1 : 1, 1);
        }
        out_.push_back(']');
    }

    void pprint_str(std::string_view s, long indent, long allowance, int level) {
        if (s.empty()) {
            append_str_repr(out_, s);
            return;
        }
        auto lines = split_lines(s);
        if (level == 1) {
            indent += 1;
            allowance += 1;
        }
        long max_width = width_ - indent;
        long max_width1 = max_width;
        std::vector<std::string> chunks;
        auto repr_of = [](std::string_view text) {
            std::string r;
            append_str_repr(r, text);
            return r;
        };
        for (std::size_t i = 0; i < lines.size(); ++i) {
            bool last_line = i + 1 == lines.size();
            std::string rep = repr_of(lines[i]);
            if (last_line) {
                max_width1 -= allowance;
            }
            if (width_of(rep) <= max_width1) {
                chunks.push_back(std::move(rep));
                continue;
            }
            auto parts = split_words(lines[i]);
            long max_width2 = max_width;
            std::string current;
            for (std::size_t j = 0; j < parts.size(); ++j) {
                std::string candidate = current + std::string(parts[j]);
                if (j + 1 == parts.size() && last_line) {
                    max_width2 -= allowance;
                }
                if (width_of(repr_of(candidate)) > max_width2) {
                    if (!current.empty()) {
                        chunks.push_back(repr_of(current));
                    }
                    current = std::string(parts[j]);
                } else {
                    current = std::move(candidate);
                }
            }
            if (!current.empty()) {
                chunks.push_back(repr_of(current));
            }
        }
        if (chunks.size() == 1) {
            out_ += chunks.front();
            return;
        }
        if (level == 1) {
            out_.push_back('(');
        }
        for (std::size_t i = 0; i < chunks.size(); ++i) {
            if (i > 0) {
                out_.push_back('\n');
                out_.append(static_cast<std::size_t>(indent), ' ');
            }
            out_ += chunks[i];
        }
        if (level == 1) {
            out_.push_back(')');
        }
    }

    long width_;
    std::string out_;
};

}  // namespace

std::string repr(const boost::json::value& v) {
    std::string out;
    append_repr(out, v, false);
    return out;
}

std::string repr(std::string_view s) {
    std::string out;
    append_str_repr(out, s);
    return out;
}

std::string repr(double d) {
    std::string out;
    append_float_repr(out, d);
    return out;
}

std::string str(const boost::json::value& v) {
    if (v.is_string()) {
        return std::string(v.get_string());
    }
    return repr(v);
}

std::string pformat(const boost::json::value& v, std::size_t width) {
    return PrettyPrinter(width).run(v);
}

}  // namespace onestack::json::python
