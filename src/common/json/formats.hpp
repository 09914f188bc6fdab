#pragma once
// The "format" checks OpenStack's schemas rely on. Checks apply to strings
// only; other values pass, as in python-jsonschema.
#include <string_view>

namespace onestack::json::formats {

// jsonschema's uuid: 32 hex digits with dashes at 8, 13, 18 and 23.
bool is_uuid(std::string_view s);
// oslo uuidutils.is_uuid_like (nova): dashes anywhere or none, optional
// braces and "urn:"/"uuid:" prefixes.
bool is_uuid_like(std::string_view s);
// jsonschema's email check is only `"@" in instance`.
bool is_email(std::string_view s);
// ISO 8601 / RFC 3339, loosely: a date, optionally a time and a zone.
bool is_date_time(std::string_view s);
// ipaddress.IPv4Address / IPv6Address accept it (no zone suffix).
bool is_ipv4(std::string_view s);
bool is_ipv6(std::string_view s);
// An absolute URI with scheme and host, as nova's rfc3986 validator demands.
bool is_uri(std::string_view s);

}  // namespace onestack::json::formats
