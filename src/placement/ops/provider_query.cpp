#include "placement/ops/provider_query.hpp"

#include <algorithm>

#include "placement/errors.hpp"

namespace onestack::placement::ops {

bool fits(const Inventory& inv, std::int64_t used, std::int64_t amount) {
    const double capacity = static_cast<double>(inv.total - inv.reserved) * inv.allocation_ratio;
    return static_cast<double>(used + amount) <= capacity && inv.min_unit <= amount &&
           inv.max_unit >= amount && amount % inv.step_size == 0;
}

std::set<Id> providers_in_aggregates(const Model& m,
                                     const std::vector<std::set<std::string>>& member_of) {
    std::set<Id> result;
    bool first = true;
    for (const auto& any_of : member_of) {
        std::set<Id> matching;
        for (const auto& agg_uuid : any_of) {
            if (auto agg = m.aggregate(agg_uuid)) {
                if (auto it = m.aggregate_members.find(*agg); it != m.aggregate_members.end()) {
                    matching.insert(it->second.begin(), it->second.end());
                }
            }
        }
        if (first) {
            result = std::move(matching);
            first = false;
        } else {
            std::erase_if(result, [&](Id id) { return !matching.count(id); });
        }
        if (result.empty()) {
            break;
        }
    }
    return result;
}

std::vector<const Provider*> find_providers(const Model& m, const ProviderFilter& f) {
    std::vector<const Provider*> out;
    Id tree_root = 0;
    if (f.in_tree) {
        const Provider* p = m.provider(*f.in_tree);
        if (!p) {
            return out;
        }
        tree_root = p->root_id;
    }
    auto trait = [&](const std::string& name) {
        auto id = m.traits.id(name);
        if (!id) {
            throw errors::bad_request(
                "Invalid trait(s) in \"required\" parameter: No such trait(s): " + name + ".");
        }
        return *id;
    };
    std::vector<std::set<int>> required;
    for (const auto& any_of : f.required_traits) {
        std::set<int> ids;
        for (const auto& n : any_of) {
            ids.insert(trait(n));
        }
        required.push_back(std::move(ids));
    }
    std::set<int> forbidden;
    for (const auto& n : f.forbidden_traits) {
        forbidden.insert(trait(n));
    }
    std::optional<std::set<Id>> in_aggs;
    if (!f.member_of.empty()) {
        in_aggs = providers_in_aggregates(m, f.member_of);
        if (in_aggs->empty()) {
            return out;
        }
    }
    std::set<Id> bad_aggs;
    if (!f.forbidden_aggregates.empty()) {
        bad_aggs = providers_in_aggregates(m, {f.forbidden_aggregates});
    }
    std::vector<std::pair<int, std::int64_t>> resources;
    for (const auto& [name, amount] : f.resources) {
        auto rc = m.resource_classes.id(name);
        if (!rc) {
            throw errors::bad_request(
                "Invalid resource class in resources parameter: No such resource class " + name +
                ".");
        }
        resources.emplace_back(*rc, amount);
    }
    for (const auto& [id, p] : m.providers) {
        if ((f.name && p.name != *f.name) || (f.uuid && p.uuid != *f.uuid) ||
            (tree_root && p.root_id != tree_root) || (in_aggs && !in_aggs->count(id)) ||
            bad_aggs.count(id)) {
            continue;
        }
        bool ok = std::all_of(required.begin(), required.end(), [&](const std::set<int>& any) {
            return std::any_of(any.begin(), any.end(), [&](int t) { return p.has_trait(t); });
        });
        ok = ok && std::none_of(forbidden.begin(), forbidden.end(),
                                [&](int t) { return p.has_trait(t); });
        ok = ok && std::all_of(resources.begin(), resources.end(), [&](const auto& r) {
                 const Inventory* inv = p.inventory(r.first);
                 return inv && fits(*inv, p.used(r.first), r.second);
             });
        if (ok) {
            out.push_back(&p);
        }
    }
    return out;
}

}  // namespace onestack::placement::ops
