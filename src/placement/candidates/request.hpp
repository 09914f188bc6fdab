#pragma once
// What GET /allocation_candidates asks for, once parsed from the query
// string (placement/lib.py RequestGroup and RequestWideParams).
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace onestack::placement::candidates {

struct RequestGroup {
    std::string suffix;  // "" for the unnumbered group
    // False only for the unnumbered group: its resources may come from
    // several providers of one tree or from sharing providers.
    bool use_same_provider = true;
    std::vector<std::pair<std::string, std::int64_t>> resources;  // class name, amount
    std::vector<std::set<std::string>> required_traits;           // AND of ORs
    std::set<std::string> forbidden_traits;
    std::vector<std::set<std::string>> member_of;  // AND of ORs of aggregate uuids
    std::set<std::string> forbidden_aggregates;
    std::optional<std::string> in_tree;
};

struct RequestWide {
    std::optional<std::size_t> limit;
    std::string group_policy;  // "", "none" or "isolate"
    // root_required (mv 1.35): traits the anchor (root) must have / lack.
    std::set<std::string> anchor_required_traits;
    std::set<std::string> anchor_forbidden_traits;
    std::vector<std::set<std::string>> same_subtrees;  // mv 1.36
    bool nested_aware = true;                          // mv 1.29
    bool randomize = false;  // [placement] randomize_allocation_candidates
};

}  // namespace onestack::placement::candidates
