#pragma once
// Limit/marker paging as nova and glance do it: read ?limit= and ?marker=,
// and link to the next page.
#include <boost/json/array.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/http/message.hpp"

namespace onestack::api {

enum class PagingDialect {
    // nova/api/openstack/common.py: the last ?limit= counts; errors from
    // oslo's validate_integer; next links absolute with sorted parameters.
    nova,
    // glance/api/v2/images.py: the first ?limit= counts; its own error
    // words; next links are a bare path with marker moved last.
    glance,
};

struct PageRequest {
    std::optional<std::size_t> limit;  // as asked, capped at max_limit
    std::optional<std::string> marker;

    // The page size to use: the asked limit, else the service's default.
    std::size_t limit_or(std::size_t fallback) const { return limit.value_or(fallback); }
};

// Reads limit and marker. limit must be a non-negative integer as Python's
// int() reads one, else Fault 400: nova "Invalid input received: limit must
// be an integer" / "... limit must be >= 0"; glance "limit param must be an
// integer" / "limit param must be positive".
PageRequest parse_page(const http::QueryParams& query, std::size_t max_limit,
                       PagingDialect dialect = PagingDialect::nova);

// The href of the next page: this request's query with marker set. The
// client's own limit (if any) stays as sent, as upstream keeps it.
//   nova (ViewBuilder._get_next_link): base_url + path, parameters sorted by
//     name, marker replaced in place or appended last.
//   glance (ResponseSerializer.index): path only, parameters in request
//     order, marker moved last.
std::string next_link(const http::Request& request, std::string_view marker, PagingDialect dialect);

// nova's ViewBuilder._get_collection_links for "<collection>_links":
// [{"rel": "next", "href": next_link(...)}] when the page came back full
// (returned == limit, limit > 0), else [].
boost::json::array collection_links(const http::Request& request, std::size_t limit,
                                    std::size_t returned, std::string_view last_id);

}  // namespace onestack::api
