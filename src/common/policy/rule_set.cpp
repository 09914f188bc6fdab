#include "common/policy/rule_set.hpp"

#include <algorithm>
#include <functional>

namespace onestack::policy {

RuleSet::RuleSet(std::vector<NamedRule> rules) : rules_(std::move(rules)) {
    index_.reserve(rules_.size());
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        index_.emplace(rules_[i].name, i);
    }
    link();
    break_cycles();
    std::sort(cyclic_rules_.begin(), cyclic_rules_.end());
    std::sort(undefined_references_.begin(), undefined_references_.end());
}

std::optional<std::size_t> RuleSet::find(std::string_view name) const {
    auto it = index_.find(name);
    return it == index_.end() ? std::nullopt : std::optional<std::size_t>(it->second);
}

void RuleSet::link() {
    link_offsets_.reserve(rules_.size());
    for (const NamedRule& rule : rules_) {
        link_offsets_.push_back(links_.size());
        bool undefined = false;
        for (const std::string& referenced : rule.tree->rule_references) {
            auto target = find(referenced);
            undefined = undefined || !target;
            links_.push_back(target.value_or(unresolved));
        }
        if (undefined) {
            undefined_references_.push_back(rule.name);
        }
    }
}

// Tarjan's strongly connected components: a reference between two rules of one component (or
// from a rule to itself) lies on a cycle, and oslo would recurse forever through it.
void RuleSet::break_cycles() {
    const std::size_t n = rules_.size();
    std::vector<std::size_t> order(n, unresolved), low(n, 0), component(n, unresolved);
    std::vector<bool> on_stack(n, false);
    std::vector<std::size_t> stack;
    std::size_t counter = 0, components = 0;

    auto slots = [&](std::size_t v) {
        std::size_t end = v + 1 < n ? link_offsets_[v + 1] : links_.size();
        return std::pair{link_offsets_[v], end};
    };

    std::function<void(std::size_t)> visit = [&](std::size_t v) {
        order[v] = low[v] = counter++;
        stack.push_back(v);
        on_stack[v] = true;
        auto [first, last] = slots(v);
        for (std::size_t s = first; s < last; ++s) {
            std::size_t w = links_[s];
            if (w == unresolved) {
                continue;
            }
            if (order[w] == unresolved) {
                visit(w);
                low[v] = std::min(low[v], low[w]);
            } else if (on_stack[w]) {
                low[v] = std::min(low[v], order[w]);
            }
        }
        if (low[v] == order[v]) {
            std::size_t w;
            do {
                w = stack.back();
                stack.pop_back();
                on_stack[w] = false;
                component[w] = components;
            } while (w != v);
            ++components;
        }
    };
    for (std::size_t v = 0; v < n; ++v) {
        if (order[v] == unresolved) {
            visit(v);
        }
    }

    for (std::size_t v = 0; v < n; ++v) {
        bool cyclic = false;
        auto [first, last] = slots(v);
        for (std::size_t s = first; s < last; ++s) {
            if (links_[s] != unresolved && component[links_[s]] == component[v]) {
                links_[s] = unresolved;
                cyclic = true;
            }
        }
        if (cyclic) {
            cyclic_rules_.push_back(rules_[v].name);
        }
    }
}

}  // namespace onestack::policy
