#pragma once
// JSON text columns ("extra", "options"): parse leniently, store compactly.
#include <boost/json/object.hpp>
#include <string>

namespace onestack::identity::db {

boost::json::object parse_object(const std::string& text);
std::string dump(const boost::json::object& obj);

}  // namespace onestack::identity::db
