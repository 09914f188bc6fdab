#include "common/policy/enforcer.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "common/policy/evaluator.hpp"
#include "common/policy/parser.hpp"
#include "common/policy/policy_file.hpp"
#include "common/policy/rule_set.hpp"
#include "common/policy/sample_yaml.hpp"
#include "common/policy/scope.hpp"

namespace onestack::policy {

namespace {

using TreeMap = std::map<std::string, std::shared_ptr<const CheckTree>, std::less<>>;

// What check() reads: replaced whole whenever rules change, never modified.
struct Snapshot {
    RuleSet rules;
    std::vector<ScopeTypes> scopes;  // by rule index, from the registered default
};

std::shared_ptr<const CheckTree> parse_shared(const std::string& name,
                                              const std::string& check_str) {
    return std::make_shared<const CheckTree>(parse_check_string(check_str, name));
}

void warn_about_cycles(const RuleSet& rules) {
    if (!rules.cyclic_rules().empty()) {
        spdlog::warn("Policies [{}] are part of a cyclical reference; those references fail",
                     fmt::join(rules.cyclic_rules(), ", "));
    }
}

}  // namespace

struct Enforcer::State {
    std::mutex write_mutex;  // serialises changes, and the first check() after one
    std::vector<RuleDefault> defaults;
    TreeMap default_trees;
    TreeMap override_trees;
    std::map<std::string, ScopeTypes, std::less<>> scopes;

    // check() does one acquire load, with no reference counting to bounce a cache line between
    // request threads. Replaced snapshots stay alive until the enforcer goes, since a reader may
    // still hold one. Single-rule changes only invalidate, and the next reader builds the
    // snapshot, so registering rules one by one at startup does not pile up snapshots.
    std::vector<std::unique_ptr<const Snapshot>> snapshots;
    std::atomic<const Snapshot*> current{nullptr};
    std::atomic<bool> enforce_scope{false};

    const Snapshot& snapshot() {
        if (const Snapshot* published = current.load(std::memory_order_acquire)) {
            return *published;
        }
        std::lock_guard lock(write_mutex);
        if (const Snapshot* published = current.load(std::memory_order_acquire)) {
            return *published;
        }
        return publish();
    }

    // Called with write_mutex held after a change.
    void invalidate() { current.store(nullptr, std::memory_order_release); }

    void add_default(RuleDefault rule) {
        default_trees[rule.name] = parse_shared(rule.name, rule.check_str);
        scopes[rule.name] = scope_types_from(rule.scope_types);
        defaults.push_back(std::move(rule));
    }

    // Merges defaults with overrides (overrides win) into a new snapshot and publishes it. Called
    // with write_mutex held.
    const Snapshot& publish() {
        std::vector<NamedRule> merged;
        merged.reserve(default_trees.size() + override_trees.size());
        auto d = default_trees.begin();
        auto o = override_trees.begin();
        while (d != default_trees.end() || o != override_trees.end()) {
            if (o == override_trees.end() || (d != default_trees.end() && d->first < o->first)) {
                merged.push_back({d->first, d->second});
                ++d;
            } else {
                if (d != default_trees.end() && d->first == o->first) {
                    ++d;
                }
                merged.push_back({o->first, o->second});
                ++o;
            }
        }
        auto next = std::make_unique<Snapshot>();
        next->scopes.reserve(merged.size());
        for (const NamedRule& rule : merged) {
            auto scope = scopes.find(rule.name);
            next->scopes.push_back(scope == scopes.end() ? ScopeTypes{} : scope->second);
        }
        next->rules = RuleSet(std::move(merged));
        snapshots.push_back(std::move(next));
        current.store(snapshots.back().get(), std::memory_order_release);
        return *snapshots.back();
    }
};

Enforcer::Enforcer() : state_(std::make_unique<State>()) {}
Enforcer::~Enforcer() = default;
Enforcer::Enforcer(Enforcer&&) noexcept = default;
Enforcer& Enforcer::operator=(Enforcer&&) noexcept = default;

void Enforcer::register_default(RuleDefault rule) {
    std::lock_guard lock(state_->write_mutex);
    if (state_->default_trees.contains(rule.name)) {
        throw std::invalid_argument("policy \"" + rule.name + "\" is already registered");
    }
    state_->add_default(std::move(rule));
    state_->invalidate();
}

void Enforcer::register_defaults(const std::vector<RuleDefault>& rules) {
    std::lock_guard lock(state_->write_mutex);
    std::unordered_set<std::string_view> seen;
    for (const RuleDefault& rule : rules) {
        if (state_->default_trees.contains(rule.name) || !seen.insert(rule.name).second) {
            throw std::invalid_argument("policy \"" + rule.name + "\" is already registered");
        }
    }
    for (const RuleDefault& rule : rules) {
        state_->add_default(rule);
    }
    warn_about_cycles(state_->publish().rules);
}

bool Enforcer::load_overrides_file(const std::string& path) {
    auto overrides = read_policy_file(path);
    if (!overrides) {
        spdlog::debug("Policy file {} not found; using the defaults", path);
        return false;
    }
    std::vector<std::pair<std::string, std::shared_ptr<const CheckTree>>> parsed;
    parsed.reserve(overrides->size());
    for (const auto& [name, check_str] : *overrides) {
        parsed.emplace_back(name, parse_shared(name, check_str));
    }
    std::lock_guard lock(state_->write_mutex);
    for (auto& [name, tree] : parsed) {
        state_->override_trees[name] = std::move(tree);
    }
    warn_about_cycles(state_->publish().rules);
    spdlog::info("Loaded {} policy override(s) from {}", parsed.size(), path);
    return true;
}

void Enforcer::set_rule(const std::string& name, const std::string& check_str) {
    auto tree = parse_shared(name, check_str);
    std::lock_guard lock(state_->write_mutex);
    state_->override_trees[name] = std::move(tree);
    state_->invalidate();
}

void Enforcer::set_enforce_scope(bool enforce) {
    state_->enforce_scope.store(enforce, std::memory_order_relaxed);
}

bool Enforcer::check(std::string_view rule, const boost::json::object& target,
                     const boost::json::object& creds) const {
    const Snapshot& snapshot = state_->snapshot();
    auto index = snapshot.rules.find(rule);
    if (!index) {
        spdlog::debug("Policy rule {} does not exist; denying", rule);
        return false;
    }
    if (state_->enforce_scope.load(std::memory_order_relaxed) &&
        !scope_allows(snapshot.scopes[*index], creds)) {
        return false;
    }
    return Evaluator(snapshot.rules, target, creds).passes(*index);
}

bool Enforcer::has_rule(std::string_view rule) const {
    return state_->snapshot().rules.find(rule).has_value();
}

std::string Enforcer::sample_yaml() const {
    std::lock_guard lock(state_->write_mutex);
    std::string text;
    for (const RuleDefault& rule : state_->defaults) {
        text += format_sample_rule(rule);
    }
    return text;
}

std::vector<std::string> Enforcer::check_rules() const {
    const RuleSet& rules = state_->snapshot().rules;
    if (!rules.rules_with_undefined_references().empty()) {
        spdlog::warn("Policies [{}] reference a rule that is not defined",
                     fmt::join(rules.rules_with_undefined_references(), ", "));
    }
    warn_about_cycles(rules);
    std::vector<std::string> invalid = rules.rules_with_undefined_references();
    invalid.insert(invalid.end(), rules.cyclic_rules().begin(), rules.cyclic_rules().end());
    std::sort(invalid.begin(), invalid.end());
    invalid.erase(std::unique(invalid.begin(), invalid.end()), invalid.end());
    return invalid;
}

}  // namespace onestack::policy
