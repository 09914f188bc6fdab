#include "placement/api/query.hpp"

#include <boost/algorithm/string.hpp>

#include "common/util/ids.hpp"
#include "placement/api/common.hpp"
#include "placement/errors.hpp"

namespace onestack::placement::api {

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    boost::algorithm::split(out, s, [sep](char c) { return c == sep; });
    return out;
}

std::string strip(std::string s) {
    boost::algorithm::trim(s);
    return s;
}

// Python's int() on a query value.
std::optional<std::int64_t> python_int(const std::string& text) {
    auto s = strip(text);
    if (s.empty()) {
        return std::nullopt;
    }
    std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (i == s.size()) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return std::nullopt;
        }
        if (value < (INT64_MAX - 9) / 10) {
            value = value * 10 + (s[i] - '0');
        }
    }
    return s[0] == '-' ? -value : value;
}

const char* kResourcesForm =
    "Badly formed resources parameter. Expected resources query string parameter in form: "
    "?resources=VCPU:2,MEMORY_MB:1024. Got: ";

}  // namespace

ResourceAmounts parse_resources(const std::string& value) {
    if (strip(value).empty()) {
        throw errors::bad_request(std::string(kResourcesForm) + "empty string.");
    }
    ResourceAmounts out;
    for (const auto& rt : split(value, ',')) {
        auto parts = split(rt, ':');
        if (parts.size() != 2) {
            throw errors::bad_request(std::string(kResourcesForm) + rt + ".");
        }
        const auto& name = parts[0];
        auto amount = python_int(parts[1]);
        if (!amount) {
            throw errors::bad_request("Requested resource " + name +
                                      " expected positive integer amount. Got: " + parts[1] + ".");
        }
        if (*amount < 1) {
            throw errors::bad_request("Requested resource " + name +
                                      " requires amount >= 1. Got: " + std::to_string(*amount) +
                                      ".");
        }
        auto it =
            std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == name; });
        if (it != out.end()) {
            it->second = *amount;
        } else {
            out.emplace_back(name, *amount);
        }
    }
    return out;
}

TraitFilter parse_trait_list(const std::string& val, bool allow_forbidden, bool allow_any) {
    TraitFilter out;
    if (val.rfind("in:", 0) == 0) {
        if (!allow_any) {
            throw errors::bad_request(
                "Invalid query string parameters: The format 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' "
                "only supported since microversion 1.39. Got: " +
                val);
        }
        std::set<std::string> any;
        for (const auto& t : split(val.substr(3), ',')) {
            any.insert(strip(t));
        }
        if (any.count("")) {
            throw errors::bad_request(
                "Invalid query string parameters: Expected 'required' parameter value of the "
                "form: in:HW_CPU_X86_VMX,CUSTOM_MAGIC. Got an empty trait in: " +
                val);
        }
        if (std::any_of(any.begin(), any.end(), [](const std::string& t) { return t[0] == '!'; })) {
            throw errors::bad_request(
                "Invalid query string parameters: The format 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' "
                "does not support forbidden traits. Got: " +
                val);
        }
        out.required.push_back(std::move(any));
        return out;
    }
    std::vector<std::string> all;
    for (const auto& t : split(val, ',')) {
        all.push_back(strip(t));
    }
    bool empty = false;
    for (const auto& t : all) {
        if (t.empty()) {
            empty = true;
        } else if (t[0] == '!') {
            // str.lstrip('!'): "!!!FOO" is FOO.
            auto name =
                t.substr(t.find_first_not_of('!') == std::string::npos ? t.size()
                                                                       : t.find_first_not_of('!'));
            if (name.empty()) {
                empty = true;
            }
            out.forbidden.insert(name);
        }
    }
    if (empty) {
        throw errors::bad_request(
            std::string("Invalid query string parameters: Expected 'required' parameter value "
                        "of the form: ") +
            (allow_forbidden ? "HW_CPU_X86_VMX,!CUSTOM_MAGIC" : "HW_CPU_X86_VMX,CUSTOM_MAGIC") +
            ". Got an empty trait in: " + val);
    }
    for (const auto& t : all) {
        if (t[0] != '!') {
            out.required.push_back({t});
        }
    }
    if (!out.forbidden.empty() && !allow_forbidden) {
        throw errors::bad_request(
            "Invalid query string parameters: Expected 'required' parameter value of the form: "
            "HW_CPU_X86_VMX,CUSTOM_MAGIC. Got: " +
            val);
    }
    return out;
}

TraitFilter parse_required(const onestack::http::Request& req, const std::string& suffix) {
    const bool allow_forbidden = at_least(req, 22);
    const bool allow_any = at_least(req, 39);
    auto values = req.query().get_all("required" + suffix);
    if (!allow_any && values.size() > 1) {
        values.erase(values.begin(), values.end() - 1);
    }
    TraitFilter out;
    for (const auto& v : values) {
        auto one = parse_trait_list(v, allow_forbidden, allow_any);
        out.required.insert(out.required.end(), one.required.begin(), one.required.end());
        out.forbidden.insert(one.forbidden.begin(), one.forbidden.end());
    }
    return out;
}

AggregateFilter parse_member_of(const onestack::http::Request& req, const std::string& suffix) {
    const bool multi = at_least(req, 24);
    const bool allow_forbidden = at_least(req, 32);
    auto values = req.query().get_all("member_of" + suffix);
    if (!multi && values.size() > 1) {
        throw errors::bad_request("Multiple member_of" + suffix + " parameters are not supported");
    }
    AggregateFilter out;
    for (const auto& value : values) {
        if (value.find(',') != std::string::npos && value.rfind("in:", 0) != 0 &&
            value.rfind("!in:", 0) != 0) {
            throw errors::bad_request(
                "Multiple values for 'member_of' must be prefixed with the 'in:' or '!in:' "
                "keyword using the valid microversion. Got: " +
                value);
        }
        std::set<std::string> required, forbidden;
        if (value.rfind("!in:", 0) == 0) {
            auto parts = split(value.substr(4), ',');
            forbidden.insert(parts.begin(), parts.end());
        } else if (value.rfind("!", 0) == 0) {
            forbidden.insert(value.substr(1));
        } else if (value.rfind("in:", 0) == 0) {
            auto parts = split(value.substr(3), ',');
            required.insert(parts.begin(), parts.end());
        } else {
            required.insert(value);
        }
        for (const auto* set : {&required, &forbidden}) {
            for (const auto& agg : *set) {
                if (!util::is_uuid_like(agg)) {
                    throw errors::bad_request(
                        "Invalid query string parameters: Expected 'member_of' parameter to "
                        "contain valid UUID(s). Got: " +
                        agg);
                }
            }
        }
        if (!required.empty()) {
            out.member_of.push_back(std::move(required));
        }
        if (!forbidden.empty()) {
            if (!allow_forbidden) {
                throw errors::bad_request("Forbidden member_of" + suffix +
                                          " parameters are not supported in the specified "
                                          "microversion");
            }
            out.forbidden.insert(forbidden.begin(), forbidden.end());
        }
    }
    return out;
}

std::string parse_in_tree(const std::string& value) {
    auto v = strip(value);
    if (!util::is_uuid_like(v)) {
        throw errors::bad_request(
            "Invalid query string parameters: Expected 'in_tree' parameter to be a format of "
            "uuid. Got: " +
            value);
    }
    return v;
}

}  // namespace onestack::placement::api
