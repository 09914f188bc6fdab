#pragma once
// Query-string values shared by GET /resource_providers and
// GET /allocation_candidates (placement/util.py normalize_*), with
// upstream's 400 wording.
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/http/message.hpp"

namespace onestack::placement::api {

using ResourceAmounts = std::vector<std::pair<std::string, std::int64_t>>;

// "VCPU:2,MEMORY_MB:1024" (normalize_resources_qs_param).
ResourceAmounts parse_resources(const std::string& value);

struct TraitFilter {
    std::vector<std::set<std::string>> required;  // AND of ORs
    std::set<std::string> forbidden;
};
// Every required<suffix> value (only the last before mv 1.39), forbidden
// traits from 1.22, "in:" from 1.39 (normalize_traits_qs_params).
TraitFilter parse_required(const onestack::http::Request& req, const std::string& suffix);
// One value, for root_required: no "in:", forbidden allowed.
TraitFilter parse_trait_list(const std::string& value, bool allow_forbidden, bool allow_any);

struct AggregateFilter {
    std::vector<std::set<std::string>> member_of;
    std::set<std::string> forbidden;
};
// normalize_member_of_qs_params: several from 1.24, "!" from 1.32.
AggregateFilter parse_member_of(const onestack::http::Request& req, const std::string& suffix);

// normalize_in_tree_qs_params.
std::string parse_in_tree(const std::string& value);

}  // namespace onestack::placement::api
