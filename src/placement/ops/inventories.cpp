#include "placement/ops/inventories.hpp"

#include <spdlog/spdlog.h>
#include <algorithm>

#include "common/util/time.hpp"
#include "placement/errors.hpp"
#include "placement/ops/generations.hpp"
#include "placement/ops/providers.hpp"

namespace onestack::placement::ops {

namespace {

// exception.InvalidInventoryCapacity / ...ReservedCanBeTotal, or "" when fine.
std::string capacity_problem(const InventoryInput& in, const std::string& rp_uuid,
                             bool reserved_can_be_total) {
    auto capacity = in.values.capacity();
    if (reserved_can_be_total ? capacity < 0 : capacity <= 0) {
        return "Invalid inventory for '" + in.resource_class + "' on resource provider '" +
               rp_uuid + "'. The reserved value is greater than " +
               (reserved_can_be_total ? "total." : "or equal to total.");
    }
    return {};
}

std::string no_such_class(const std::string& name) {
    return "No such resource class " + name + ".";
}

void write_inventory_row(Change& change, Id rp, const Inventory& inv, bool insert) {
    if (insert) {
        change.exec(
            "INSERT INTO inventories (resource_provider_id, resource_class_id, total, reserved,"
            " min_unit, max_unit, step_size, allocation_ratio, created_at, updated_at)"
            " VALUES (:rp, :rc, :total, :reserved, :min, :max, :step, :ratio, :created, 0)",
            {rp, std::int64_t{inv.resource_class}, inv.total, inv.reserved, inv.min_unit,
             inv.max_unit, inv.step_size, inv.allocation_ratio, inv.created_at});
    } else {
        change.exec(
            "UPDATE inventories SET total = :total, reserved = :reserved, min_unit = :min,"
            " max_unit = :max, step_size = :step, allocation_ratio = :ratio, updated_at = :now"
            " WHERE resource_provider_id = :rp AND resource_class_id = :rc",
            {inv.total, inv.reserved, inv.min_unit, inv.max_unit, inv.step_size,
             inv.allocation_ratio, inv.updated_at, rp, std::int64_t{inv.resource_class}});
    }
}

void set_model_inventories(Change& change, Id rp, std::vector<Inventory> inventories) {
    change.then([rp, inventories = std::move(inventories)](Model& m) {
        if (Provider* p = m.provider_mut(rp)) {
            p->inventories = inventories;
        }
    });
}

std::vector<Inventory> sorted(std::vector<Inventory> v) {
    std::sort(v.begin(), v.end(), [](const Inventory& a, const Inventory& b) {
        return a.resource_class < b.resource_class;
    });
    return v;
}

void warn_if_over_capacity(const Provider& p, const Inventory& inv, const std::string& rc) {
    // resource_provider.py update_inventory: allowed, only logged.
    if (p.used(inv.resource_class) > inv.capacity()) {
        spdlog::warn("Resource provider {} is now over-capacity for {}", p.uuid, rc);
    }
}

}  // namespace

void plan_inventory_replacement(const Model& m, const Provider& p,
                                const std::vector<Inventory>& wanted, Timestamp now, Change& change,
                                const std::string& in_use_prefix) {
    std::vector<std::string> in_use;
    for (const auto& old : p.inventories) {
        bool kept = std::any_of(wanted.begin(), wanted.end(), [&](const Inventory& w) {
            return w.resource_class == old.resource_class;
        });
        if (!kept && p.used(old.resource_class) > 0) {
            in_use.push_back(m.resource_classes.name(old.resource_class));
        }
    }
    if (!in_use.empty()) {
        std::string joined;
        for (const auto& n : in_use) {
            joined += (joined.empty() ? "" : ", ") + n;
        }
        throw errors::conflict(in_use_prefix + "Inventory for '" + joined +
                                   "' on resource provider '" + p.uuid + "' in use.",
                               errors::kInventoryInUse);
    }
    std::vector<Inventory> result;
    for (const auto& old : p.inventories) {
        bool kept = std::any_of(wanted.begin(), wanted.end(), [&](const Inventory& w) {
            return w.resource_class == old.resource_class;
        });
        if (!kept) {
            change.exec(
                "DELETE FROM inventories WHERE resource_provider_id = :rp AND"
                " resource_class_id = :rc",
                {p.id, std::int64_t{old.resource_class}});
        }
    }
    for (auto inv : wanted) {
        if (const auto* old = p.inventory(inv.resource_class)) {
            inv.created_at = old->created_at;
            inv.updated_at = now;
            write_inventory_row(change, p.id, inv, false);
            warn_if_over_capacity(p, inv, m.resource_classes.name(inv.resource_class));
        } else {
            inv.created_at = now;
            inv.updated_at = 0;
            write_inventory_row(change, p.id, inv, true);
        }
        result.push_back(inv);
    }
    set_model_inventories(change, p.id, sorted(std::move(result)));
}

InventoryResult create_inventory(Store& store, const std::string& uuid, InventoryInput in,
                                 bool reserved_can_be_total) {
    return store.write([&](const Model& m, Change& change) {
        const Provider& p = require_provider(m, uuid);
        const std::string prefix =
            "Unable to create inventory for resource provider " + uuid + ": ";
        if (auto problem = capacity_problem(in, uuid, reserved_can_be_total); !problem.empty()) {
            throw errors::bad_request(prefix + problem);
        }
        auto rc = m.resource_classes.id(in.resource_class);
        if (!rc) {
            throw errors::bad_request(prefix + no_such_class(in.resource_class));
        }
        if (p.inventory(*rc)) {
            throw errors::conflict("Update conflict: Inventory for '" + in.resource_class +
                                       "' on resource provider '" + uuid + "' already exists.",
                                   errors::kConcurrentUpdate);
        }
        const Timestamp now = util::now_unix();
        Inventory inv = in.values;
        inv.resource_class = *rc;
        inv.created_at = now;
        inv.updated_at = 0;
        write_inventory_row(change, p.id, inv, true);
        auto list = p.inventories;
        list.push_back(inv);
        set_model_inventories(change, p.id, sorted(std::move(list)));
        GenerationBumps bumps(m, change, now);
        return InventoryResult{in.resource_class, inv, bumps.bump(p.id)};
    });
}

InventoryResult update_inventory(Store& store, const std::string& uuid,
                                 std::int64_t expected_generation, InventoryInput in,
                                 bool reserved_can_be_total) {
    return store.write([&](const Model& m, Change& change) {
        const Provider& p = require_provider(m, uuid);
        if (p.generation != expected_generation) {
            throw errors::conflict("resource provider generation conflict",
                                   errors::kConcurrentUpdate);
        }
        if (auto problem = capacity_problem(in, uuid, reserved_can_be_total); !problem.empty()) {
            throw errors::bad_request("Unable to update inventory for resource provider " + uuid +
                                      ": " + problem);
        }
        auto rc = m.resource_classes.id(in.resource_class);
        if (!rc) {
            throw errors::not_found(no_such_class(in.resource_class));
        }
        const Inventory* old = p.inventory(*rc);
        if (!old) {
            throw errors::bad_request(
                "No inventory record with resource class for resource provider " + uuid +
                ": No inventory of class " + in.resource_class + " found.");
        }
        const Timestamp now = util::now_unix();
        Inventory inv = in.values;
        inv.resource_class = *rc;
        inv.created_at = old->created_at;
        inv.updated_at = now;
        write_inventory_row(change, p.id, inv, false);
        warn_if_over_capacity(p, inv, in.resource_class);
        auto list = p.inventories;
        for (auto& e : list) {
            if (e.resource_class == *rc) {
                e = inv;
            }
        }
        set_model_inventories(change, p.id, std::move(list));
        GenerationBumps bumps(m, change, now);
        return InventoryResult{in.resource_class, inv, bumps.bump(p.id)};
    });
}

void delete_inventory(Store& store, const std::string& uuid, const std::string& resource_class) {
    store.write([&](const Model& m, Change& change) {
        const Provider& p = require_provider(m, uuid);
        const std::string prefix = "No inventory of class " + resource_class + " found for delete";
        auto rc = m.resource_classes.id(resource_class);
        if (!rc) {
            throw errors::not_found(prefix + ": " + no_such_class(resource_class));
        }
        if (p.used(*rc) > 0) {
            throw errors::conflict("Unable to delete inventory of class " + resource_class +
                                       ": Inventory for '" + resource_class +
                                       "' on resource provider '" + uuid + "' in use.",
                                   errors::kConcurrentUpdate);
        }
        if (!p.inventory(*rc)) {
            throw errors::not_found(prefix + ": " + prefix);
        }
        change.exec(
            "DELETE FROM inventories WHERE resource_provider_id = :rp AND resource_class_id = :rc",
            {p.id, std::int64_t{*rc}});
        auto list = p.inventories;
        std::erase_if(list, [&](const Inventory& e) { return e.resource_class == *rc; });
        set_model_inventories(change, p.id, std::move(list));
        GenerationBumps(m, change, util::now_unix()).bump(p.id);
    });
}

InventoriesResult set_inventories(Store& store, const std::string& uuid,
                                  std::int64_t expected_generation,
                                  std::vector<InventoryInput> inputs, bool reserved_can_be_total) {
    return store.write([&](const Model& m, Change& change) {
        const Provider& p = require_provider(m, uuid);
        if (p.generation != expected_generation) {
            throw errors::conflict("resource provider generation conflict",
                                   errors::kConcurrentUpdate);
        }
        for (const auto& in : inputs) {
            if (auto problem = capacity_problem(in, uuid, reserved_can_be_total);
                !problem.empty()) {
                throw errors::bad_request("Unable to update inventory for resource provider " +
                                          uuid + ": " + problem);
            }
        }
        std::vector<Inventory> wanted;
        InventoriesResult result;
        for (auto& in : inputs) {
            auto rc = m.resource_classes.id(in.resource_class);
            if (!rc) {
                throw errors::bad_request(
                    "Unknown resource class in inventory for resource provider " + uuid + ": " +
                    no_such_class(in.resource_class));
            }
            in.values.resource_class = *rc;
            wanted.push_back(in.values);
        }
        const Timestamp now = util::now_unix();
        plan_inventory_replacement(m, p, wanted, now, change, "update conflict: ");
        for (auto& in : inputs) {
            Inventory inv = in.values;
            const Inventory* old = p.inventory(inv.resource_class);
            inv.created_at = old ? old->created_at : now;
            inv.updated_at = old ? now : 0;
            result.inventories.emplace_back(in.resource_class, inv);
        }
        result.generation = GenerationBumps(m, change, now).bump(p.id);
        return result;
    });
}

void delete_inventories(Store& store, const std::string& uuid) {
    store.write([&](const Model& m, Change& change) {
        const Provider& p = require_provider(m, uuid);
        const Timestamp now = util::now_unix();
        plan_inventory_replacement(m, p, {}, now, change, "");
        GenerationBumps(m, change, now).bump(p.id);
    });
}

}  // namespace onestack::placement::ops
