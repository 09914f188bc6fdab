#include "common/policy/evaluator.hpp"

#include <span>
#include <string>

#include "common/policy/python_text.hpp"

namespace onestack::policy {

namespace {

// oslo's GenericCheck._find_in_dict: walk the path; a list on the way matches if any element
// does; at the end compare str(value) with the match.
bool found_in(const boost::json::value& value, std::span<const std::string> path,
              std::string_view match) {
    if (path.empty()) {
        return python_str_equals(value, match);
    }
    const boost::json::object* object = value.if_object();
    const boost::json::value* next = object ? object->if_contains(path.front()) : nullptr;
    if (next == nullptr) {
        return false;
    }
    if (const boost::json::array* list = next->if_array()) {
        for (const boost::json::value& element : *list) {
            if (found_in(element, path.subspan(1), match)) {
                return true;
            }
        }
        return false;
    }
    return found_in(*next, path.subspan(1), match);
}

// oslo's enforce() copies a truthy system_scope into creds["system"], so "system:all" works with
// the credentials oslo.context gives; do the same lookup without copying the credentials.
const boost::json::value* credential_root(const boost::json::object& credentials,
                                          std::string_view key) {
    const boost::json::value* value = credentials.if_contains(key);
    if (value == nullptr && key == "system") {
        const boost::json::value* scope = credentials.if_contains("system_scope");
        if (scope != nullptr && scope->is_string() && !scope->get_string().empty()) {
            return scope;
        }
    }
    return value;
}

}  // namespace

bool Evaluator::passes(std::size_t rule_index) const {
    return evaluate(rules_.root(rule_index), rule_index, 0);
}

bool Evaluator::evaluate(const Check& check, std::size_t rule_index, int depth) const {
    const auto& node = check.node;
    if (std::holds_alternative<AlwaysCheck>(node)) {
        return true;
    }
    if (std::holds_alternative<NeverCheck>(node)) {
        return false;
    }
    if (const auto* all = std::get_if<AndCheck>(&node)) {
        for (const CheckPtr& operand : all->operands) {
            if (!evaluate(*operand, rule_index, depth)) {
                return false;
            }
        }
        return true;
    }
    if (const auto* any = std::get_if<OrCheck>(&node)) {
        for (const CheckPtr& operand : any->operands) {
            if (evaluate(*operand, rule_index, depth)) {
                return true;
            }
        }
        return false;
    }
    if (const auto* negation = std::get_if<NotCheck>(&node)) {
        return !evaluate(*negation->operand, rule_index, depth);
    }
    if (const auto* reference = std::get_if<RuleCheck>(&node)) {
        auto referenced = rules_.resolve(rule_index, reference->reference_slot);
        if (!referenced || depth >= max_depth) {
            return false;  // unknown rule (or a cycle): fail closed, as oslo does
        }
        return evaluate(rules_.root(*referenced), *referenced, depth + 1);
    }
    if (const auto* role = std::get_if<RoleCheck>(&node)) {
        return role_passes(*role);
    }
    return generic_passes(std::get<GenericCheck>(node));
}

bool Evaluator::role_passes(const RoleCheck& check) const {
    std::string scratch;
    std::string_view wanted = check.lowered_literal;
    if (check.role.has_placeholders()) {
        auto expanded = check.role.expand(target_, scratch);
        if (!expanded) {
            return false;
        }
        wanted = *expanded;
    }
    const boost::json::value* roles = credentials_.if_contains("roles");
    if (roles == nullptr || !roles->is_array()) {
        return false;
    }
    for (const boost::json::value& role : roles->get_array()) {
        if (role.is_string() && ascii_iequals(std::string_view(role.get_string()), wanted)) {
            return true;
        }
    }
    return false;
}

bool Evaluator::generic_passes(const GenericCheck& check) const {
    std::string scratch;
    auto match = check.match.expand(target_, scratch);
    if (!match) {
        return false;
    }
    if (check.kind_is_literal) {
        return check.literal_text == *match;
    }
    const std::vector<std::string>& path = check.credential_path;
    const boost::json::value* root = credential_root(credentials_, path.front());
    if (root == nullptr) {
        return false;
    }
    std::span<const std::string> rest(path.data() + 1, path.size() - 1);
    if (const boost::json::array* list = root->if_array()) {
        for (const boost::json::value& element : *list) {
            if (found_in(element, rest, *match)) {
                return true;
            }
        }
        return false;
    }
    return found_in(*root, rest, *match);
}

}  // namespace onestack::policy
