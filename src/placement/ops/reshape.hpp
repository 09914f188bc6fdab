#pragma once
// POST /reshaper (mv 1.30, placement/objects/reshaper.py): move inventory
// and the allocations against it between providers of a tree in one write.
#include <string>
#include <vector>

#include "placement/ops/allocations.hpp"
#include "placement/ops/inventories.hpp"

namespace onestack::placement::ops {

struct ProviderInventories {
    std::string provider_uuid;
    std::int64_t generation = 0;
    std::vector<InventoryInput> inventories;
};

// Checks generations, then in one transaction: each provider's inventory
// becomes old-plus-new, the consumers' allocations are replaced (capacity
// checked against that interim inventory), and each provider's inventory
// becomes exactly the new one (409 placement.inventory.inuse if a removed
// class still has allocations).
void reshape(Store& store, const std::vector<ProviderInventories>& inventories,
             const std::vector<ConsumerAllocations>& allocations, AllocationOptions options);

}  // namespace onestack::placement::ops
