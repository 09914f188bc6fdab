#include "common/policy/check.hpp"

namespace onestack::policy {

namespace {

std::string join(const std::vector<CheckPtr>& operands, std::string_view separator) {
    std::string out = "(";
    for (std::size_t i = 0; i < operands.size(); ++i) {
        if (i > 0) {
            out += separator;
        }
        out += to_string(*operands[i]);
    }
    out += ')';
    return out;
}

struct Printer {
    std::string operator()(const AlwaysCheck&) const { return "@"; }
    std::string operator()(const NeverCheck&) const { return "!"; }
    std::string operator()(const AndCheck& c) const { return join(c.operands, " and "); }
    std::string operator()(const OrCheck& c) const { return join(c.operands, " or "); }
    std::string operator()(const NotCheck& c) const { return "not " + to_string(*c.operand); }
    std::string operator()(const RuleCheck& c) const { return "rule:" + c.rule_name; }
    std::string operator()(const RoleCheck& c) const { return "role:" + c.role.text(); }
    std::string operator()(const GenericCheck& c) const { return c.kind + ":" + c.match.text(); }
};

}  // namespace

std::string to_string(const Check& check) {
    return std::visit(Printer{}, check.node);
}

}  // namespace onestack::policy
