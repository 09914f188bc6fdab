#include "common/util/time.hpp"

#include <cstdio>
#include <ctime>

namespace onestack::util {

std::int64_t now_unix() {
    return std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch())
        .count();
}

std::int64_t now_unix_micros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch())
        .count();
}

namespace {

std::string format(std::int64_t secs, const char* suffix, long micros, bool with_micros) {
    std::time_t t = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    if (with_micros) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06ld%s", tm.tm_year + 1900,
                      tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micros, suffix);
    } else {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s", tm.tm_year + 1900,
                      tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, suffix);
    }
    return buf;
}

}  // namespace

std::string iso8601_micro_z(std::int64_t unix_seconds) {
    return format(unix_seconds, "Z", 0, true);
}
std::string iso8601_z(std::int64_t unix_seconds) {
    return format(unix_seconds, "Z", 0, false);
}
std::string iso8601_micros(std::int64_t unix_micros) {
    return format(unix_micros / 1000000, "", static_cast<long>(unix_micros % 1000000), true);
}

std::optional<std::int64_t> parse_iso8601(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    std::string str(s);
    int consumed = 0;
    if (std::sscanf(str.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3 || consumed != 10) {
        return std::nullopt;
    }
    std::size_t pos = 10;
    if (pos < str.size() && (str[pos] == 'T' || str[pos] == 't' || str[pos] == ' ')) {
        int c2 = 0;
        if (std::sscanf(str.c_str() + pos + 1, "%2d:%2d%n", &h, &mi, &c2) != 2) {
            return std::nullopt;
        }
        pos += 1 + c2;
        if (pos < str.size() && str[pos] == ':') {
            int c3 = 0;
            if (std::sscanf(str.c_str() + pos + 1, "%2d%n", &sec, &c3) != 1) {
                return std::nullopt;
            }
            pos += 1 + c3;
        }
        if (pos < str.size() && str[pos] == '.') {
            ++pos;
            while (pos < str.size() && std::isdigit(static_cast<unsigned char>(str[pos]))) {
                ++pos;
            }
        }
    }
    long offset = 0;
    if (pos < str.size()) {
        char c = str[pos];
        if (c == 'Z' || c == 'z') {
            ++pos;
        } else if (c == '+' || c == '-') {
            int oh = 0, om = 0;
            if (std::sscanf(str.c_str() + pos + 1, "%2d:%2d", &oh, &om) < 1) {
                return std::nullopt;
            }
            offset = (c == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
            pos = str.size();
        }
    }
    if (pos != str.size() || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        sec > 60) {
        return std::nullopt;
    }
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    return static_cast<std::int64_t>(timegm(&tm)) - offset;
}

}  // namespace onestack::util
