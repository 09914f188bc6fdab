#include "placement/api/common.hpp"

#include <algorithm>
#include <boost/algorithm/string.hpp>
#include <cstdlib>
#include <ctime>

#include "common/policy/credentials.hpp"
#include "common/util/time.hpp"
#include "placement/errors.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::api {

namespace {

// Python's str(jsonschema.ValidationError). keystone_message() adds a
// "field" prefix when the error has a path; placement words it bare.
std::string jsonschema_text(const onestack::json::ValidationError& e) {
    auto text = onestack::json::keystone_message(e);
    if (!e.path.empty()) {
        const std::string prefix = "Invalid input for field '" + e.path_string() + "': ";
        if (text.rfind(prefix, 0) == 0) {
            text.erase(0, prefix.size());
        }
    }
    return text;
}

std::string media_type(std::string_view header) {
    auto semi = header.find(';');
    std::string type(boost::algorithm::trim_copy(std::string(header.substr(0, semi))));
    boost::algorithm::to_lower(type);
    return type;
}

}  // namespace

onestack::api::Version version(const Request& req) {
    // Views ask once per object; the request's own id tells a later
    // request at the same address apart.
    thread_local const Request* last_request = nullptr;
    thread_local std::string last_id;
    thread_local onestack::api::Version last_version;
    if (&req == last_request && !req.ctx.request_id.empty() && req.ctx.request_id == last_id) {
        return last_version;
    }
    auto v = onestack::api::negotiate(onestack::api::placement_microversions(), req);
    last_request = &req;
    last_id = req.ctx.request_id;
    last_version = v;
    return v;
}

bool at_least(const Request& req, int minor) {
    return version(req) >= onestack::api::Version{1, minor};
}

void require_version(const Request& req, int minor, unsigned status) {
    if (!at_least(req, minor)) {
        throw Fault(status, "");
    }
}

void require_version_range(const Request& req, int min_minor, int max_minor) {
    auto v = version(req);
    if (v < onestack::api::Version{1, min_minor} || v > onestack::api::Version{1, max_minor}) {
        throw Fault(404, "");
    }
}

void authorize(Placement& placement, const Request& req, std::string_view rule) {
    boost::json::object target;
    target["project_id"] = req.ctx.project_id.empty() ? boost::json::value(nullptr)
                                                      : boost::json::value(req.ctx.project_id);
    target["user_id"] =
        req.ctx.user_id.empty() ? boost::json::value(nullptr) : boost::json::value(req.ctx.user_id);
    authorize(placement, req, rule, target);
}

void authorize(Placement& placement, const Request& req, std::string_view rule,
               const boost::json::object& target) {
    if (!placement.policy().check(rule, target, policy::credentials_from(req.ctx))) {
        throw Fault(403, "Policy does not allow " + std::string(rule) + " to be performed.");
    }
}

void require_json_content(const Request& req) {
    auto type = media_type(req.header("Content-Type"));
    if (type != "application/json") {
        throw Fault(415, "The media type " + (type.empty() ? std::string("None") : type) +
                             " is not supported, use application/json");
    }
}

std::string effective_accept(const Request& req) {
    auto accept = boost::algorithm::trim_copy(std::string(req.header("Accept")));
    return accept.empty() || accept == "*/*" ? std::string("application/json") : accept;
}

std::vector<std::string> acceptable_offers(std::string_view accept,
                                           const std::vector<std::string>& offers) {
    struct Range {
        std::string type, subtype;
        double q = 1.0;
    };
    std::vector<Range> ranges;
    std::vector<std::string> items;
    boost::algorithm::split(items, accept, boost::is_any_of(","));
    for (const auto& item : items) {
        std::vector<std::string> parts;
        boost::algorithm::split(parts, item, boost::is_any_of(";"));
        auto type = media_type(parts.front());
        if (type.empty()) {
            continue;
        }
        auto slash = type.find('/');
        if (slash == std::string::npos) {
            return offers;  // not a valid Accept: webob accepts every offer
        }
        Range r{type.substr(0, slash), type.substr(slash + 1)};
        for (std::size_t i = 1; i < parts.size(); ++i) {
            auto p = boost::algorithm::trim_copy(parts[i]);
            if (p.size() > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
                r.q = std::atof(p.c_str() + 2);
            }
        }
        ranges.push_back(std::move(r));
    }
    // Each offer takes the q of its most specific matching range.
    std::vector<std::pair<double, std::string>> scored;
    for (const auto& offer : offers) {
        auto slash = offer.find('/');
        auto type = offer.substr(0, slash), subtype = offer.substr(slash + 1);
        int best = -1;
        double q = 0.0;
        for (const auto& r : ranges) {
            int specificity = r.type == "*" ? 0 : r.subtype == "*" ? 1 : 2;
            bool matches =
                specificity == 0 || (r.type == type && (specificity == 1 || r.subtype == subtype));
            if (matches && specificity > best) {
                best = specificity;
                q = r.q;
            }
        }
        if (q > 0.0) {
            scored.emplace_back(q, offer);
        }
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> out;
    for (auto& [q, offer] : scored) {
        out.push_back(std::move(offer));
    }
    return out;
}

void check_accept_json(const Request& req) {
    if (acceptable_offers(effective_accept(req), {"application/json"}).empty()) {
        throw Fault(406, "Only application/json is provided");
    }
}

boost::json::value extract_json(std::string_view text, const onestack::json::Schema& schema) {
    boost::json::value data;
    boost::system::error_code ec;
    data = boost::json::parse(text, ec);
    if (ec) {
        // Python's json.loads words it "Expecting value: line 1 column 1 (char 0)".
        std::string why = text.find_first_not_of(" \t\r\n") == std::string_view::npos
                              ? "Expecting value: line 1 column 1 (char 0)"
                              : ec.message();
        throw errors::bad_request("Malformed JSON: " + why);
    }
    if (auto err = schema.validate(data)) {
        throw errors::bad_request("JSON does not validate: " + jsonschema_text(*err));
    }
    return data;
}

boost::json::value extract_json(const Request& req, const onestack::json::Schema& schema) {
    return extract_json(std::string_view(req.body), schema);
}

void validate_query(const Request& req, const onestack::json::Schema& schema) {
    boost::json::object params;
    for (const auto& [key, value] : req.query().items()) {
        params[key] = value;
    }
    if (auto err = schema.validate(params)) {
        throw errors::bad_request("Invalid query string parameters: " + jsonschema_text(*err));
    }
}

Response json_response(unsigned status, const boost::json::value& body) {
    return Response::json(status, body);
}

std::string http_date(Timestamp when) {
    std::time_t t = static_cast<std::time_t>(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
}

void set_last_modified(const Request& req, Response& res, Timestamp when) {
    if (at_least(req, 15)) {
        res.set("Last-Modified", http_date(when ? when : now()));
        res.set("Cache-Control", "no-cache");
    }
}

Timestamp now() {
    return util::now_unix();
}

std::string provider_url(const std::string& uuid) {
    return "/resource_providers/" + uuid;
}

const std::string& path_param(const Request& req, std::string_view name) {
    return req.param(name);
}

}  // namespace onestack::placement::api
