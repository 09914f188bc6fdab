#include "common/policy/python_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace onestack::policy {

namespace {

std::string_view copy_into(std::string_view text, ScalarTextBuffer& buffer) {
    auto n = std::min(text.size(), buffer.size());
    std::copy_n(text.data(), n, buffer.data());
    return {buffer.data(), n};
}

// repr(float): shortest round-trip digits, fixed notation for exponents -4..15 (always with a
// fractional part), otherwise scientific with at least two exponent digits.
std::string_view python_float_repr(double number, ScalarTextBuffer& buffer) {
    if (std::isnan(number)) {
        return copy_into("nan", buffer);
    }
    if (std::isinf(number)) {
        return copy_into(number < 0 ? "-inf" : "inf", buffer);
    }
    char scientific[40];
    auto result = std::to_chars(scientific, scientific + sizeof scientific, number,
                                std::chars_format::scientific);
    std::string_view text(scientific, result.ptr - scientific);
    auto e = text.find('e');
    int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
    if (exponent < -4 || exponent >= 16) {
        return copy_into(text, buffer);  // to_chars already writes Python's "1e+16", "1.5e-05"
    }

    bool negative = text.front() == '-';
    std::string digits;
    for (char c : text.substr(negative ? 1 : 0, e - (negative ? 1 : 0))) {
        if (c != '.') {
            digits += c;
        }
    }
    std::string fixed = negative ? "-" : "";
    if (exponent >= 0) {
        auto integer_digits = static_cast<std::size_t>(exponent) + 1;
        if (digits.size() < integer_digits) {
            digits.append(integer_digits - digits.size(), '0');
        }
        fixed += digits.substr(0, integer_digits);
        fixed += '.';
        fixed += digits.size() > integer_digits ? digits.substr(integer_digits) : "0";
    } else {
        fixed += "0.";
        fixed.append(static_cast<std::size_t>(-exponent - 1), '0');
        fixed += digits;
    }
    return copy_into(fixed, buffer);
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::optional<std::string> quoted_literal(std::string_view text) {
    char quote = text.front();
    std::string_view body = text.substr(1, text.size() - 2);
    std::string out;
    for (std::size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c == quote) {
            return std::nullopt;  // Python would see two adjacent literals or a syntax error
        }
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i == body.size()) {
            return std::nullopt;
        }
        switch (body[i]) {
            case '\\':
                out += '\\';
                break;
            case '\'':
                out += '\'';
                break;
            case '"':
                out += '"';
                break;
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            default:
                return std::nullopt;  // rarer escapes: not worth reproducing
        }
    }
    return out;
}

std::optional<std::string> integer_literal(bool negative, std::string_view digits) {
    auto first_nonzero = digits.find_first_not_of('0');
    if (first_nonzero == std::string_view::npos) {
        return "0";  // "0", "00", "-0" are all int 0
    }
    if (first_nonzero != 0) {
        return std::nullopt;  // Python 3 rejects leading zeros ("01")
    }
    return (negative ? "-" : "") + std::string(digits);
}

std::optional<std::string> float_literal(bool negative, std::string_view body) {
    bool has_digit = false;
    bool float_marker = false;
    for (char c : body) {
        if (is_digit(c)) {
            has_digit = true;
        } else if (c == '.' || c == 'e' || c == 'E') {
            float_marker = true;
        } else if (c != '+' && c != '-') {
            return std::nullopt;
        }
    }
    if (!has_digit || !float_marker || !(is_digit(body.front()) || body.front() == '.')) {
        return std::nullopt;
    }
    double number = 0;
    auto result = std::from_chars(body.data(), body.data() + body.size(), number);
    if (result.ec != std::errc() || result.ptr != body.data() + body.size()) {
        return std::nullopt;
    }
    ScalarTextBuffer buffer;
    return std::string(python_float_repr(negative ? -number : number, buffer));
}

}  // namespace

std::optional<std::string_view> python_str(const boost::json::value& value,
                                           ScalarTextBuffer& buffer) {
    switch (value.kind()) {
        case boost::json::kind::string:
            return std::string_view(value.get_string());
        case boost::json::kind::null:
            return std::string_view("None");
        case boost::json::kind::bool_:
            return std::string_view(value.get_bool() ? "True" : "False");
        case boost::json::kind::int64: {
            auto r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value.get_int64());
            return std::string_view(buffer.data(), r.ptr - buffer.data());
        }
        case boost::json::kind::uint64: {
            auto r =
                std::to_chars(buffer.data(), buffer.data() + buffer.size(), value.get_uint64());
            return std::string_view(buffer.data(), r.ptr - buffer.data());
        }
        case boost::json::kind::double_:
            return python_float_repr(value.get_double(), buffer);
        case boost::json::kind::array:
        case boost::json::kind::object:
            return std::nullopt;
    }
    return std::nullopt;
}

bool python_str_equals(const boost::json::value& value, std::string_view text) {
    ScalarTextBuffer buffer;
    auto rendered = python_str(value, buffer);
    return rendered && *rendered == text;
}

std::optional<std::string> python_literal_str(std::string_view text) {
    if (text == "None" || text == "True" || text == "False") {
        return std::string(text);
    }
    if (text.size() >= 2 && (text.front() == '\'' || text.front() == '"') &&
        text.back() == text.front()) {
        return quoted_literal(text);
    }
    bool negative = false;
    std::string_view body = text;
    if (!body.empty() && (body.front() == '-' || body.front() == '+')) {
        negative = body.front() == '-';
        body.remove_prefix(1);
    }
    if (body.empty()) {
        return std::nullopt;
    }
    if (std::all_of(body.begin(), body.end(), is_digit)) {
        return integer_literal(negative, body);
    }
    return float_literal(negative, body);
}

bool ascii_iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
        char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
        if (x != y) {
            return false;
        }
    }
    return true;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

}  // namespace onestack::policy
