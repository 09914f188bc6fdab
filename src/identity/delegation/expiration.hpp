#pragma once
// Expiry times of trusts and application credentials, as Keystone reads and
// keeps them: utils.parse_expiration_date (a UTC time, "Z" implied, in the
// ISO 8601 forms python-iso8601 accepts), stored with microseconds.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onestack::identity::delegation {

// Microseconds since the epoch for "2032-01-01T10:00:00[.ffffff][Z]" and the
// other forms iso8601.parse_date takes once "Z" is appended (basic format
// "20320101T1000", hour-only "2032-01-01T10", ',' before the fraction);
// nullopt otherwise. Offsets never parse: Keystone appends "Z" after them.
std::optional<std::int64_t> parse_expiration_micros(std::string_view text);

// Keystone's parse_expiration_date: 400 "Timestamp not in expected format."
// for a malformed time, 400 "The 'expires_at' must not be before now." for
// one already past.
std::int64_t parse_expiration_date(std::string_view text, std::int64_t now_micros);

// The stored form ("YYYY-MM-DDTHH:MM:SS.ffffff", which sorts as it compares)
// and back; "" stands for no expiry.
std::string stored_time(std::int64_t micros);
std::optional<std::int64_t> stored_micros(const std::string& stored);
// True when a stored expiry is set and not after `now_micros`.
bool has_expired(const std::string& stored, std::int64_t now_micros);

}  // namespace onestack::identity::delegation
