#include "common/json/formats.hpp"

#include <arpa/inet.h>

#include <cctype>
#include <string>

namespace onestack::json::formats {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_hex(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

// Consumes exactly n digits.
bool digits(std::string_view& s, std::size_t n) {
    if (s.size() < n) {
        return false;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!is_digit(s[i])) {
            return false;
        }
    }
    s.remove_prefix(n);
    return true;
}

bool literal(std::string_view& s, char c) {
    if (s.empty() || s.front() != c) {
        return false;
    }
    s.remove_prefix(1);
    return true;
}

void remove_all(std::string& s, std::string_view needle) {
    for (auto pos = s.find(needle); pos != std::string::npos; pos = s.find(needle, pos)) {
        s.erase(pos, needle.size());
    }
}

}  // namespace

bool is_uuid(std::string_view s) {
    if (s.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_position ? s[i] != '-' : !is_hex(s[i])) {
            return false;
        }
    }
    return true;
}

// uuid.UUID() strips "urn:", "uuid:", surrounding braces and every dash,
// then wants 32 hex digits.
bool is_uuid_like(std::string_view s) {
    std::string v(s);
    remove_all(v, "urn:");
    remove_all(v, "uuid:");
    auto first = v.find_first_not_of("{}");
    auto last = v.find_last_not_of("{}");
    v = first == std::string::npos ? std::string() : v.substr(first, last - first + 1);
    remove_all(v, "-");
    if (v.size() != 32) {
        return false;
    }
    for (char c : v) {
        if (!is_hex(c)) {
            return false;
        }
    }
    return true;
}

bool is_email(std::string_view s) {
    return s.find('@') != std::string_view::npos;
}

bool is_date_time(std::string_view s) {
    // YYYY-MM-DD
    if (!digits(s, 4) || !literal(s, '-') || !digits(s, 2) || !literal(s, '-') || !digits(s, 2)) {
        return false;
    }
    if (s.empty()) {
        return true;
    }
    // [T ]HH:MM[:SS[.fraction]]
    if (!(literal(s, 'T') || literal(s, 't') || literal(s, ' '))) {
        return false;
    }
    if (!digits(s, 2) || !literal(s, ':') || !digits(s, 2)) {
        return false;
    }
    if (literal(s, ':')) {
        if (!digits(s, 2)) {
            return false;
        }
        if (literal(s, '.') || literal(s, ',')) {
            if (!digits(s, 1)) {
                return false;
            }
            while (!s.empty() && is_digit(s.front())) {
                s.remove_prefix(1);
            }
        }
    }
    // [Z | ±HH[:MM] | ±HHMM]
    if (s.empty() || literal(s, 'Z') || literal(s, 'z')) {
        return s.empty();
    }
    if (!(literal(s, '+') || literal(s, '-')) || !digits(s, 2)) {
        return false;
    }
    bool colon = literal(s, ':');
    if (s.empty()) {
        return !colon;
    }
    return digits(s, 2) && s.empty();
}

bool is_ipv4(std::string_view s) {
    in_addr out{};
    return s.find('\0') == std::string_view::npos &&
           inet_pton(AF_INET, std::string(s).c_str(), &out) == 1;
}

bool is_ipv6(std::string_view s) {
    in6_addr out{};
    return s.find('\0') == std::string_view::npos &&
           inet_pton(AF_INET6, std::string(s).c_str(), &out) == 1;
}

bool is_uri(std::string_view s) {
    auto colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0 ||
        !std::isalpha(static_cast<unsigned char>(s[0]))) {
        return false;
    }
    for (char c : s.substr(0, colon)) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
            return false;
        }
    }
    auto rest = s.substr(colon + 1);
    if (rest.substr(0, 2) != "//") {
        return false;
    }
    rest.remove_prefix(2);
    auto authority = rest.substr(0, rest.find_first_of("/?#"));
    auto host = authority.substr(
        authority.find('@') == std::string_view::npos ? 0 : authority.find('@') + 1);
    if (host.empty() || host.front() == ':') {
        return false;
    }
    for (unsigned char c : s) {
        if (c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
            c == '`' || c == '{' || c == '|' || c == '}') {
            return false;
        }
    }
    return true;
}

}  // namespace onestack::json::formats
