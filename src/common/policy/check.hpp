#pragma once
// The check tree a check string parses into (oslo.policy's _checks classes). Built once per rule;
// evaluation only reads it.
#include <cstddef>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "common/policy/match_template.hpp"

namespace onestack::policy {

struct Check;
using CheckPtr = std::unique_ptr<Check>;

struct AlwaysCheck {};  // "@" and the empty check string
struct NeverCheck {};   // "!" and anything oslo cannot understand
struct AndCheck {
    std::vector<CheckPtr> operands;
};
struct OrCheck {
    std::vector<CheckPtr> operands;
};
struct NotCheck {
    CheckPtr operand;
};
// "rule:name". The referenced rule is resolved per rule set through `reference_slot`, this
// check's position in CheckTree::rule_references, so evaluation never hashes the name.
struct RuleCheck {
    std::string rule_name;
    std::size_t reference_slot = 0;
};
// "role:admin": the caller holds the role, compared case-insensitively.
struct RoleCheck {
    MatchTemplate role;
    std::string lowered_literal;  // the role lower-cased, when it has no placeholders
};
// "kind:match": a credential (or a literal such as True, None, 'Member') compared as text with
// the match, whose %(key)s placeholders come from the target.
struct GenericCheck {
    std::string kind;  // as written, for str()
    bool kind_is_literal = false;
    std::string literal_text;                  // str() of the literal kind
    std::vector<std::string> credential_path;  // kind split on '.' otherwise
    MatchTemplate match;
};

struct Check {
    std::variant<AlwaysCheck, NeverCheck, AndCheck, OrCheck, NotCheck, RuleCheck, RoleCheck,
                 GenericCheck>
        node;
};

struct CheckTree {
    CheckPtr root;
    std::vector<std::string> rule_references;  // indexed by RuleCheck::reference_slot
};

template <typename Node>
CheckPtr make_check(Node node) {
    return std::make_unique<Check>(Check{std::move(node)});
}

// oslo's str() of a check: "(role:a or (role:b and role:c))", "not rule:x", "@".
std::string to_string(const Check& check);

}  // namespace onestack::policy
