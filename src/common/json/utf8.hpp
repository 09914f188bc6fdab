#pragma once
// UTF-8 helpers for schema checks: Python counts and matches strings by code
// point, not by byte.
#include <cstddef>
#include <string>
#include <string_view>

namespace onestack::json::utf8 {

// Code points in s; a byte that does not start a valid sequence counts as one.
std::size_t length(std::string_view s);

// s as UTF-32 (wchar_t is 32 bits on Linux); invalid bytes become U+FFFD.
std::wstring to_wide(std::string_view s);

// Appends the UTF-8 encoding of code point cp.
void append(std::string& out, char32_t cp);

// Decodes the code point starting at s[i] and advances i past it.
char32_t next(std::string_view s, std::size_t& i);

}  // namespace onestack::json::utf8
