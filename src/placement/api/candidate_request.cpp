#include "placement/api/candidate_request.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include <boost/algorithm/string.hpp>

#include "common/json/python_repr.hpp"
#include "placement/api/common.hpp"
#include "placement/api/query.hpp"
#include "placement/errors.hpp"

namespace onestack::placement::api {

namespace {

using candidates::RequestGroup;

std::string python_list(const std::vector<std::string>& items) {
    boost::json::array a;
    for (const auto& s : items) {
        a.push_back(boost::json::value(s));
    }
    return onestack::json::python::repr(boost::json::value(a));
}

void parse_wide(const Request& req, candidates::RequestWide& wide) {
    const auto& q = req.query();
    if (auto limit = q.get_all("limit"); !limit.empty()) {
        wide.limit = static_cast<std::size_t>(std::stoll(limit.front()));
    }
    if (auto policy = q.get_all("group_policy"); !policy.empty()) {
        wide.group_policy = policy.front();
    }
    if (auto root = q.get_all("root_required"); !root.empty()) {
        if (root.size() > 1) {
            throw errors::bad_request("Query parameter 'root_required' may be specified only once.",
                                      errors::kDuplicateQueryParam);
        }
        // normalize_traits_qs_param_to_legacy_value then _fix_one_forbidden.
        auto traits = parse_trait_list(root.front(), true, false);
        for (const auto& any : traits.required) {
            wide.anchor_required_traits.insert(*any.begin());
        }
        wide.anchor_forbidden_traits = traits.forbidden;
        std::vector<std::string> conflicts;
        for (const auto& t : wide.anchor_forbidden_traits) {
            if (wide.anchor_required_traits.count(t)) {
                conflicts.push_back(t);
            }
        }
        if (!conflicts.empty()) {
            throw errors::bad_request(
                "Conflicting required and forbidden traits found in root_required: " +
                    boost::algorithm::join(conflicts, ", "),
                errors::kQueryBadValue);
        }
    }
    for (const auto& value : q.get_all("same_subtree")) {
        std::vector<std::string> parts;
        boost::algorithm::split(parts, value, boost::is_any_of(","));
        std::set<std::string> suffixes;
        for (auto& p : parts) {
            suffixes.insert(boost::algorithm::trim_copy(p));
        }
        if (suffixes.count("")) {
            throw errors::bad_request(
                "Empty string (unsuffixed group) can not be specified in `same_subtree` ",
                errors::kQueryBadValue);
        }
        wide.same_subtrees.push_back(std::move(suffixes));
    }
}

// A group parameter's name split into prefix and suffix, as upstream's
// patterns "^(resources|required|member_of|in_tree)([1-9][0-9]*)?$" (numbered)
// and "...([a-zA-Z0-9_-]{1,64})?$" (mv 1.33) read it; nullopt for any other name.
std::optional<std::pair<std::string_view, std::string_view>> group_key(std::string_view key,
                                                                       bool verbose) {
    for (std::string_view prefix : {"resources", "required", "member_of", "in_tree"}) {
        if (!key.starts_with(prefix)) {
            continue;
        }
        auto suffix = key.substr(prefix.size());
        if (suffix.empty()) {
            return std::pair{prefix, suffix};
        }
        auto ok = [&](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) ||
                   (verbose && (c == '_' || c == '-'));
        };
        bool valid = std::all_of(suffix.begin(), suffix.end(), ok) &&
                     (verbose ? suffix.size() <= 64
                              : suffix.front() != '0' &&
                                    std::all_of(suffix.begin(), suffix.end(),
                                                [](char c) { return c >= '0' && c <= '9'; }));
        return valid ? std::optional{std::pair{prefix, suffix}} : std::nullopt;
    }
    return std::nullopt;
}

std::vector<RequestGroup> parse_groups(const Request& req) {
    const bool verbose = at_least(req, 33);
    std::vector<RequestGroup> groups;
    auto group_for = [&](const std::string& suffix) -> RequestGroup& {
        for (auto& g : groups) {
            if (g.suffix == suffix) {
                return g;
            }
        }
        RequestGroup g;
        g.suffix = suffix;
        g.use_same_provider = !suffix.empty();
        groups.push_back(std::move(g));
        return groups.back();
    };
    for (const auto& [key, value] : req.query().items()) {
        auto parts = group_key(key, verbose);
        if (!parts) {
            continue;
        }
        const std::string_view prefix = parts->first;
        const std::string suffix(parts->second);
        RequestGroup& g = group_for(suffix);
        if (prefix == "resources") {
            g.resources = parse_resources(value);
        } else if (prefix == "required") {
            auto traits = parse_required(req, suffix);
            g.required_traits = std::move(traits.required);
            g.forbidden_traits = std::move(traits.forbidden);
        } else if (prefix == "member_of") {
            auto aggs = parse_member_of(req, suffix);
            g.member_of = std::move(aggs.member_of);
            g.forbidden_aggregates = std::move(aggs.forbidden);
        } else {
            g.in_tree = parse_in_tree(value);
        }
    }
    return groups;
}

void check_groups(const Request& req, const std::vector<RequestGroup>& groups,
                  const candidates::RequestWide& wide) {
    if (at_least(req, 36)) {
        std::vector<std::string> resourceless;
        for (const auto& g : groups) {
            if (g.resources.empty()) {
                resourceless.push_back(g.suffix);
            }
        }
        if (resourceless.size() == groups.size()) {
            throw errors::bad_request(
                "There must be at least one resources or resources[$S] parameter.",
                errors::kQueryMissingValue);
        }
        std::set<std::string> in_subtrees;
        for (const auto& s : wide.same_subtrees) {
            in_subtrees.insert(s.begin(), s.end());
        }
        std::vector<std::string> bad;
        for (const auto& s : resourceless) {
            if (!in_subtrees.count(s)) {
                bad.push_back(s);
            }
        }
        if (!bad.empty()) {
            throw errors::bad_request(
                "Resourceless suffixed group request should be specified in `same_subtree` "
                "query param: bad group(s) - " +
                    python_list(bad) + ".",
                errors::kQueryBadValue);
        }
        std::vector<std::string> unknown;
        std::vector<std::string> known;
        for (const auto& g : groups) {
            known.push_back(g.suffix);
        }
        for (const auto& s : wide.same_subtrees) {
            for (const auto& suffix : s) {
                if (std::find(known.begin(), known.end(), suffix) == known.end()) {
                    unknown.push_back(suffix);
                }
            }
        }
        if (!unknown.empty()) {
            throw errors::bad_request(
                "Real suffixes should be specified in `same_subtree`: " + python_list(unknown) +
                    " not found in " + python_list(known) + ".",
                errors::kQueryBadValue);
        }
    } else {
        std::vector<std::string> orphans;
        for (const auto& g : groups) {
            if (!g.required_traits.empty() && g.resources.empty()) {
                orphans.push_back("required" + g.suffix);
            }
        }
        if (!orphans.empty()) {
            throw errors::bad_request(
                "All traits parameters must be associated with resources.  Found the following "
                "orphaned traits keys: " +
                boost::algorithm::join(orphans, ", "));
        }
        for (const auto& g : groups) {
            if (g.resources.empty() && (!g.member_of.empty() || !g.forbidden_aggregates.empty())) {
                orphans.push_back("member_of" + g.suffix);
            }
        }
        if (!orphans.empty()) {
            throw errors::bad_request(
                "All member_of parameters must be associated with resources. Found the following "
                "orphaned member_of keys: " +
                boost::algorithm::join(orphans, ", "));
        }
        for (const auto& g : groups) {
            if (g.resources.empty()) {
                throw errors::bad_request("All request groups must specify resources.");
            }
        }
        if (groups.empty()) {
            throw errors::bad_request(
                "At least one request group (`resources` or `resources{$S}`) is required.");
        }
    }
    if (at_least(req, 22)) {
        std::vector<std::string> conflicts;
        for (const auto& g : groups) {
            for (const auto& any : g.required_traits) {
                bool all_forbidden = std::all_of(any.begin(), any.end(), [&](const std::string& t) {
                    return g.forbidden_traits.count(t) > 0;
                });
                if (all_forbidden) {
                    conflicts.push_back("required" + g.suffix + ": (" +
                                        boost::algorithm::join(any, ", ") + ")");
                }
            }
        }
        if (!conflicts.empty()) {
            std::sort(conflicts.begin(), conflicts.end());
            throw errors::bad_request(
                "Conflicting required and forbidden traits found in the following traits keys: " +
                boost::algorithm::join(conflicts, ", "));
        }
    }
}

}  // namespace

CandidateQuery parse_candidate_query(const Request& req) {
    CandidateQuery out;
    parse_wide(req, out.wide);
    out.groups = parse_groups(req);
    check_groups(req, out.groups, out.wide);
    if (out.wide.group_policy.empty()) {
        auto granular = std::count_if(out.groups.begin(), out.groups.end(),
                                      [](const RequestGroup& g) { return g.use_same_provider; });
        if (granular > 1) {
            throw errors::bad_request(
                "The \"group_policy\" parameter is required when specifying more than one "
                "\"resources{N}\" parameter.");
        }
    }
    out.wide.nested_aware = at_least(req, 29);
    return out;
}

}  // namespace onestack::placement::api
