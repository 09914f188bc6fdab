#include "identity/delegation/expiration.hpp"

#include <cctype>

#include "common/api/fault.hpp"
#include "common/util/time.hpp"

namespace onestack::identity::delegation {
namespace {

// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
    if (pos + n > s.size()) {
        return false;
    }
    out = 0;
    for (std::size_t i = 0; i < n; ++i) {
        char c = s[pos + i];
        if (!std::isdigit(static_cast<unsigned char>(c))) {
            return false;
        }
        out = out * 10 + (c - '0');
    }
    pos += n;
    return true;
}

// One or two digits (python-iso8601's "-M" and "-D").
bool one_or_two_digits(std::string_view s, std::size_t& pos, int& out) {
    if (!digits(s, pos, 1, out)) {
        return false;
    }
    int second = 0;
    std::size_t p = pos;
    if (digits(s, p, 1, second)) {
        out = out * 10 + second;
        pos = p;
    }
    return true;
}

bool leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

// Days from 1970-01-01 to y-m-d (proleptic Gregorian).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::optional<std::int64_t> parse_expiration_micros(std::string_view text) {
    std::string s(text);
    if (s.empty() || s.back() != 'Z') {
        s += 'Z';
    }
    std::string_view v(s);
    std::size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(v, pos, 4, year)) {
        return std::nullopt;
    }
    if (pos < v.size() && v[pos] == '-') {
        ++pos;
        if (!one_or_two_digits(v, pos, month) || pos >= v.size() || v[pos] != '-') {
            // "YYYY-MM" alone leaves the "Z" unmatched.
            return std::nullopt;
        }
        ++pos;
        if (!one_or_two_digits(v, pos, day)) {
            return std::nullopt;
        }
    } else if (!digits(v, pos, 2, month) || !digits(v, pos, 2, day)) {
        return std::nullopt;
    }
    // A time is required: a date followed by "Z" does not match.
    if (pos >= v.size() || (v[pos] != 'T' && v[pos] != ' ')) {
        return std::nullopt;
    }
    ++pos;
    if (!digits(v, pos, 2, hour)) {
        return std::nullopt;
    }
    std::int64_t micros = 0;
    auto try_part = [&](int& out) {
        std::size_t p = pos;
        if (p < v.size() && v[p] == ':') {
            ++p;
        }
        if (digits(v, p, 2, out)) {
            pos = p;
            return true;
        }
        return false;
    };
    if (try_part(minute) && try_part(second)) {
        if (pos < v.size() && (v[pos] == '.' || v[pos] == ',')) {
            ++pos;
            std::size_t start = pos;
            int scale = 100000;
            while (pos < v.size() && std::isdigit(static_cast<unsigned char>(v[pos]))) {
                if (scale > 0) {
                    micros += (v[pos] - '0') * scale;
                    scale /= 10;
                }
                ++pos;
            }
            if (pos == start) {
                return std::nullopt;
            }
        }
    }
    if (pos + 1 != v.size() || v[pos] != 'Z') {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
        minute > 59 || second > 59) {
        return std::nullopt;
    }
    std::int64_t seconds =
        days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return seconds * 1000000 + micros;
}

std::int64_t parse_expiration_date(std::string_view text, std::int64_t now_micros) {
    auto at = parse_expiration_micros(text);
    if (!at) {
        throw onestack::api::Fault::bad_request(
            "Timestamp not in expected format. The server could not comply with the request "
            "since it is either malformed or otherwise incorrect. The client is assumed to be "
            "in error.");
    }
    if (*at <= now_micros) {
        throw onestack::api::Fault::bad_request(
            "The 'expires_at' must not be before now. The server could not comply with the "
            "request since it is either malformed or otherwise incorrect. The client is "
            "assumed to be in error.");
    }
    return *at;
}

std::string stored_time(std::int64_t micros) {
    return util::iso8601_micros(micros);
}

std::optional<std::int64_t> stored_micros(const std::string& stored) {
    if (stored.empty()) {
        return std::nullopt;
    }
    return parse_expiration_micros(stored);
}

bool has_expired(const std::string& stored, std::int64_t now_micros) {
    auto at = stored_micros(stored);
    return at && *at <= now_micros;
}

}  // namespace onestack::identity::delegation
