#include "placement/model/model.hpp"

#include <algorithm>

namespace onestack::placement {

std::int64_t Inventory::capacity() const {
    return static_cast<std::int64_t>(static_cast<double>(total - reserved) * allocation_ratio);
}

bool Inventory::same_values(const Inventory& o) const {
    return total == o.total && reserved == o.reserved && min_unit == o.min_unit &&
           max_unit == o.max_unit && step_size == o.step_size &&
           allocation_ratio == o.allocation_ratio;
}

const Inventory* Provider::inventory(int resource_class) const {
    auto it =
        std::lower_bound(inventories.begin(), inventories.end(), resource_class,
                         [](const Inventory& inv, int rc) { return inv.resource_class < rc; });
    return it != inventories.end() && it->resource_class == resource_class ? &*it : nullptr;
}

std::int64_t Provider::used(int resource_class) const {
    auto it = usage.find(resource_class);
    return it == usage.end() ? 0 : it->second;
}

bool Provider::has_trait(int trait) const {
    return std::binary_search(traits.begin(), traits.end(), trait);
}

bool Provider::in_aggregate(Id aggregate) const {
    return std::find(aggregates.begin(), aggregates.end(), aggregate) != aggregates.end();
}

const NamedEntry* NameTable::find(std::string_view name) const {
    auto it = by_name_.find(std::string(name));
    return it == by_name_.end() ? nullptr : &by_id_.at(it->second);
}

const NamedEntry* NameTable::find(int id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &it->second;
}

const std::string& NameTable::name(int id) const {
    static const std::string none;
    const auto* e = find(id);
    return e ? e->name : none;
}

std::optional<int> NameTable::id(std::string_view name) const {
    auto it = by_name_.find(std::string(name));
    if (it == by_name_.end()) {
        return std::nullopt;
    }
    return it->second;
}

void NameTable::put(NamedEntry entry) {
    if (auto old = by_id_.find(entry.id); old != by_id_.end()) {
        by_name_.erase(old->second.name);
    }
    by_name_[entry.name] = entry.id;
    by_id_[entry.id] = std::move(entry);
}

void NameTable::erase(int id) {
    if (auto it = by_id_.find(id); it != by_id_.end()) {
        by_name_.erase(it->second.name);
        by_id_.erase(it);
    }
}

const Provider* Model::provider(std::string_view uuid) const {
    auto it = provider_by_uuid.find(std::string(uuid));
    return it == provider_by_uuid.end() ? nullptr : provider(it->second);
}

const Provider* Model::provider(Id id) const {
    auto it = providers.find(id);
    return it == providers.end() ? nullptr : &it->second;
}

Provider* Model::provider_mut(Id id) {
    auto it = providers.find(id);
    return it == providers.end() ? nullptr : &it->second;
}

const Consumer* Model::consumer(std::string_view uuid) const {
    auto it = consumers.find(std::string(uuid));
    return it == consumers.end() ? nullptr : &it->second;
}

const std::string& Model::root_uuid(const Provider& p) const {
    const auto* root = provider(p.root_id);
    return root ? root->uuid : p.uuid;
}

const std::string* Model::parent_uuid(const Provider& p) const {
    const auto* parent = p.parent_id ? provider(p.parent_id) : nullptr;
    return parent ? &parent->uuid : nullptr;
}

std::vector<Id> Model::subtree(Id id) const {
    std::vector<Id> out{id};
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (const auto* p = provider(out[i])) {
            out.insert(out.end(), p->children.begin(), p->children.end());
        }
    }
    return out;
}

void Model::add_provider(Provider p) {
    const Id id = p.id;
    provider_by_uuid[p.uuid] = id;
    provider_by_name[p.name] = id;
    if (p.parent_id) {
        ++nested_providers;
        if (auto* parent = provider_mut(p.parent_id)) {
            parent->children.push_back(id);
        }
    }
    for (Id agg : p.aggregates) {
        aggregate_members[agg].insert(id);
    }
    next_provider_id = std::max(next_provider_id, id + 1);
    providers.emplace(id, std::move(p));
}

void Model::remove_provider(Id id) {
    auto it = providers.find(id);
    if (it == providers.end()) {
        return;
    }
    const Provider& p = it->second;
    provider_by_uuid.erase(p.uuid);
    provider_by_name.erase(p.name);
    if (p.parent_id) {
        --nested_providers;
        if (auto* parent = provider_mut(p.parent_id)) {
            std::erase(parent->children, id);
        }
    }
    for (Id agg : p.aggregates) {
        aggregate_members[agg].erase(id);
    }
    providers.erase(it);
}

void Model::rename_provider(Id id, const std::string& name) {
    auto* p = provider_mut(id);
    provider_by_name.erase(p->name);
    p->name = name;
    provider_by_name[name] = id;
}

void Model::set_provider_aggregates(Id id, std::vector<Id> aggregates) {
    auto* p = provider_mut(id);
    for (Id agg : p->aggregates) {
        aggregate_members[agg].erase(id);
    }
    p->aggregates = std::move(aggregates);
    for (Id agg : p->aggregates) {
        aggregate_members[agg].insert(id);
    }
}

void Model::add_aggregate(Id id, const std::string& uuid) {
    aggregate_by_uuid[uuid] = id;
    aggregate_uuid[id] = uuid;
    next_aggregate_id = std::max(next_aggregate_id, id + 1);
}

std::optional<Id> Model::aggregate(const std::string& uuid) const {
    auto it = aggregate_by_uuid.find(uuid);
    if (it == aggregate_by_uuid.end()) {
        return std::nullopt;
    }
    return it->second;
}

void Model::replace_consumer(const std::string& uuid, std::optional<Consumer> consumer) {
    if (auto old = consumers.find(uuid); old != consumers.end()) {
        for (const auto& a : old->second.allocations) {
            if (auto* p = provider_mut(a.provider_id)) {
                auto u = p->usage.find(a.resource_class);
                if (u != p->usage.end() && (u->second -= a.used) == 0) {
                    p->usage.erase(u);
                }
                p->consumers.erase(uuid);
            }
        }
        consumers.erase(old);
    }
    if (!consumer) {
        return;
    }
    for (const auto& a : consumer->allocations) {
        if (auto* p = provider_mut(a.provider_id)) {
            p->usage[a.resource_class] += a.used;
            p->consumers.insert(uuid);
        }
        next_allocation_id = std::max(next_allocation_id, a.id + 1);
    }
    next_consumer_id = std::max(next_consumer_id, consumer->id + 1);
    consumers.emplace(uuid, std::move(*consumer));
}

}  // namespace onestack::placement
