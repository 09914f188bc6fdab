#include "common/api/microversion.hpp"

#include <algorithm>
#include <cctype>
#include <climits>

#include "common/api/fault.hpp"
#include "common/json/python_repr.hpp"

namespace onestack::api {

namespace {

constexpr std::string_view kStandardHeader = "OpenStack-API-Version";

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string_view strip(std::string_view s) {
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

std::vector<std::string_view> split_commas(std::string_view s) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        auto comma = s.find(',', start);
        parts.push_back(s.substr(start, comma - start));
        if (comma == std::string_view::npos) {
            return parts;
        }
        start = comma + 1;
    }
}

// Every value of a header joined with ',', as a WSGI server folds repeats.
std::optional<std::string> folded_header(const http::Request& request, std::string_view name) {
    auto [first, last] = request.headers.equal_range(name);
    if (first == last) {
        return std::nullopt;
    }
    std::string folded;
    for (auto it = first; it != last; ++it) {
        folded += (it == first ? "" : ",") + std::string(strip(it->value()));
    }
    return folded;
}

// Decimal digits to int, saturating: anything that large is out of range anyway.
int saturating_int(std::string_view digits) {
    long long value = 0;
    for (char c : digits) {
        value = std::min<long long>(value * 10 + (c - '0'), INT_MAX);
    }
    return static_cast<int>(value);
}

// Python's int(text) for microversion_parse; nullopt where int() raises.
std::optional<int> python_int(std::string_view text) {
    auto s = strip(text);
    bool negative = !s.empty() && s.front() == '-';
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        s.remove_prefix(1);
    }
    std::string digits;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (is_digit(s[i])) {
            digits.push_back(s[i]);
        } else if (!(s[i] == '_' && i > 0 && is_digit(s[i - 1]) && i + 1 < s.size() &&
                     is_digit(s[i + 1]))) {
            return std::nullopt;
        }
    }
    if (digits.empty()) {
        return std::nullopt;
    }
    int value = saturating_int(digits);
    return negative ? -value : value;
}

// microversion_parse.parse_version_string: Version(*(int(v) for v in s.split('.', 1))).
Version parse_placement_version(const std::string& text) {
    auto dot = text.find('.');
    std::vector<std::string_view> parts{std::string_view(text).substr(0, dot)};
    if (dot != std::string::npos) {
        parts.push_back(std::string_view(text).substr(dot + 1));
    }
    std::vector<int> numbers;
    for (auto part : parts) {
        auto n = python_int(part);
        if (!n) {
            throw Fault::bad_request(
                "Invalid microversion: invalid version string: " + text +
                "; invalid literal for int() with base 10: " + json::python::repr(part));
        }
        numbers.push_back(*n);
    }
    if (numbers.size() < 2) {
        throw Fault::bad_request(
            "Invalid microversion: invalid version string: " + text +
            "; Version.__new__() missing 1 required positional argument: 'minor'");
    }
    return {numbers[0], numbers[1]};
}

Version negotiate_nova(const MicroversionPolicy& policy, const std::optional<std::string>& text) {
    if (!text) {
        return policy.min;
    }
    if (*text == "latest") {
        return policy.max;
    }
    auto version = Version::parse(*text);
    // nova/exception.py InvalidAPIVersionString and InvalidGlobalAPIVersion.
    if (!version) {
        throw Fault::bad_request("API Version String " + *text +
                                 " is of invalid format. Must be of format MajorNum.MinorNum.");
    }
    if (*version < policy.min || *version > policy.max) {
        throw Fault::not_acceptable("Version " + *text +
                                    " is not supported by the API. Minimum is " + policy.min.str() +
                                    " and maximum is " + policy.max.str() + ".");
    }
    return *version;
}

// microversion_parse.extract_version, errors as its MicroversionMiddleware words them.
Version negotiate_placement(const MicroversionPolicy& policy,
                            const std::optional<std::string>& text) {
    std::string wanted = text && !text->empty() ? *text : policy.min.str();
    if (wanted == "latest") {
        wanted = policy.max.str();
    }
    auto version = parse_placement_version(wanted);
    if (version < policy.min || version > policy.max) {
        throw Fault::not_acceptable("Invalid microversion: Unacceptable version header: " + wanted);
    }
    return version;
}

}  // namespace

std::string Version::str() const {
    return std::to_string(major) + "." + std::to_string(minor);
}

std::optional<Version> Version::parse(std::string_view text) {
    auto dot = text.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    auto major = text.substr(0, dot);
    auto minor = text.substr(dot + 1);
    auto all_digits = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
    };
    if (!all_digits(major) || !all_digits(minor) || major.front() == '0' ||
        (minor.front() == '0' && minor.size() > 1)) {
        return std::nullopt;
    }
    return Version{saturating_int(major), saturating_int(minor)};
}

MicroversionPolicy compute_microversions() {
    return {
        "compute", {"X-OpenStack-Nova-API-Version"}, {2, 1}, {2, 93}, MicroversionDialect::nova};
}

MicroversionPolicy placement_microversions() {
    return {"placement", {}, {1, 0}, {1, 39}, MicroversionDialect::placement};
}

std::optional<std::string> requested_version(const MicroversionPolicy& policy,
                                             const http::Request& request) {
    if (auto standard = folded_header(request, kStandardHeader)) {
        auto entries = split_commas(*standard);
        for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
            auto entry = strip(*it);
            auto gap = std::find_if(entry.begin(), entry.end(), is_space);
            if (gap == entry.end()) {
                continue;  // "compute" alone names no version
            }
            auto service = entry.substr(0, static_cast<std::size_t>(gap - entry.begin()));
            auto version = strip(entry.substr(service.size()));
            if (iequals(service, policy.service_type)) {
                return std::string(version);
            }
        }
    }
    for (const auto& legacy : policy.legacy_headers) {
        if (auto value = folded_header(request, legacy)) {
            return std::string(strip(split_commas(*value).back()));
        }
    }
    return std::nullopt;
}

Version negotiate(const MicroversionPolicy& policy, const http::Request& request) {
    auto text = requested_version(policy, request);
    return policy.dialect == MicroversionDialect::placement ? negotiate_placement(policy, text)
                                                            : negotiate_nova(policy, text);
}

void add_response_headers(const MicroversionPolicy& policy, Version version,
                          http::Response& response) {
    response.headers.set(kStandardHeader, policy.service_type + " " + version.str());
    std::vector<std::string> vary_names{std::string(kStandardHeader)};
    for (const auto& legacy : policy.legacy_headers) {
        response.headers.set(legacy, version.str());
        vary_names.push_back(legacy);
    }
    auto existing = response.headers.find("Vary");
    std::string vary =
        existing == response.headers.end() ? std::string() : std::string(existing->value());
    for (const auto& name : vary_names) {
        auto listed = split_commas(vary);
        bool present = std::any_of(listed.begin(), listed.end(),
                                   [&](std::string_view v) { return iequals(strip(v), name); });
        if (!present) {
            vary += (strip(vary).empty() ? "" : ", ") + name;
        }
    }
    response.headers.set("Vary", vary);
}

}  // namespace onestack::api
