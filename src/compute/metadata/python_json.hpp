#pragma once
// JSON text as Python's json.dumps writes it with its defaults (what Nova's
// jsonutils.dump_as_bytes produces): ", " and ": " separators, keys in
// insertion order, ensure_ascii (every non-ASCII code point as \uXXXX, with
// surrogate pairs above U+FFFF). Guests and tests compare these bytes.
#include <boost/json/value.hpp>
#include <string>

namespace onestack::compute::metadata {

std::string python_json_dumps(const boost::json::value& v);

}  // namespace onestack::compute::metadata
