#include "placement/ops/allocations.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/util/time.hpp"
#include "placement/errors.hpp"
#include "placement/ops/generations.hpp"

namespace onestack::placement::ops {

namespace {

// One row to write (used 0: a consumer's existing allocation being dropped,
// which still counts for generations, as upstream's zeroed Allocation does).
struct Item {
    std::size_t consumer = 0;  // index into the plan's consumers
    Id provider = 0;
    std::string resource_class;
    std::int64_t used = 0;
};

struct PlannedConsumer {
    const ConsumerAllocations* request = nullptr;
    const Consumer* existing = nullptr;
    Consumer next;  // what the consumer looks like afterwards (without allocations yet)
    bool type_changed = false;
};

std::string generation_text(const std::optional<std::int64_t>& g) {
    return g ? std::to_string(*g) : std::string("None");
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
        out += (out.empty() ? "" : ", ") + p;
    }
    return out;
}

// handlers/util.py ensure_consumer.
PlannedConsumer plan_consumer(const Model& m, const ConsumerAllocations& req,
                              const AllocationOptions& opt, Id& next_consumer_id,
                              std::map<std::string, int>& new_types, int& next_type_id,
                              Change& change, Timestamp now) {
    PlannedConsumer pc;
    pc.request = &req;
    pc.existing = m.consumer(req.consumer_uuid);
    if (pc.existing) {
        if (opt.check_consumer_generation &&
            req.consumer_generation != std::optional<std::int64_t>(pc.existing->generation)) {
            throw errors::conflict("consumer generation conflict - expected " +
                                       std::to_string(pc.existing->generation) + " but got " +
                                       generation_text(req.consumer_generation),
                                   errors::kConcurrentUpdate);
        }
        pc.next = *pc.existing;
        pc.next.allocations.clear();
    } else {
        if (opt.check_consumer_generation && req.consumer_generation) {
            throw errors::conflict("consumer generation conflict - expected null but got " +
                                       std::to_string(*req.consumer_generation),
                                   errors::kConcurrentUpdate);
        }
        pc.next.id = next_consumer_id++;
        pc.next.uuid = req.consumer_uuid;
        pc.next.generation = 0;
        pc.next.created_at = now;
    }
    if (req.project_id) {
        pc.next.project_id = *req.project_id;
        pc.next.user_id = req.user_id.value_or(opt.incomplete_user_id);
    } else {
        pc.next.project_id = opt.incomplete_project_id;
        pc.next.user_id = opt.incomplete_user_id;
    }
    if (opt.set_consumer_type && req.consumer_type) {
        int type_id;
        if (auto known = m.consumer_types.id(*req.consumer_type)) {
            type_id = *known;
        } else if (auto planned = new_types.find(*req.consumer_type); planned != new_types.end()) {
            type_id = planned->second;
        } else {
            type_id = next_type_id++;
            new_types[*req.consumer_type] = type_id;
            change.exec(
                "INSERT INTO consumer_types (id, name, created_at, updated_at)"
                " VALUES (:id, :name, :c, 0)",
                {std::int64_t{type_id}, *req.consumer_type, now});
            NamedEntry entry{type_id, *req.consumer_type, now, 0};
            change.then([entry](Model& model) { model.consumer_types.put(entry); });
        }
        pc.type_changed = pc.next.consumer_type != type_id;
        pc.next.consumer_type = type_id;
    }
    return pc;
}

// objects/allocation.py _check_capacity_exceeded over the whole request.
void check_capacity(const Model& m, const std::vector<Item>& items,
                    const std::vector<PlannedConsumer>& consumers, const AllocationOptions& opt,
                    std::vector<int>& class_ids) {
    std::vector<std::string> class_names;
    for (const auto& it : items) {
        auto rc = m.resource_classes.id(it.resource_class);
        if (!rc) {
            const std::string detail = "No such resource class " + it.resource_class + ".";
            switch (opt.wording) {
                case AllocationOptions::Wording::post:
                    throw errors::bad_request("Unable to allocate inventory " + detail);
                case AllocationOptions::Wording::reshaper:
                    throw errors::bad_request("malformed reshaper data: " + detail);
                case AllocationOptions::Wording::put:
                    break;
            }
            throw errors::bad_request("Unable to allocate inventory for consumer " +
                                      consumers[it.consumer].request->consumer_uuid + ": " +
                                      detail);
        }
        class_ids.push_back(*rc);
        if (std::find(class_names.begin(), class_names.end(), it.resource_class) ==
            class_names.end()) {
            class_names.push_back(it.resource_class);
        }
    }
    // Usage as it stands once the replaced consumers' allocations are gone.
    std::map<std::pair<Id, int>, std::int64_t> released;
    for (const auto& pc : consumers) {
        if (pc.existing) {
            for (const auto& a : pc.existing->allocations) {
                released[{a.provider_id, a.resource_class}] += a.used;
            }
        }
    }
    auto used_now = [&](const Provider& p, int rc) {
        auto r = released.find({p.id, rc});
        return p.used(rc) - (r == released.end() ? 0 : r->second);
    };
    std::vector<std::string> missing;
    std::set<Id> seen;
    for (const auto& it : items) {
        if (!seen.insert(it.provider).second) {
            continue;
        }
        const Provider* p = m.provider(it.provider);
        bool any = std::any_of(class_ids.begin(), class_ids.end(),
                               [&](int rc) { return p->inventory(rc) != nullptr; });
        if (!any) {
            missing.push_back(p->uuid);
        }
    }
    const std::string unable = "Unable to allocate inventory: ";
    if (!missing.empty()) {
        throw errors::conflict(unable + "Inventory for '" + joined(class_names) +
                               "' on resource provider '" + joined(missing) + "' invalid.");
    }
    std::map<std::pair<Id, int>, std::int64_t> requested;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& it = items[i];
        const int rc = class_ids[i];
        const Provider* p = m.provider(it.provider);
        std::int64_t& sum = requested[{p->id, rc}];
        sum += it.used;
        if (it.used == 0) {
            continue;
        }
        const Inventory* inv = p->inventory(rc);
        const std::string where =
            "'" + it.resource_class + "' on resource provider '" + p->uuid + "'";
        if (!inv) {
            throw errors::conflict(unable + "Inventory for " + where + " invalid.");
        }
        if (it.used < inv->min_unit || it.used > inv->max_unit || it.used % inv->step_size != 0) {
            throw errors::conflict(unable + "Unable to create allocation for " + where +
                                   ". The requested amount would violate inventory constraints.");
        }
        const double capacity =
            static_cast<double>(inv->total - inv->reserved) * inv->allocation_ratio;
        const std::int64_t used = used_now(*p, rc);
        if (capacity < static_cast<double>(used + it.used) ||
            capacity < static_cast<double>(used + sum)) {
            throw errors::conflict(unable + "Unable to create allocation for " + where +
                                   ". The requested amount would exceed the capacity.");
        }
    }
}

}  // namespace

void set_allocations(Store& store, const std::vector<ConsumerAllocations>& requests,
                     const AllocationOptions& opt) {
    store.write([&](const Model& m, Change& change) {
        GenerationBumps bumps(m, change, util::now_unix());
        plan_allocations(m, requests, opt, change, bumps);
    });
}

void plan_allocations(const Model& m, const std::vector<ConsumerAllocations>& requests,
                      const AllocationOptions& opt, Change& change, GenerationBumps& bumps) {
    {
        const Timestamp now = util::now_unix();
        Id next_consumer_id = m.next_consumer_id;
        int next_type_id = m.consumer_types.max_id() + 1;
        std::map<std::string, int> new_types;
        std::vector<PlannedConsumer> consumers;
        for (const auto& req : requests) {
            consumers.push_back(
                plan_consumer(m, req, opt, next_consumer_id, new_types, next_type_id, change, now));
        }
        // handlers/allocation.py create_allocation_list.
        std::vector<Item> items;
        for (std::size_t ci = 0; ci < consumers.size(); ++ci) {
            const auto& pc = consumers[ci];
            if (!pc.request->allocations.empty()) {
                for (const auto& pr : pc.request->allocations) {
                    if (!m.provider(pr.provider_uuid)) {
                        throw errors::bad_request("Allocation for resource provider '" +
                                                  pr.provider_uuid + "' that does not exist.");
                    }
                }
                for (const auto& pr : pc.request->allocations) {
                    const Id rp = m.provider(pr.provider_uuid)->id;
                    for (const auto& [rc, amount] : pr.resources) {
                        items.push_back({ci, rp, rc, amount});
                    }
                }
            } else if (pc.existing) {
                for (const auto& a : pc.existing->allocations) {
                    items.push_back(
                        {ci, a.provider_id, m.resource_classes.name(a.resource_class), 0});
                }
            }
        }
        std::vector<int> class_ids;
        check_capacity(m, items, consumers, opt, class_ids);

        // update_consumers, then _set_allocations: delete, insert, bump
        // provider generations, bump consumer generations, drop consumers
        // left without allocations.
        std::set<std::size_t> visited;
        for (const auto& it : items) {
            visited.insert(it.consumer);
        }
        for (auto& pc : consumers) {
            if (!pc.existing) {
                continue;
            }
            const Consumer& old = *pc.existing;
            if (old.project_id != pc.next.project_id || old.user_id != pc.next.user_id ||
                pc.type_changed) {
                pc.next.updated_at = now;
                change.exec(
                    "UPDATE consumers SET project_id = :p, user_id = :u, consumer_type_id = :t,"
                    " updated_at = :now WHERE id = :id",
                    {pc.next.project_id, pc.next.user_id,
                     pc.next.consumer_type
                         ? onestack::db::Value(std::int64_t{pc.next.consumer_type})
                         : onestack::db::null(),
                     now, old.id});
            }
            change.exec("DELETE FROM allocations WHERE consumer_id = :c", {old.uuid});
        }
        Id next_allocation_id = m.next_allocation_id;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto& it = items[i];
            if (it.used == 0) {
                continue;
            }
            Allocation a{next_allocation_id++, it.provider, class_ids[i], it.used, now, 0};
            auto& target = consumers[it.consumer].next;
            change.exec(
                "INSERT INTO allocations (id, resource_provider_id, consumer_id,"
                " resource_class_id, used, created_at, updated_at)"
                " VALUES (:id, :rp, :c, :rc, :used, :now, 0)",
                {a.id, a.provider_id, target.uuid, std::int64_t{a.resource_class}, a.used, now});
            target.allocations.push_back(a);
        }
        std::set<Id> bumped;
        for (const auto& it : items) {
            if (bumped.insert(it.provider).second) {
                bumps.bump(it.provider);
            }
        }
        for (std::size_t ci = 0; ci < consumers.size(); ++ci) {
            auto& pc = consumers[ci];
            Consumer& next = pc.next;
            const bool is_visited = visited.count(ci) > 0;
            if (!pc.existing) {
                // Created by ensure_consumer at generation 0, then incremented
                // once its allocations are written.
                next.generation = is_visited ? 1 : 0;
                if (is_visited && next.allocations.empty()) {
                    continue;  // created and dropped in the same write
                }
                change.exec(
                    "INSERT INTO consumers (id, uuid, project_id, user_id, consumer_type_id,"
                    " generation, created_at, updated_at) VALUES (:id, :uuid, :p, :u, :t, :g,"
                    " :now, 0)",
                    {next.id, next.uuid, next.project_id, next.user_id,
                     next.consumer_type ? onestack::db::Value(std::int64_t{next.consumer_type})
                                        : onestack::db::null(),
                     next.generation, now});
            } else if (is_visited) {
                next.generation = pc.existing->generation + 1;
                next.updated_at = now;
                if (next.allocations.empty()) {
                    change.exec("DELETE FROM consumers WHERE id = :id", {next.id});
                    change.then([uuid = next.uuid](Model& model) {
                        model.replace_consumer(uuid, std::nullopt);
                    });
                    continue;
                }
                change.expect_one(
                    "UPDATE consumers SET generation = :g, updated_at = :now"
                    " WHERE id = :id AND generation = :old",
                    {next.generation, now, next.id, pc.existing->generation});
            }
            change.then([next](Model& model) { model.replace_consumer(next.uuid, next); });
        }
    }
}

void delete_allocations(Store& store, const std::string& consumer_uuid) {
    store.write([&](const Model& m, Change& change) {
        const Consumer* c = m.consumer(consumer_uuid);
        if (!c || c->allocations.empty()) {
            throw errors::not_found("No allocations for consumer '" + consumer_uuid + "'");
        }
        change.exec("DELETE FROM allocations WHERE consumer_id = :c", {c->uuid});
        change.exec("DELETE FROM consumers WHERE id = :id", {c->id});
        change.then([uuid = c->uuid](Model& model) { model.replace_consumer(uuid, std::nullopt); });
    });
}

}  // namespace onestack::placement::ops
