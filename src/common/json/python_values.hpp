#pragma once
// Python semantics jsonschema relies on when it compares values: == that
// keeps True apart from 1 (jsonschema's _utils.equal), and the int()/float()
// coercion nova applies before minimum/maximum.
#include <boost/json/value.hpp>
#include <optional>
#include <string>

namespace onestack::json::python {

// jsonschema._utils.equal: structural ==, numbers by value (1 == 1.0), but a
// bool never equals a number.
bool equal(const boost::json::value& a, const boost::json::value& b);

// No two items of the array are equal().
bool all_unique(const boost::json::array& a);

// A number as Python would hold it, with its repr() for messages.
struct Number {
    long double value = 0;  // exact for every int64 and double
    std::string repr;       // "10", "1.5", "1e+16"
};

// The instance itself when it is a JSON number (not a bool).
std::optional<Number> as_number(const boost::json::value& v);

// nova's _SchemaValidator._number_from_str: int(v), else float(v), else
// None. Strings such as " 10 ", "1_000" and "1e3" convert; bools become 0/1;
// floats truncate, as Python's int() does.
std::optional<Number> number_from_str(const boost::json::value& v);

}  // namespace onestack::json::python
