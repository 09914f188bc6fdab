#pragma once
// An immutable set of parsed rules with every "rule:name" reference resolved to an index, so
// evaluation follows references without hashing names. References to unknown rules, and those
// that would close a cycle, resolve to nothing (the check fails), so evaluation always ends.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/policy/check.hpp"

namespace onestack::policy {

struct NamedRule {
    std::string name;
    std::shared_ptr<const CheckTree> tree;  // shared between successive rule sets
};

class RuleSet {
  public:
    RuleSet() = default;
    explicit RuleSet(std::vector<NamedRule> rules);

    std::size_t size() const { return rules_.size(); }
    std::optional<std::size_t> find(std::string_view name) const;
    const std::string& name(std::size_t index) const { return rules_[index].name; }
    const Check& root(std::size_t index) const { return *rules_[index].tree->root; }

    // The rule that reference `slot` of rule `index` names; nullopt when unknown or cyclic.
    std::optional<std::size_t> resolve(std::size_t index, std::size_t slot) const {
        auto target = links_[link_offsets_[index] + slot];
        return target == unresolved ? std::nullopt : std::optional<std::size_t>(target);
    }

    // Rules on a reference cycle, and rules naming a rule that does not exist (sorted).
    const std::vector<std::string>& cyclic_rules() const { return cyclic_rules_; }
    const std::vector<std::string>& rules_with_undefined_references() const {
        return undefined_references_;
    }

  private:
    static constexpr std::size_t unresolved = static_cast<std::size_t>(-1);

    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view name) const {
            return std::hash<std::string_view>{}(name);
        }
    };

    void link();
    void break_cycles();

    std::vector<NamedRule> rules_;
    std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>> index_;
    std::vector<std::size_t> link_offsets_;  // rule index -> first slot in links_
    std::vector<std::size_t> links_;         // slot -> referenced rule index, or unresolved
    std::vector<std::string> cyclic_rules_;
    std::vector<std::string> undefined_references_;
};

}  // namespace onestack::policy
