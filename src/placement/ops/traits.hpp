#pragma once
// Trait writes: custom traits (placement/handlers/trait.py) and the traits
// of a provider (resource_provider.py _set_traits).
#include <string>
#include <vector>

#include "placement/store/store.hpp"

namespace onestack::placement::ops {

// PUT /traits/{name}: true when created (201), false when it existed (204).
bool ensure_trait(Store& store, const std::string& name, Timestamp* created_at);
void delete_trait(Store& store, const std::string& name);

struct ProviderTraits {
    std::vector<std::string> traits;  // in trait id order
    std::int64_t generation = 0;
};
ProviderTraits set_provider_traits(Store& store, const std::string& uuid,
                                   std::int64_t expected_generation,
                                   const std::vector<std::string>& names);
void delete_provider_traits(Store& store, const std::string& uuid);

}  // namespace onestack::placement::ops
