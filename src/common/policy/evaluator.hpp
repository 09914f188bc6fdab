#pragma once
// Evaluates rules of a RuleSet for one request: the target (what is acted on) and the caller's
// credentials. Read-only, allocation-free for the common checks; safe to run concurrently.
#include <cstddef>

#include <boost/json/object.hpp>

#include "common/policy/check.hpp"
#include "common/policy/rule_set.hpp"

namespace onestack::policy {

class Evaluator {
  public:
    Evaluator(const RuleSet& rules, const boost::json::object& target,
              const boost::json::object& credentials)
        : rules_(rules), target_(target), credentials_(credentials) {}

    bool passes(std::size_t rule_index) const;

  private:
    // References are acyclic after RuleSet linking; the bound is a second line of defence.
    static constexpr int max_depth = 64;

    bool evaluate(const Check& check, std::size_t rule_index, int depth) const;
    bool role_passes(const RoleCheck& check) const;
    bool generic_passes(const GenericCheck& check) const;

    const RuleSet& rules_;
    const boost::json::object& target_;
    const boost::json::object& credentials_;
};

}  // namespace onestack::policy
