#pragma once
// Python's repr(), str() and pprint.pformat() of the objects json.loads()
// would build from a JSON value. Upstream error messages embed these
// (jsonschema writes "%r is not of type %r"), so ours must spell values the
// way CPython 3.11 does: 'single quotes', True/False/None, 1.0, 1e+16.
#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <string_view>

namespace onestack::json::python {

// repr(value); objects keep their insertion order like a dict.
std::string repr(const boost::json::value& v);
// repr() of a str.
std::string repr(std::string_view s);
// repr() of a float: shortest round-trip digits, CPython's fixed/exponent switch.
std::string repr(double d);
// str(value): strings unquoted, everything else as repr().
std::string str(const boost::json::value& v);
// pprint.pformat(value, width=width): dict keys sorted, long containers and
// strings wrapped as CPython's PrettyPrinter does.
std::string pformat(const boost::json::value& v, std::size_t width = 80);

}  // namespace onestack::json::python
