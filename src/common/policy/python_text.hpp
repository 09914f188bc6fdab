#pragma once
// How Python spells values. oslo compares the text str() makes of both sides of a check, so
// True, None and 1.0 must read exactly as Python prints them.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace onestack::policy {

// Room for the longest str() of a JSON scalar ("-1.7976931348623157e+308").
using ScalarTextBuffer = std::array<char, 48>;

// str(value) for a JSON scalar: a view of the string itself, or text written into `buffer`.
// nullopt for arrays and objects, whose Python repr we do not reproduce.
std::optional<std::string_view> python_str(const boost::json::value& value,
                                           ScalarTextBuffer& buffer);

// str(value) == text, without allocating.
bool python_str_equals(const boost::json::value& value, std::string_view text);

// str(ast.literal_eval(text)) for the literals a check's left side may hold: None, True, False,
// quoted strings, integers and floats. nullopt when `text` is none of those; oslo then reads it
// as a path into the credentials.
std::optional<std::string> python_literal_str(std::string_view text);

// Role names compare case-insensitively (oslo lower()s both sides); ASCII only.
bool ascii_iequals(std::string_view a, std::string_view b);
std::string ascii_lower(std::string_view text);

}  // namespace onestack::policy
