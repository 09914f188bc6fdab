#pragma once
// Timestamps as OpenStack writes them.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onestack::util {

using Clock = std::chrono::system_clock;

std::int64_t now_unix();
std::int64_t now_unix_micros();
// "2026-11-22T19:00:00.000000Z" (Keystone's token times).
std::string iso8601_micro_z(std::int64_t unix_seconds);
// "2026-11-22T19:00:00Z" (Nova, Glance).
std::string iso8601_z(std::int64_t unix_seconds);
// "2026-11-22T19:00:00.123456" from microseconds, no zone (stored columns, sort lexically).
std::string iso8601_micros(std::int64_t unix_micros);
// Parses "YYYY-MM-DDTHH:MM:SS[.ffffff][Z|+HH:MM]" (a space also separates
// date and time); returns unix seconds.
std::optional<std::int64_t> parse_iso8601(std::string_view s);

}  // namespace onestack::util
