#include "common/json/python_values.hpp"

#include <boost/json.hpp>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "common/json/python_repr.hpp"

namespace onestack::json::python {

namespace {

namespace bj = boost::json;

long double number_value(const bj::value& v) {
    switch (v.kind()) {
        case bj::kind::int64:
            return static_cast<long double>(v.get_int64());
        case bj::kind::uint64:
            return static_cast<long double>(v.get_uint64());
        default:
            return static_cast<long double>(v.get_double());
    }
}

bool is_number(const bj::value& v) {
    return v.is_int64() || v.is_uint64() || v.is_double();
}

std::string_view strip(std::string_view s) {
    auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!s.empty() && space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Digits with single underscores between them (PEP 515), underscores removed.
// Returns false when the text is not such a run.
bool take_digits(std::string_view& s, std::string& out) {
    std::size_t i = 0;
    bool any = false;
    while (i < s.size()) {
        if (is_digit(s[i])) {
            out.push_back(s[i++]);
            any = true;
        } else if (s[i] == '_' && any && i + 1 < s.size() && is_digit(s[i + 1])) {
            ++i;
        } else {
            break;
        }
    }
    s.remove_prefix(i);
    return any;
}

// int(text): optional sign, decimal digits.
std::optional<Number> parse_int(std::string_view text) {
    auto s = strip(text);
    bool negative = !s.empty() && s.front() == '-';
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        s.remove_prefix(1);
    }
    std::string digits;
    if (!take_digits(s, digits) || !s.empty()) {
        return std::nullopt;
    }
    auto first = digits.find_first_not_of('0');
    digits = first == std::string::npos ? "0" : digits.substr(first);
    Number n;
    n.value = std::strtold(digits.c_str(), nullptr) * (negative ? -1 : 1);
    n.repr = (negative && digits != "0" ? "-" : "") + digits;
    return n;
}

// float(text): decimal or exponent notation, inf, infinity, nan.
std::optional<Number> parse_float(std::string_view text) {
    auto s = strip(text);
    std::string normal;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        normal.push_back(s.front());
        s.remove_prefix(1);
    }
    std::string lower;
    for (char c : s) {
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (lower == "inf" || lower == "infinity" || lower == "nan") {
        normal += lower;
    } else {
        bool int_part = take_digits(s, normal);
        bool frac_part = false;
        if (!s.empty() && s.front() == '.') {
            normal.push_back('.');
            s.remove_prefix(1);
            frac_part = take_digits(s, normal);
        }
        if (!int_part && !frac_part) {
            return std::nullopt;
        }
        if (!s.empty() && (s.front() == 'e' || s.front() == 'E')) {
            normal.push_back('e');
            s.remove_prefix(1);
            if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
                normal.push_back(s.front());
                s.remove_prefix(1);
            }
            if (!take_digits(s, normal)) {
                return std::nullopt;
            }
        }
        if (!s.empty()) {
            return std::nullopt;
        }
    }
    double d = std::strtod(normal.c_str(), nullptr);
    return Number{static_cast<long double>(d), repr(d)};
}

}  // namespace

bool equal(const bj::value& a, const bj::value& b) {
    if (a.is_string() || b.is_string()) {
        return a.is_string() && b.is_string() && a.get_string() == b.get_string();
    }
    if (a.is_array() && b.is_array()) {
        const auto& x = a.get_array();
        const auto& y = b.get_array();
        if (x.size() != y.size()) {
            return false;
        }
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!equal(x[i], y[i])) {
                return false;
            }
        }
        return true;
    }
    if (a.is_object() && b.is_object()) {
        const auto& x = a.get_object();
        const auto& y = b.get_object();
        if (x.size() != y.size()) {
            return false;
        }
        for (const auto& member : x) {
            const auto* other = y.if_contains(member.key());
            if (!other || !equal(member.value(), *other)) {
                return false;
            }
        }
        return true;
    }
    if (is_number(a) && is_number(b)) {
        return number_value(a) == number_value(b);
    }
    if (a.is_bool() && b.is_bool()) {
        return a.get_bool() == b.get_bool();
    }
    return a.is_null() && b.is_null();
}

bool all_unique(const bj::array& a) {
    for (std::size_t i = 0; i < a.size(); ++i) {
        for (std::size_t j = i + 1; j < a.size(); ++j) {
            if (equal(a[i], a[j])) {
                return false;
            }
        }
    }
    return true;
}

std::optional<Number> as_number(const bj::value& v) {
    if (!is_number(v)) {
        return std::nullopt;
    }
    return Number{number_value(v), repr(v)};
}

std::optional<Number> number_from_str(const bj::value& v) {
    switch (v.kind()) {
        case bj::kind::bool_:
            return Number{v.get_bool() ? 1.0L : 0.0L, v.get_bool() ? "1" : "0"};
        case bj::kind::int64:
        case bj::kind::uint64:
            return as_number(v);
        case bj::kind::double_: {
            double d = v.get_double();
            if (!std::isfinite(d)) {
                return Number{static_cast<long double>(d),
                              repr(d)};  // int() refuses; float() keeps it
            }
            double truncated = std::trunc(d);
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.0f", truncated);
            std::string text = buf == std::string("-0") ? "0" : buf;
            return Number{static_cast<long double>(truncated), text};
        }
        case bj::kind::string: {
            if (auto n = parse_int(v.get_string())) {
                return n;
            }
            return parse_float(v.get_string());
        }
        default:
            return std::nullopt;
    }
}

}  // namespace onestack::json::python
