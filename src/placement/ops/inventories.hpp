#pragma once
// Inventory writes (placement/handlers/inventory.py and the inventory
// functions of placement/objects/resource_provider.py).
#include <string>
#include <utility>
#include <vector>

#include "placement/model/model.hpp"
#include "placement/store/store.hpp"

namespace onestack::placement::ops {

struct InventoryInput {
    std::string resource_class;
    Inventory values;  // values.resource_class is filled in by the operation
};

struct InventoryResult {
    std::string resource_class;
    Inventory inventory;
    std::int64_t generation = 0;
};

struct InventoriesResult {
    std::vector<std::pair<std::string, Inventory>> inventories;  // by class name, as given
    std::int64_t generation = 0;
};

// mv 1.26 lets reserved equal total (capacity 0); before, capacity must be > 0.
InventoryResult create_inventory(Store& store, const std::string& uuid, InventoryInput input,
                                 bool reserved_can_be_total);
InventoryResult update_inventory(Store& store, const std::string& uuid,
                                 std::int64_t expected_generation, InventoryInput input,
                                 bool reserved_can_be_total);
void delete_inventory(Store& store, const std::string& uuid, const std::string& resource_class);
InventoriesResult set_inventories(Store& store, const std::string& uuid,
                                  std::int64_t expected_generation,
                                  std::vector<InventoryInput> inputs, bool reserved_can_be_total);
// DELETE /resource_providers/{uuid}/inventories (mv 1.5).
void delete_inventories(Store& store, const std::string& uuid);

// Plans replacing a provider's whole inventory (resource_provider.py
// _set_inventory) without touching its generation: the reshaper and
// set_inventories share it. Throws 409 placement.inventory.inuse, the
// detail starting with in_use_prefix, when a class to remove still has
// allocations.
void plan_inventory_replacement(const Model& m, const Provider& p,
                                const std::vector<Inventory>& wanted, Timestamp now, Change& change,
                                const std::string& in_use_prefix);

}  // namespace onestack::placement::ops
