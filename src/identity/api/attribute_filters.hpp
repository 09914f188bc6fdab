#pragma once
// Keystone's list "hints": query parameters that filter a collection by
// attribute (ks_flask.ResourceBase.build_driver_hints / filter_by_attributes).
// `name=x` is an exact filter; `name__contains=x`, `name__istartswith=x`, ...
// are inexact ones (an "i" prefix makes them case-insensitive). Only the
// attributes a resource declares are honoured; other parameters are ignored,
// and so are comparators Keystone does not know.
#include <boost/json/object.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/http/message.hpp"

namespace onestack::identity::api {

struct AttributeFilter {
    std::string name;
    std::string value;
    std::string comparator = "equals";  // equals, contains, startswith, endswith, ...
    bool case_sensitive = true;
};

// Every supported filter in the query, in order; a repeated key filters twice.
std::vector<AttributeFilter> attribute_filters(const onestack::http::QueryParams& query,
                                               std::initializer_list<std::string_view> supported);

// oslo's bool_from_string(value, default=True): "0", "f", "false", "n",
// "no", "off" (any case, surrounding spaces ignored) are false, all else true.
bool attr_as_boolean(std::string_view value);

// Whether a rendered entity passes the filter. Exact filters compare a
// boolean attribute with attr_as_boolean and anything else as a string;
// inexact ones only match string attributes; unknown comparators match.
bool matches(const boost::json::object& entity, const AttributeFilter& filter);
bool matches_all(const boost::json::object& entity, const std::vector<AttributeFilter>& filters);

// The value of the first exact filter on `name`, if any (to narrow SQL).
const std::string* exact_value(const std::vector<AttributeFilter>& filters, std::string_view name);

}  // namespace onestack::identity::api
