#pragma once
// Lenient reads of message and request-spec fields: a missing or mistyped
// field reads as empty, as the senders leave optional fields out.
#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace onestack::compute::rpc {

std::string str_field(const boost::json::object& o, const char* key);
// The object at key, or an empty one.
const boost::json::object& obj_field(const boost::json::object& o, const char* key);
// The strings of the array at key.
std::vector<std::string> strings_field(const boost::json::object& o, const char* key);

}  // namespace onestack::compute::rpc
