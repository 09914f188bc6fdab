#include "image/api/list_params.hpp"

#include <algorithm>
#include <cctype>

#include "common/api/fault.hpp"
#include "common/api/pagination.hpp"
#include "common/util/time.hpp"

namespace onestack::image::api {

using onestack::api::Fault;
using onestack::db::Value;

namespace {

const std::vector<std::string> kSortKeys{"name", "status", "container_format", "disk_format",
                                         "size", "id",     "created_at",       "updated_at"};

std::string strip(std::string s) {
    auto sp = [](unsigned char c) { return std::isspace(c) != 0; };
    while (!s.empty() && sp(static_cast<unsigned char>(s.back()))) {
        s.pop_back();
    }
    std::size_t i = 0;
    while (i < s.size() && sp(static_cast<unsigned char>(s[i]))) {
        ++i;
    }
    return s.substr(i);
}

std::string valid_sort_key(const std::string& key) {
    if (std::find(kSortKeys.begin(), kSortKeys.end(), key) == kSortKeys.end()) {
        throw Fault::bad_request("Invalid sort key: " + key +
                                 ". It must be one of the following: name, status, "
                                 "container_format, disk_format, size, id, created_at, "
                                 "updated_at.");
    }
    return key;
}

bool valid_sort_dir(const std::string& dir) {
    if (dir != "asc" && dir != "desc") {
        throw Fault::bad_request("Invalid sort direction: " + dir);
    }
    return dir == "desc";
}

// glance/common/utils.py split_filter_op: "op:value", unless the whole text is an ISO time.
std::pair<std::string, std::string> split_filter_op(const std::string& expr) {
    auto colon = expr.find(':');
    if (colon == std::string::npos) {
        return {"eq", expr};
    }
    if (util::parse_iso8601(expr)) {
        return {"eq", expr};
    }
    return {expr.substr(0, colon), expr.substr(colon + 1)};
}

// split_filter_value_for_quotes: comma-separated, double quotes protect commas.
std::vector<std::string> split_in_values(const std::string& text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '"') {
            std::string v;
            ++i;
            while (i < text.size() && text[i] != '"') {
                if (text[i] == '\\' && i + 1 < text.size()) {
                    ++i;
                }
                v.push_back(text[i++]);
            }
            if (i >= text.size()) {
                throw Fault::bad_request("Invalid filter value " + text +
                                         ". The quote is not closed.");
            }
            ++i;
            if (i < text.size() && text[i] == ',') {
                ++i;
            }
            out.push_back(v);
        } else if (text[i] == ',') {
            out.emplace_back();
            ++i;
        } else {
            auto comma = text.find(',', i);
            auto end = comma == std::string::npos ? text.size() : comma;
            out.push_back(text.substr(i, end - i));
            i = comma == std::string::npos ? end : comma + 1;
        }
    }
    return out;
}

std::string comparison(const std::string& op) {
    if (op == "gt")
        return ">";
    if (op == "gte")
        return ">=";
    if (op == "lt")
        return "<";
    if (op == "lte")
        return "<=";
    if (op == "neq")
        return "<>";
    if (op == "eq")
        return "=";
    throw Fault::bad_request("Unable to filter on a unknown operator.");
}

bool is_image_column(const std::string& k) {
    static const std::vector<std::string> cols{
        "id",     "name",      "disk_format",  "container_format", "size",       "virtual_size",
        "status", "checksum",  "os_hash_algo", "os_hash_value",    "min_disk",   "min_ram",
        "owner",  "protected", "os_hidden",    "created_at",       "updated_at", "visibility"};
    return std::find(cols.begin(), cols.end(), k) == cols.end() ? false : true;
}

bool bool_filter(const std::string& name, const std::string& value) {
    std::string lower = value;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    if (name == "os_hidden") {
        if (lower != "true" && lower != "false") {
            throw Fault::bad_request("Invalid value '" + lower +
                                     "' for 'os_hidden' filter. Valid values are 'true' or "
                                     "'false'.");
        }
        return lower == "true";
    }
    if (value != "true" && value != "false") {
        throw Fault::bad_request("Invalid value '" + value +
                                 "' for 'protected' filter. Valid "
                                 "values are 'true' or 'false'.");
    }
    return value == "true";
}

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

}  // namespace

db::ListQuery parse_list_params(const onestack::http::Request& req, const ImageOptions& options,
                                std::optional<std::string>& marker_id) {
    db::ListQuery q;
    auto page = onestack::api::parse_page(req.query(), options.api_limit_max,
                                          onestack::api::PagingDialect::glance);
    q.limit = std::min(page.limit.value_or(options.limit_param_default), options.api_limit_max);
    marker_id = page.marker;

    // The remaining parameters in order; the first of a repeated name counts
    // (webob's params.pop), tags and sort keys/dirs repeat.
    std::vector<std::pair<std::string, std::string>> filters;
    std::vector<std::string> sort_keys, sort_dirs;
    std::optional<std::string> sort;
    bool member_status_seen = false;
    for (const auto& [k, v] : req.query().items()) {
        if (k == "limit" || k == "marker") {
            continue;
        }
        if (k == "member_status") {
            if (!member_status_seen) {
                q.member_status = v;
                member_status_seen = true;
            }
        } else if (k == "tag") {
            q.tags.push_back(strip(v));
        } else if (k == "sort") {
            if (!sort) {
                sort = v;
            }
        } else if (k == "sort_key") {
            sort_keys.push_back(strip(v));
        } else if (k == "sort_dir") {
            sort_dirs.push_back(strip(v));
        } else if (std::none_of(filters.begin(), filters.end(),
                                [&](const auto& f) { return f.first == k; })) {
            filters.emplace_back(k, v);
        }
    }
    if (q.member_status != "pending" && q.member_status != "accepted" &&
        q.member_status != "rejected" && q.member_status != "all") {
        throw Fault::bad_request("Invalid status: " + q.member_status);
    }
    bool hidden_seen = false;
    for (const auto& [k, v] : filters) {
        if (k == "visibility") {
            if (v.empty()) {
                continue;
            }
            if (v != "community" && v != "public" && v != "private" && v != "shared" &&
                v != "all") {
                throw Fault::bad_request("Invalid visibility value: " + v);
            }
            q.visibility = v;
        } else if (k == "changes-since") {
            throw Fault::bad_request("The \"changes-since\" filter is no longer available on v2.");
        }
    }
    if (sort) {
        if (!sort_keys.empty() || !sort_dirs.empty()) {
            throw Fault::bad_request("Old and new sorting syntax cannot be combined");
        }
        std::string text = strip(*sort);
        std::size_t start = 0;
        while (start <= text.size()) {
            auto comma = text.find(',', start);
            auto item =
                text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            auto colon = item.find(':');
            std::string key = strip(item.substr(0, colon));
            std::string dir = colon == std::string::npos ? "desc" : strip(item.substr(colon + 1));
            if (dir.empty()) {
                dir = "desc";
            }
            q.sort.push_back({valid_sort_key(key), valid_sort_dir(dir)});
            if (comma == std::string::npos) {
                break;
            }
            start = comma + 1;
        }
    } else {
        for (const auto& k : sort_keys) {
            valid_sort_key(k);
        }
        std::vector<bool> dirs;
        for (const auto& d : sort_dirs) {
            dirs.push_back(valid_sort_dir(d));
        }
        if (dirs.size() > 1 && dirs.size() != sort_keys.size()) {
            throw Fault::bad_request("Number of sort dirs does not match the number of sort keys");
        }
        if (sort_keys.empty()) {
            sort_keys.push_back("created_at");
        }
        for (std::size_t i = 0; i < sort_keys.size(); ++i) {
            bool desc = dirs.empty() ? true : dirs.size() == 1 ? dirs[0] : dirs[i];
            q.sort.push_back({sort_keys[i], desc});
        }
    }
    // image_get_all: created_at and id are always appended, in the default direction.
    bool default_desc = q.sort.empty() ? true : q.sort.front().descending;
    if (!sort && sort_dirs.size() == 1) {
        default_desc = q.sort.front().descending;
    } else if (!sort && sort_dirs.empty()) {
        default_desc = true;
    }
    for (const char* key : {"created_at", "id"}) {
        if (std::none_of(q.sort.begin(), q.sort.end(),
                         [&](const auto& s) { return s.key == key; })) {
            q.sort.push_back({key, default_desc});
        }
    }

    for (const auto& [k, v] : filters) {
        if (k == "visibility" || k == "changes-since") {
            continue;
        }
        if (k == "os_hidden") {
            hidden_seen = true;
            q.conditions.push_back({"os_hidden", "=", {onestack::db::boolean(bool_filter(k, v))}});
        } else if (k == "protected") {
            q.conditions.push_back({"protected", "=", {onestack::db::boolean(bool_filter(k, v))}});
        } else if ((k.size() > 4 && (k.ends_with("_min") || k.ends_with("_max"))) &&
                   is_image_column(k.substr(0, k.size() - 4))) {
            std::int64_t n = 0;
            try {
                std::size_t used = 0;
                n = std::stoll(strip(v), &used);
                if (used != strip(v).size()) {
                    throw std::invalid_argument(v);
                }
            } catch (const std::exception&) {
                throw Fault::bad_request("Unable to filter on a range with a non-numeric value.");
            }
            q.conditions.push_back(
                {k.substr(0, k.size() - 4), k.ends_with("_min") ? ">=" : "<=", {n}});
        } else if (k == "created_at" || k == "updated_at") {
            auto [op, when] = split_filter_op(v);
            auto t = util::parse_iso8601(when);
            if (!t) {
                throw Fault::bad_request("Bad \"" + k +
                                         "\" query filter format. Use ISO 8601 DateTime notation.");
            }
            auto cmp = comparison(op);
            // Stored with microseconds: "= second" means within that second.
            std::int64_t lo = *t * 1000000, hi = lo + 999999;
            if (cmp == "=") {
                q.conditions.push_back({k, ">=", {lo}});
                q.conditions.push_back({k, "<=", {hi}});
            } else if (cmp == "<>") {
                q.conditions.push_back({k, "<>", {lo}});
            } else if (cmp == ">") {
                q.conditions.push_back({k, ">", {hi}});
            } else if (cmp == ">=") {
                q.conditions.push_back({k, ">=", {lo}});
            } else if (cmp == "<") {
                q.conditions.push_back({k, "<", {lo}});
            } else {
                q.conditions.push_back({k, "<=", {hi}});
            }
        } else if (k == "name" || k == "id" || k == "status" || k == "container_format" ||
                   k == "disk_format") {
            auto [op, value] = split_filter_op(v);
            if (op == "in") {
                db::Condition c{k, "IN", {}};
                for (auto& item : split_in_values(value)) {
                    c.values.emplace_back(item);
                }
                q.conditions.push_back(std::move(c));
            } else if (op == "eq") {
                q.conditions.push_back({k, "=", {value}});
            } else {
                throw Fault::bad_request("Unable to filter by unknown operator '" + op + "'.");
            }
        } else if (is_image_column(k)) {
            q.conditions.push_back({k, "=", {v}});
        } else {
            q.properties.emplace_back(k, v);
        }
    }
    if (!hidden_seen) {
        q.conditions.push_back({"os_hidden", "=", {onestack::db::boolean(false)}});
    }
    return q;
}

std::string list_link(const onestack::http::Request& req, const std::string& marker) {
    std::vector<std::pair<std::string, std::string>> params;
    for (const auto& [k, v] : req.query().items()) {
        if (k == "marker") {
            continue;
        }
        auto it =
            std::find_if(params.begin(), params.end(), [&](const auto& p) { return p.first == k; });
        if (it == params.end()) {
            params.emplace_back(k, v);
        } else {
            it->second = v;
        }
    }
    if (!marker.empty()) {
        params.emplace_back("marker", marker);
    }
    std::string q;
    for (const auto& [k, v] : params) {
        q += (q.empty() ? "" : "&") + quote_plus(k) + "=" + quote_plus(v);
    }
    return q.empty() ? "/v2/images" : "/v2/images?" + q;
}

}  // namespace onestack::image::api
