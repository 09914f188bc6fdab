#pragma once
// GET /resource_providers filtering (resource_provider.py
// _get_all_by_filters_from_db) over the model.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "placement/model/model.hpp"

namespace onestack::placement::ops {

struct ProviderFilter {
    std::optional<std::string> name;
    std::optional<std::string> uuid;
    std::optional<std::string> in_tree;
    std::vector<std::set<std::string>> required_traits;
    std::set<std::string> forbidden_traits;
    std::vector<std::set<std::string>> member_of;
    std::set<std::string> forbidden_aggregates;
    std::vector<std::pair<std::string, std::int64_t>> resources;
};

// Matching providers in listing order. 400 for unknown traits or classes.
std::vector<const Provider*> find_providers(const Model& m, const ProviderFilter& f);

// research_context._capacity_check_clause: can `amount` more be allocated?
bool fits(const Inventory& inv, std::int64_t used, std::int64_t amount);

// Providers in at least one aggregate of every listed set.
std::set<Id> providers_in_aggregates(const Model& m,
                                     const std::vector<std::set<std::string>>& member_of);

}  // namespace onestack::placement::ops
