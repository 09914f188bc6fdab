#include "placement/candidates/search.hpp"

#include <algorithm>
#include <random>
#include <tuple>
#include <unordered_set>

#include "placement/errors.hpp"
#include "placement/ops/provider_query.hpp"

namespace onestack::placement::candidates {

namespace {

using ops::fits;
using ops::providers_in_aggregates;

constexpr std::string_view kSharesViaAggregate = "MISC_SHARES_VIA_AGGREGATE";

// research_context's ResourceProviderNotFound: the request cannot be met.
struct NoResults {};

using RpRoot = std::pair<Id, Id>;  // provider, (anchor) root

// rp_candidates.py RPCandidate: provider, anchor root, resource class.
struct RpCandidate {
    Id id;
    Id root;
    int rc;
    auto operator<=>(const RpCandidate&) const = default;
};
using RpCandidates = std::set<RpCandidate>;

std::set<Id> trees_of(const RpCandidates& c) {
    std::set<Id> out;
    for (const auto& p : c) {
        out.insert(p.root);
    }
    return out;
}

void filter_by_tree(RpCandidates& c, const std::set<Id>& roots) {
    std::erase_if(c, [&](const RpCandidate& p) { return !roots.count(p.root); });
}

// RPCandidateList.merge_common_trees.
void merge_common_trees(RpCandidates& mine, const RpCandidates& other) {
    if (mine.empty()) {
        mine = other;
        return;
    }
    if (other.empty()) {
        return;
    }
    auto a = trees_of(mine);
    auto b = trees_of(other);
    std::set<Id> both;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(),
                          std::inserter(both, both.begin()));
    mine.insert(other.begin(), other.end());
    filter_by_tree(mine, both);
}

int trait_id(const Model& m, const std::string& name) {
    auto id = m.traits.id(name);
    if (!id) {
        // handlers/allocation_candidate.py: HTTPBadRequest(str(TraitNotFound)).
        throw errors::bad_request("No such trait(s): " + name + ".");
    }
    return *id;
}

bool has_any_trait(const Provider& p, const std::set<int>& traits) {
    return std::any_of(traits.begin(), traits.end(), [&](int t) { return p.has_trait(t); });
}

// research_context.RequestGroupSearchContext.
struct GroupContext {
    const RequestGroup* group = nullptr;
    std::vector<std::pair<int, std::int64_t>> resources;  // class id, amount
    bool has_member_of = false;
    std::set<Id> rps_in_aggs;
    std::vector<std::set<int>> required;
    std::set<int> forbidden;
    Id tree_root = 0;
    std::map<int, std::vector<RpRoot>> with_resource;

    GroupContext(const Model& m, const RequestGroup& g) : group(&g) {
        for (const auto& [name, amount] : g.resources) {
            auto rc = m.resource_classes.id(name);
            if (!rc) {
                throw errors::bad_request(
                    "Invalid resource class in resources parameter: No such resource class " +
                    name + ".");
            }
            resources.emplace_back(*rc, amount);
        }
        if (!g.member_of.empty()) {
            has_member_of = true;
            rps_in_aggs = providers_in_aggregates(m, g.member_of);
            if (rps_in_aggs.empty()) {
                throw NoResults{};
            }
        }
        for (const auto& any_of : g.required_traits) {
            std::set<int> ids;
            for (const auto& name : any_of) {
                ids.insert(trait_id(m, name));
            }
            required.push_back(std::move(ids));
        }
        for (const auto& name : g.forbidden_traits) {
            forbidden.insert(trait_id(m, name));
        }
        if (g.in_tree) {
            const Provider* p = m.provider(*g.in_tree);
            if (!p) {
                throw NoResults{};
            }
            tree_root = p->root_id;
        }
        for (const auto& [rc, amount] : resources) {
            auto& list = with_resource[rc];
            for (const auto& [id, p] : m.providers) {
                if (tree_root && p.root_id != tree_root) {
                    continue;
                }
                const Inventory* inv = p.inventory(rc);
                if (inv && fits(*inv, p.used(rc), amount)) {
                    list.emplace_back(id, p.root_id);
                }
            }
            if (list.empty()) {
                throw NoResults{};
            }
        }
    }

    bool satisfies_required(const Provider& p) const {
        return std::all_of(required.begin(), required.end(),
                           [&](const std::set<int>& any) { return has_any_trait(p, any); });
    }
};

// research_context.RequestWideSearchContext and the merge state.
struct WideContext {
    const Model& m;
    const RequestWide& wide;
    bool has_trees;
    std::set<Id> sharing;
    std::optional<std::set<Id>> anchor_roots;  // root_required filter
    std::set<int> multi_group_rcs;

    WideContext(const Model& model, const RequestWide& w)
        : m(model), wide(w), has_trees(model.has_trees()) {
        if (auto t = m.traits.id(kSharesViaAggregate)) {
            for (const auto& [id, p] : m.providers) {
                if (p.has_trait(*t)) {
                    sharing.insert(id);
                }
            }
        }
        if (!w.anchor_required_traits.empty() || !w.anchor_forbidden_traits.empty()) {
            std::set<int> required;
            std::set<int> forbidden;
            for (const auto& n : w.anchor_required_traits) {
                required.insert(trait_id(m, n));
            }
            for (const auto& n : w.anchor_forbidden_traits) {
                forbidden.insert(trait_id(m, n));
            }
            std::set<Id> roots;
            for (const auto& [id, p] : m.providers) {
                if (p.parent_id) {
                    continue;
                }
                bool ok = std::all_of(required.begin(), required.end(),
                                      [&](int t) { return p.has_trait(t); }) &&
                          !has_any_trait(p, forbidden);
                if (ok) {
                    roots.insert(id);
                }
            }
            if (roots.empty()) {
                throw NoResults{};
            }
            anchor_roots = std::move(roots);
        }
    }

    bool in_filtered_anchors(Id root) const { return !anchor_roots || anchor_roots->count(root); }

    // anchors_for_sharing_providers: the roots of every tree with a provider
    // in an aggregate the sharing provider is in (its own tree included).
    std::set<Id> anchors_for_sharing(Id sharing_provider) const {
        std::set<Id> anchors;
        const Provider* sp = m.provider(sharing_provider);
        for (Id agg : sp->aggregates) {
            auto it = m.aggregate_members.find(agg);
            if (it == m.aggregate_members.end()) {
                continue;
            }
            for (Id member : it->second) {
                anchors.insert(m.provider(member)->root_id);
            }
        }
        return anchors;
    }
};

// get_provider_ids_for_traits_and_aggs: nullopt when nothing can match.
std::optional<std::pair<std::set<Id>, std::set<Id>>> traits_and_aggregates(const Model& m,
                                                                           const GroupContext& g) {
    std::set<Id> filtered;
    if (!g.required.empty()) {
        for (const auto& [id, p] : m.providers) {
            if (g.satisfies_required(p)) {
                filtered.insert(id);
            }
        }
        if (filtered.empty()) {
            return std::nullopt;
        }
    }
    if (g.has_member_of) {
        if (!filtered.empty()) {
            std::erase_if(filtered, [&](Id id) { return !g.rps_in_aggs.count(id); });
        } else {
            filtered = g.rps_in_aggs;
        }
        if (filtered.empty()) {
            return std::nullopt;
        }
    }
    std::set<Id> forbidden;
    if (!g.group->forbidden_aggregates.empty()) {
        auto bad = providers_in_aggregates(m, {g.group->forbidden_aggregates});
        forbidden.insert(bad.begin(), bad.end());
        if (!filtered.empty()) {
            std::erase_if(filtered, [&](Id id) { return bad.count(id) > 0; });
            if (filtered.empty()) {
                return std::nullopt;
            }
        }
    }
    if (!g.forbidden.empty()) {
        std::set<Id> bad;
        for (const auto& [id, p] : m.providers) {
            if (has_any_trait(p, g.forbidden)) {
                bad.insert(id);
            }
        }
        forbidden.insert(bad.begin(), bad.end());
        if (!filtered.empty()) {
            std::erase_if(filtered, [&](Id id) { return bad.count(id) > 0; });
            if (filtered.empty()) {
                return std::nullopt;
            }
        }
    }
    return std::make_pair(std::move(filtered), std::move(forbidden));
}

// get_provider_ids_matching: single providers satisfying the whole group.
std::vector<RpRoot> providers_matching(const Model& m, const GroupContext& g) {
    auto ta = traits_and_aggregates(m, g);
    if (!ta) {
        return {};
    }
    auto& [filtered, forbidden] = *ta;
    std::vector<RpRoot> out;
    if (g.resources.empty()) {
        // mv 1.36 resourceless groups: get_providers_with_root.
        for (const auto& [id, p] : m.providers) {
            if ((filtered.empty() || filtered.count(id)) && !forbidden.count(id)) {
                out.emplace_back(id, p.root_id);
            }
        }
        return out;
    }
    // Providers with room for every class: with_resource's lists are in
    // provider id order, so they intersect as sorted lists. A non-empty
    // filtered set already excludes the forbidden providers.
    auto by_id = [](const RpRoot& a, const RpRoot& b) { return a.first < b.first; };
    out = g.with_resource.at(g.resources.front().first);
    for (std::size_t i = 1; i < g.resources.size() && !out.empty(); ++i) {
        const auto& other = g.with_resource.at(g.resources[i].first);
        std::vector<RpRoot> both;
        both.reserve(std::min(out.size(), other.size()));
        std::set_intersection(out.begin(), out.end(), other.begin(), other.end(),
                              std::back_inserter(both), by_id);
        out = std::move(both);
    }
    std::erase_if(out, [&](const RpRoot& r) {
        return filtered.empty() ? forbidden.count(r.first) > 0 : filtered.count(r.first) == 0;
    });
    return out;
}

AllocationRequest request_for_provider(const GroupContext& g, const Provider& p) {
    AllocationRequest r;
    r.anchor_root = p.root_id;
    for (const auto& [rc, amount] : g.resources) {
        r.resources.push_back({p.id, rc, amount});
    }
    r.mappings[g.group->suffix].insert(p.id);
    return r;
}

// _alloc_candidates_single_provider.
std::vector<AllocationRequest> single_provider(const Model& m, const GroupContext& g,
                                               const WideContext& w,
                                               const std::vector<RpRoot>& rps) {
    std::vector<AllocationRequest> out;
    auto shares = m.traits.id(kSharesViaAggregate);
    for (const auto& [rp, root] : rps) {
        const Provider& p = *m.provider(rp);
        auto req = request_for_provider(g, p);
        if (w.in_filtered_anchors(root)) {
            out.push_back(req);
        }
        if (shares && p.has_trait(*shares)) {
            for (Id anchor : w.anchors_for_sharing(rp)) {
                if (anchor == root || !w.in_filtered_anchors(anchor)) {
                    continue;
                }
                auto copy = req;
                copy.anchor_root = anchor;
                out.push_back(std::move(copy));
            }
        }
    }
    return out;
}

// get_trees_matching_all.
RpCandidates trees_matching_all(const Model& m, const GroupContext& g, const WideContext& w) {
    std::set<Id> bad_aggs;
    if (!g.group->forbidden_aggregates.empty()) {
        bad_aggs = providers_in_aggregates(m, {g.group->forbidden_aggregates});
    }
    RpCandidates all;
    for (const auto& [rc, amount] : g.resources) {
        RpCandidates for_rc;
        const auto& provs = g.with_resource.at(rc);
        for (const auto& [id, root] : provs) {
            for_rc.insert({id, root, rc});
        }
        // get_rps_with_shared_capacity.
        std::set<Id> sharing;
        for (const auto& [id, root] : provs) {
            if (w.sharing.count(id) && (!g.has_member_of || g.rps_in_aggs.count(id))) {
                sharing.insert(id);
            }
        }
        if (!sharing.empty() && g.tree_root == 0) {
            for (Id sp : sharing) {
                for (Id anchor : w.anchors_for_sharing(sp)) {
                    for_rc.insert({sp, anchor, rc});
                }
            }
        }
        if (w.anchor_roots) {
            filter_by_tree(for_rc, *w.anchor_roots);
        }
        if (g.has_member_of) {
            std::erase_if(for_rc, [&](const RpCandidate& c) {
                return !g.rps_in_aggs.count(c.id) && !g.rps_in_aggs.count(c.root);
            });
        }
        if (!bad_aggs.empty()) {
            std::erase_if(for_rc, [&](const RpCandidate& c) {
                return bad_aggs.count(c.id) || bad_aggs.count(c.root);
            });
        }
        if (for_rc.empty()) {
            return {};
        }
        merge_common_trees(all, for_rc);
        if (all.empty()) {
            return {};
        }
    }
    if ((g.required.empty() && g.forbidden.empty()) || !w.sharing.empty()) {
        return all;
    }
    // _get_trees_with_traits: keep the trees whose usable providers
    // collectively have the required traits.
    std::map<Id, Id> original;  // provider -> its real root
    for (const auto& c : all) {
        original[c.id] = m.provider(c.id)->root_id;
    }
    std::set<Id> good_roots;
    std::map<Id, std::set<int>> root_traits;
    for (const auto& [id, root] : original) {
        const Provider& p = *m.provider(id);
        if (!has_any_trait(p, g.forbidden)) {
            good_roots.insert(root);
            root_traits[root].insert(p.traits.begin(), p.traits.end());
        }
    }
    std::set<std::pair<Id, Id>> keep;
    for (const auto& [id, root] : original) {
        bool ok;
        if (g.required.empty()) {
            ok = good_roots.count(root) > 0;
        } else {
            auto it = root_traits.find(root);
            ok = it != root_traits.end() &&
                 std::all_of(g.required.begin(), g.required.end(), [&](const std::set<int>& any) {
                     return std::any_of(any.begin(), any.end(),
                                        [&](int t) { return it->second.count(t) > 0; });
                 });
        }
        if (ok) {
            keep.insert({id, root});
        }
    }
    std::erase_if(all, [&](const RpCandidate& c) { return !keep.count({c.id, c.root}); });
    return all;
}

// _check_traits_for_alloc_request.
bool traits_ok(const Model& m, const std::vector<ResourceAmount>& rrs, const GroupContext& g) {
    std::set<int> all_traits;
    for (const auto& rr : rrs) {
        const Provider& p = *m.provider(rr.provider);
        if (has_any_trait(p, g.forbidden)) {
            return false;
        }
        all_traits.insert(p.traits.begin(), p.traits.end());
    }
    return std::all_of(g.required.begin(), g.required.end(), [&](const std::set<int>& any) {
        return std::any_of(any.begin(), any.end(), [&](int t) { return all_traits.count(t) > 0; });
    });
}

// Calls f with every combination taking one element of each list.
template <typename T, typename F>
void for_each_product(const std::vector<const std::vector<T>*>& lists, F&& f) {
    if (lists.empty() || std::any_of(lists.begin(), lists.end(),
                                     [](const std::vector<T>* l) { return l->empty(); })) {
        return;
    }
    std::vector<std::size_t> idx(lists.size(), 0);
    std::vector<const T*> pick(lists.size());
    while (true) {
        for (std::size_t i = 0; i < lists.size(); ++i) {
            pick[i] = &(*lists[i])[idx[i]];
        }
        f(pick);
        std::size_t k = lists.size();
        while (k > 0) {
            --k;
            if (++idx[k] < lists[k]->size()) {
                break;
            }
            idx[k] = 0;
            if (k == 0) {
                return;
            }
        }
    }
}

// _alloc_candidates_multiple_providers.
std::vector<AllocationRequest> multiple_providers(const Model& m, const GroupContext& g,
                                                  const RpCandidates& candidates) {
    std::map<Id, std::map<int, std::vector<ResourceAmount>>> by_tree;
    std::map<int, std::int64_t> amounts(g.resources.begin(), g.resources.end());
    for (const auto& c : candidates) {
        by_tree[c.root][c.rc].push_back({c.id, c.rc, amounts.at(c.rc)});
    }
    std::vector<AllocationRequest> out;
    for (const auto& [root, by_rc] : by_tree) {
        std::vector<const std::vector<ResourceAmount>*> lists;
        for (const auto& [rc, list] : by_rc) {
            lists.push_back(&list);
        }
        for_each_product<ResourceAmount>(lists,
                                         [&](const std::vector<const ResourceAmount*>& pick) {
                                             std::vector<ResourceAmount> rrs;
                                             for (const auto* rr : pick) {
                                                 rrs.push_back(*rr);
                                             }
                                             if (!traits_ok(m, rrs, g)) {
                                                 return;
                                             }
                                             AllocationRequest req;
                                             req.anchor_root = root;
                                             for (const auto& rr : rrs) {
                                                 req.mappings[g.group->suffix].insert(rr.provider);
                                             }
                                             req.resources = std::move(rrs);
                                             out.push_back(std::move(req));
                                         });
    }
    return out;
}

std::vector<AllocationRequest> one_group(const Model& m, const GroupContext& g,
                                         const WideContext& w) {
    if (!g.group->use_same_provider && (!w.sharing.empty() || w.has_trees)) {
        if (!g.required.empty()) {
            bool any = std::any_of(m.providers.begin(), m.providers.end(), [&](const auto& kv) {
                return std::any_of(
                    g.required.begin(), g.required.end(),
                    [&](const std::set<int>& s) { return has_any_trait(kv.second, s); });
            });
            if (!any) {
                return {};
            }
        }
        return multiple_providers(m, g, trees_matching_all(m, g, w));
    }
    return single_provider(m, g, w, providers_matching(m, g));
}

std::vector<Id> ancestors_and_self(const Model& m, Id id) {
    std::vector<Id> out;
    for (const Provider* p = m.provider(id); p;
         p = p->parent_id ? m.provider(p->parent_id) : nullptr) {
        out.push_back(p->id);
    }
    return out;
}

// _satisfies_same_subtree / _check_same_subtree.
bool same_subtree_ok(const Model& m, const std::vector<const AllocationRequest*>& areqs,
                     const std::vector<std::set<std::string>>& same_subtrees) {
    for (const auto& suffixes : same_subtrees) {
        std::set<Id> rps;
        for (const auto* a : areqs) {
            for (const auto& s : suffixes) {
                if (auto it = a->mappings.find(s); it != a->mappings.end()) {
                    rps.insert(it->second.begin(), it->second.end());
                }
            }
        }
        if (rps.size() <= 1) {
            continue;
        }
        std::optional<std::set<Id>> common;
        for (Id rp : rps) {
            auto anc = ancestors_and_self(m, rp);
            std::set<Id> s(anc.begin(), anc.end());
            if (!common) {
                common = std::move(s);
            } else {
                std::erase_if(*common, [&](Id id) { return !s.count(id); });
            }
        }
        bool ok = std::any_of(common->begin(), common->end(), [&](Id id) { return rps.count(id); });
        if (!ok) {
            return false;
        }
    }
    return true;
}

// _satisfies_group_policy.
bool group_policy_ok(const std::vector<const AllocationRequest*>& areqs, const std::string& policy,
                     std::size_t granular_groups) {
    if (policy != "isolate") {
        return true;
    }
    std::set<Id> providers;
    for (const auto* a : areqs) {
        if (a->use_same_provider && !a->mappings.empty()) {
            providers.insert(a->mappings.begin()->second.begin(),
                             a->mappings.begin()->second.end());
        }
    }
    return providers.size() == granular_groups;
}

// _consolidate_allocation_requests.
AllocationRequest consolidate(const std::vector<const AllocationRequest*>& areqs) {
    AllocationRequest out;
    out.anchor_root = areqs.front()->anchor_root;
    for (const auto* a : areqs) {
        for (const auto& rr : a->resources) {
            auto it = std::find_if(out.resources.begin(), out.resources.end(), [&](const auto& x) {
                return x.provider == rr.provider && x.resource_class == rr.resource_class;
            });
            if (it == out.resources.end()) {
                out.resources.push_back(rr);
            } else {
                it->amount += rr.amount;
            }
        }
        for (const auto& [suffix, rps] : a->mappings) {
            out.mappings[suffix].insert(rps.begin(), rps.end());
        }
    }
    return out;
}

// RequestWideSearchContext.exceeds_capacity.
bool exceeds_capacity(const Model& m, const AllocationRequest& a) {
    for (const auto& rr : a.resources) {
        const Provider& p = *m.provider(rr.provider);
        const Inventory* inv = p.inventory(rr.resource_class);
        if (!inv || p.used(rr.resource_class) + rr.amount > inv->capacity() ||
            rr.amount > inv->max_unit) {
            return true;
        }
    }
    return false;
}

// Identity of an AllocationRequest as upstream's __eq__ sees it.
std::string identity_key(const AllocationRequest& a) {
    std::vector<std::tuple<Id, int, std::int64_t>> rrs;
    for (const auto& rr : a.resources) {
        rrs.emplace_back(rr.provider, rr.resource_class, rr.amount);
    }
    std::sort(rrs.begin(), rrs.end());
    std::string key;
    for (const auto& [p, rc, n] : rrs) {
        key += std::to_string(p) + ":" + std::to_string(rc) + ":" + std::to_string(n) + ",";
    }
    key += "|";
    for (const auto& [suffix, rps] : a.mappings) {
        key += suffix + "=";
        for (Id id : rps) {
            key += std::to_string(id) + ",";
        }
        key += ";";
    }
    return key;
}

// _merge_candidates.
std::vector<AllocationRequest> merge(
    const Model& m, const std::vector<std::string>& suffixes,
    const std::map<std::string, std::vector<AllocationRequest>>& by_suffix,
    const RequestWide& wide) {
    std::map<Id, std::map<std::string, std::vector<const AllocationRequest*>>> by_anchor;
    std::vector<Id> anchor_order;
    for (const auto& suffix : suffixes) {
        for (const auto& a : by_suffix.at(suffix)) {
            auto& slot = by_anchor[a.anchor_root];
            if (slot.empty()) {
                anchor_order.push_back(a.anchor_root);
            }
            slot[suffix].push_back(&a);
        }
    }
    const std::size_t granular = static_cast<std::size_t>(std::count_if(
        suffixes.begin(), suffixes.end(), [](const std::string& s) { return !s.empty(); }));
    std::vector<AllocationRequest> out;
    std::unordered_set<std::string> seen;
    for (Id anchor : anchor_order) {
        const auto& lists_by_suffix = by_anchor.at(anchor);
        if (lists_by_suffix.size() != suffixes.size()) {
            continue;
        }
        std::vector<const std::vector<const AllocationRequest*>*> lists;
        for (const auto& suffix : suffixes) {
            lists.push_back(&lists_by_suffix.at(suffix));
        }
        for_each_product<const AllocationRequest*>(
            lists, [&](const std::vector<const AllocationRequest* const*>& pick) {
                std::vector<const AllocationRequest*> areqs;
                for (const auto* p : pick) {
                    areqs.push_back(*p);
                }
                if (!group_policy_ok(areqs, wide.group_policy, granular) ||
                    !same_subtree_ok(m, areqs, wide.same_subtrees)) {
                    return;
                }
                auto merged = areqs.size() == 1 ? *areqs.front() : consolidate(areqs);
                if (exceeds_capacity(m, merged)) {
                    return;
                }
                if (seen.insert(identity_key(merged)).second) {
                    out.push_back(std::move(merged));
                }
            });
    }
    return out;
}

// _merge_candidates for one group over providers without trees or sharing
// providers (a plain boot request): each candidate is a single provider, so
// none needs consolidating or can equal another, and anchors come in the
// order merge() would take them.
std::vector<AllocationRequest> merge_single_group(const Model& m,
                                                  std::vector<AllocationRequest> reqs,
                                                  const RequestWide& wide, bool granular_group) {
    const std::size_t granular = granular_group ? 1 : 0;
    std::vector<const AllocationRequest*> one(1);
    std::erase_if(reqs, [&](const AllocationRequest& a) {
        one[0] = &a;
        return !group_policy_ok(one, wide.group_policy, granular) ||
               !same_subtree_ok(m, one, wide.same_subtrees) || exceeds_capacity(m, a);
    });
    return reqs;
}

std::set<Id> roots_of(const Model& m, const std::vector<AllocationRequest>& areqs) {
    std::set<Id> roots;
    for (const auto& a : areqs) {
        for (const auto& rr : a.resources) {
            roots.insert(m.provider(rr.provider)->root_id);
        }
    }
    return roots;
}

}  // namespace

Result find_candidates(const Model& m, const std::vector<RequestGroup>& groups,
                       const RequestWide& wide) {
    Result result;
    try {
        WideContext w(m, wide);
        std::map<std::string, std::vector<AllocationRequest>> by_suffix;
        std::vector<std::string> suffixes;
        for (const auto& group : groups) {
            GroupContext g(m, group);
            auto reqs = one_group(m, g, w);
            if (reqs.empty()) {
                return result;
            }
            for (auto& r : reqs) {
                r.use_same_provider = group.use_same_provider;
            }
            suffixes.push_back(group.suffix);
            by_suffix[group.suffix] = std::move(reqs);
        }
        auto areqs = groups.size() == 1 && w.sharing.empty() && !w.has_trees
                         ? merge_single_group(m, std::move(by_suffix.begin()->second), wide,
                                              !groups.front().suffix.empty())
                         : merge(m, suffixes, by_suffix, wide);
        // exclude_nested_providers: before mv 1.29 a request may not use two
        // providers of one tree.
        if (!wide.nested_aware && w.has_trees) {
            std::erase_if(areqs, [&](const AllocationRequest& a) {
                std::set<Id> providers;
                std::set<Id> roots;
                for (const auto& rr : a.resources) {
                    providers.insert(rr.provider);
                    roots.insert(m.provider(rr.provider)->root_id);
                }
                return providers.size() != roots.size();
            });
        }
        // limit_results.
        if (wide.limit && *wide.limit < areqs.size()) {
            if (wide.randomize) {
                std::vector<AllocationRequest> sample;
                std::sample(areqs.begin(), areqs.end(), std::back_inserter(sample), *wide.limit,
                            std::mt19937{std::random_device{}()});
                areqs = std::move(sample);
            } else {
                areqs.resize(*wide.limit);
            }
        } else if (wide.randomize) {
            std::shuffle(areqs.begin(), areqs.end(), std::mt19937{std::random_device{}()});
        }
        if (areqs.empty()) {
            return result;
        }
        if (!w.has_trees) {
            // Every provider is its own root: the summaries are the providers
            // the requests use, in id order.
            for (const auto& a : areqs) {
                for (const auto& rr : a.resources) {
                    result.summaries.push_back(rr.provider);
                }
            }
            std::sort(result.summaries.begin(), result.summaries.end());
            result.summaries.erase(std::unique(result.summaries.begin(), result.summaries.end()),
                                   result.summaries.end());
            result.requests = std::move(areqs);
            return result;
        }
        auto roots = roots_of(m, areqs);
        std::set<Id> used_providers;
        if (!wide.nested_aware && w.has_trees) {
            for (const auto& a : areqs) {
                for (const auto& rr : a.resources) {
                    used_providers.insert(rr.provider);
                }
            }
        }
        for (const auto& [id, p] : m.providers) {
            if (roots.count(p.root_id) && (used_providers.empty() || used_providers.count(id))) {
                result.summaries.push_back(id);
            }
        }
        result.requests = std::move(areqs);
    } catch (const NoResults&) {
        return Result{};
    }
    return result;
}

}  // namespace onestack::placement::candidates
