#pragma once
// The allocation candidate search of placement/objects/allocation_candidate.py
// and research_context.py, over the in-memory model: per request group,
// the providers (or trees, or trees plus sharing providers) that can satisfy
// it; then every combination across groups that fits group_policy,
// same_subtree and capacity.
//
// Results come in a stable order (anchor providers by internal id, the
// order they were created in) where upstream returns a set's order.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "placement/candidates/request.hpp"
#include "placement/model/model.hpp"

namespace onestack::placement::candidates {

struct ResourceAmount {
    Id provider = 0;
    int resource_class = 0;
    std::int64_t amount = 0;
};

struct AllocationRequest {
    Id anchor_root = 0;
    bool use_same_provider = false;
    std::vector<ResourceAmount> resources;
    std::map<std::string, std::set<Id>> mappings;  // group suffix -> providers (mv 1.34)
};

struct Result {
    std::vector<AllocationRequest> requests;
    std::vector<Id> summaries;  // providers to summarise, by internal id
};

// Throws a 400 Fault for an unknown resource class or trait, worded as
// upstream's handler words them.
Result find_candidates(const Model& model, const std::vector<RequestGroup>& groups,
                       const RequestWide& wide);

}  // namespace onestack::placement::candidates
