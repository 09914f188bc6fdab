#pragma once
// Typed reads of one member of a JSON object, for handlers that have already
// validated the body and only need "the string if present". Absent members,
// nulls and members of another type all read as "not there".
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onestack::json {

std::optional<std::string> get_string(const boost::json::object& o, std::string_view key);
// An integer member; a double with an integral value (2.0) also reads.
std::optional<std::int64_t> get_int(const boost::json::object& o, std::string_view key);
std::optional<bool> get_bool(const boost::json::object& o, std::string_view key);
const boost::json::object* get_object(const boost::json::object& o, std::string_view key);
const boost::json::array* get_array(const boost::json::object& o, std::string_view key);

}  // namespace onestack::json
