#pragma once
// A provider's aggregates (resource_provider.py _set_aggregates).
#include <optional>
#include <string>
#include <vector>

#include "placement/store/store.hpp"

namespace onestack::placement::ops {

// mv 1.19+: expected_generation is checked and the generation bumped;
// before, neither. Returns the provider's generation afterwards.
std::int64_t set_provider_aggregates(Store& store, const std::string& uuid,
                                     std::optional<std::int64_t> expected_generation,
                                     const std::vector<std::string>& aggregate_uuids);

}  // namespace onestack::placement::ops
