#include "placement/ops/reshape.hpp"

#include "common/util/time.hpp"
#include "placement/errors.hpp"
#include "placement/ops/generations.hpp"

namespace onestack::placement::ops {

void reshape(Store& store, const std::vector<ProviderInventories>& inventories,
             const std::vector<ConsumerAllocations>& allocations, AllocationOptions options) {
    options.wording = AllocationOptions::Wording::reshaper;
    store.write([&](const Model& m, Change& change) {
        // handlers/reshaper.py: providers and generations first.
        std::vector<std::pair<Id, std::vector<Inventory>>> wanted;
        for (const auto& pi : inventories) {
            const Provider* p = m.provider(pi.provider_uuid);
            if (!p) {
                throw errors::bad_request("Resource provider " + pi.provider_uuid +
                                              " in inventories not found: No resource provider "
                                              "with uuid " +
                                              pi.provider_uuid + " found",
                                          errors::kProviderNotFound);
            }
            if (p->generation != pi.generation) {
                throw errors::conflict("resource provider generation conflict for provider " +
                                           pi.provider_uuid +
                                           ": actual: " + std::to_string(p->generation) +
                                           ", given: " + std::to_string(pi.generation),
                                       errors::kConcurrentUpdate);
            }
            std::vector<Inventory> list;
            for (const auto& in : pi.inventories) {
                auto rc = m.resource_classes.id(in.resource_class);
                if (!rc) {
                    throw errors::bad_request("malformed reshaper data: No such resource class " +
                                              in.resource_class + ".");
                }
                Inventory inv = in.values;
                inv.resource_class = *rc;
                list.push_back(inv);
            }
            wanted.emplace_back(p->id, std::move(list));
        }
        const Timestamp now = util::now_unix();
        GenerationBumps bumps(m, change, now);
        Model scratch = m;
        // Interim inventory: what the provider had, overridden by the new.
        for (const auto& [id, list] : wanted) {
            if (list.empty()) {
                continue;
            }
            const Provider& p = *scratch.provider(id);
            std::vector<Inventory> merged;
            for (const auto& old : p.inventories) {
                bool replaced = std::any_of(list.begin(), list.end(), [&](const Inventory& i) {
                    return i.resource_class == old.resource_class;
                });
                if (!replaced) {
                    merged.push_back(old);
                }
            }
            merged.insert(merged.end(), list.begin(), list.end());
            Change step;
            plan_inventory_replacement(scratch, p, merged, now, step, "update conflict: ");
            bumps.bump(id);
            step.apply_to(scratch);
            change.append(std::move(step));
        }
        Change claims;
        plan_allocations(scratch, allocations, options, claims, bumps);
        claims.apply_to(scratch);
        change.append(std::move(claims));
        for (const auto& [id, list] : wanted) {
            Change step;
            plan_inventory_replacement(scratch, *scratch.provider(id), list, now, step,
                                       "update conflict: ");
            bumps.bump(id);
            step.apply_to(scratch);
            change.append(std::move(step));
        }
    });
}

}  // namespace onestack::placement::ops
