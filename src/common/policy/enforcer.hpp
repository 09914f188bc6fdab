#pragma once
// The policy enforcer (oslo.policy's Enforcer): rules registered in code, overridden by the
// operator's policy file, checked on every API request.
//
// Rules are parsed once, when set; check() only walks the parsed trees. Readers take an immutable
// snapshot of the rules, so checks run concurrently with each other and with the (startup or
// test only) calls that change rules.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "common/policy/credentials.hpp"
#include "common/policy/rule_default.hpp"

namespace onestack::policy {

class Enforcer {
  public:
    Enforcer();
    ~Enforcer();
    Enforcer(Enforcer&&) noexcept;
    Enforcer& operator=(Enforcer&&) noexcept;

    // Also for base rules such as "admin_required". A name registered twice throws
    // std::invalid_argument (oslo's DuplicatePolicyError).
    void register_default(RuleDefault rule);
    void register_defaults(const std::vector<RuleDefault>& rules);

    // Overrides from a YAML (or JSON) file mapping rule names to check strings; they win over
    // the defaults and may define new rules. A missing file is fine (returns false); one that is
    // not such a mapping throws std::runtime_error. Overrides from several files accumulate.
    bool load_overrides_file(const std::string& path);

    // Overrides one rule (tests).
    void set_rule(const std::string& name, const std::string& check_str);

    // oslo's [oslo_policy] enforce_scope: deny when the token's scope (system, domain, project)
    // is not among the registered rule's scope_types. Off by default, as in oslo.policy 4.0.
    void set_enforce_scope(bool enforce);

    // False for an unknown rule. `target` may be flat ("target.user.id") or nested.
    bool check(std::string_view rule, const boost::json::object& target,
               const boost::json::object& creds) const;
    bool has_rule(std::string_view rule) const;

    // Sample policy YAML of all registered defaults, in registration order, commented out like
    // oslopolicy-sample-generator's output.
    std::string sample_yaml() const;

    // oslo's check_rules(): the rules that lie on a reference cycle or name an undefined rule,
    // each logged as a warning. A reference that closes a cycle always fails.
    std::vector<std::string> check_rules() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace onestack::policy
