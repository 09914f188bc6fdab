#include "common/api/pagination.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <utility>
#include <vector>

#include "common/api/fault.hpp"

namespace onestack::api {

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

enum class IntError { none, not_an_integer, negative };

// Python's int(text) restricted to what a page size can be; saturates at max.
IntError parse_limit(std::string_view text, std::size_t max, std::size_t& out) {
    auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && space(text.back())) {
        text.remove_suffix(1);
    }
    bool negative = !text.empty() && text.front() == '-';
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        text.remove_prefix(1);
    }
    std::size_t value = 0;
    bool any = false;
    bool nonzero = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (is_digit(c)) {
            any = true;
            nonzero = nonzero || c != '0';
            value = std::min(value * 10 + static_cast<std::size_t>(c - '0'), max + 1);
        } else if (!(c == '_' && i > 0 && is_digit(text[i - 1]) && i + 1 < text.size() &&
                     is_digit(text[i + 1]))) {
            return IntError::not_an_integer;  // PEP 515 allows single '_' between digits
        }
    }
    if (!any) {
        return IntError::not_an_integer;
    }
    if (negative && nonzero) {
        return IntError::negative;
    }
    out = std::min(value, max);
    return IntError::none;
}

// urllib.parse.quote_plus: unreserved characters kept, space as '+'.
std::string quote_plus(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '_' || c == '.' || c == '-' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else if (c == ' ') {
            out.push_back('+');
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

// urllib.parse.urlencode of an ordered mapping.
std::string urlencode(const Params& params) {
    std::string out;
    for (const auto& [key, value] : params) {
        out += (out.empty() ? "" : "&") + quote_plus(key) + "=" + quote_plus(value);
    }
    return out;
}

// Assigning into an ordered dict: a repeated key keeps its first position and
// takes the later value.
void assign(Params& params, const std::string& key, const std::string& value) {
    auto it =
        std::find_if(params.begin(), params.end(), [&](const auto& p) { return p.first == key; });
    if (it == params.end()) {
        params.emplace_back(key, value);
    } else {
        it->second = value;
    }
}

}  // namespace

PageRequest parse_page(const http::QueryParams& query, std::size_t max_limit,
                       PagingDialect dialect) {
    PageRequest page;
    auto limits = query.get_all("limit");
    if (!limits.empty()) {
        // webob: request.GET['limit'] is the last value, params.pop('limit') the first.
        const auto& text = dialect == PagingDialect::nova ? limits.back() : limits.front();
        std::size_t limit = 0;
        switch (parse_limit(text, max_limit, limit)) {
            case IntError::not_an_integer:
                throw Fault::bad_request(dialect == PagingDialect::nova
                                             ? "Invalid input received: limit must be an integer"
                                             : "limit param must be an integer");
            case IntError::negative:
                throw Fault::bad_request(dialect == PagingDialect::nova
                                             ? "Invalid input received: limit must be >= 0"
                                             : "limit param must be positive");
            case IntError::none:
                page.limit = limit;
        }
    }
    auto markers = query.get_all("marker");
    if (!markers.empty()) {
        page.marker = dialect == PagingDialect::nova ? markers.back() : markers.front();
    }
    return page;
}

std::string next_link(const http::Request& request, std::string_view marker,
                      PagingDialect dialect) {
    Params params;
    if (dialect == PagingDialect::nova) {
        // OrderedDict(sorted(request.params.items())), then params["marker"] = id.
        Params items = request.query().items();
        std::sort(items.begin(), items.end());
        for (const auto& [key, value] : items) {
            assign(params, key, value);
        }
        assign(params, "marker", std::string(marker));
        return request.base_url() + request.path + "?" + urlencode(params);
    }
    // dict(request.params); pop('marker'); params['marker'] = next_marker.
    for (const auto& [key, value] : request.query().items()) {
        if (key != "marker") {
            assign(params, key, value);
        }
    }
    params.emplace_back("marker", std::string(marker));
    return request.path + "?" + urlencode(params);
}

boost::json::array collection_links(const http::Request& request, std::size_t limit,
                                    std::size_t returned, std::string_view last_id) {
    boost::json::array links;
    if (limit > 0 && returned == limit) {
        links.push_back(
            {{"rel", "next"}, {"href", next_link(request, last_id, PagingDialect::nova)}});
    }
    return links;
}

}  // namespace onestack::api
