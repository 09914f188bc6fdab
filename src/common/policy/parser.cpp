#include "common/policy/parser.hpp"

#include <initializer_list>
#include <stdexcept>
#include <utility>

#include <spdlog/spdlog.h>

#include "common/policy/python_text.hpp"

namespace onestack::policy {

namespace {

// Thrown inside the parser only; parse_check_string turns it into a denying tree.
struct RuleSyntaxError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

enum class Token {
    open_paren,
    close_paren,
    and_op,
    or_op,
    not_op,
    check,
    and_expr,
    or_expr,
    string
};

struct Entry {
    Token token;
    CheckPtr check;  // for check, and_expr and or_expr
};

// Python's \s for the ASCII range.
bool is_space(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}

CheckTree never_tree() {
    CheckTree tree;
    tree.root = make_check(NeverCheck{});
    return tree;
}

// One check such as "role:admin" (oslo's _parse_check).
class AtomParser {
  public:
    AtomParser(std::string_view rule_name, std::vector<std::string>& references)
        : rule_name_(rule_name), references_(references) {}

    CheckPtr parse(std::string_view atom) const {
        if (atom == "!") {
            return make_check(NeverCheck{});
        }
        if (atom == "@") {
            return make_check(AlwaysCheck{});
        }
        auto colon = atom.find(':');
        if (colon == std::string_view::npos) {
            spdlog::warn("Policy rule \"{}\": cannot understand check \"{}\"; it never passes",
                         rule_name_, atom);
            return make_check(NeverCheck{});
        }
        std::string_view kind = atom.substr(0, colon);
        std::string_view match = atom.substr(colon + 1);
        if (kind == "rule") {
            references_.emplace_back(match);
            return make_check(RuleCheck{std::string(match), references_.size() - 1});
        }
        if (kind == "http" || kind == "https") {
            throw RuleSyntaxError("remote http(s) checks are not supported");
        }
        auto compiled = MatchTemplate::compile(match);
        if (!compiled) {
            throw RuleSyntaxError("\"" + std::string(match) + "\" is not a valid %(key)s match");
        }
        if (kind == "role") {
            return role_check(std::move(*compiled));
        }
        return generic_check(kind, std::move(*compiled));
    }

  private:
    static CheckPtr role_check(MatchTemplate role) {
        RoleCheck check{std::move(role), {}};
        if (!check.role.has_placeholders()) {
            std::string scratch;
            check.lowered_literal = ascii_lower(*check.role.expand({}, scratch));
        }
        return make_check(std::move(check));
    }

    static CheckPtr generic_check(std::string_view kind, MatchTemplate match) {
        GenericCheck check;
        check.kind = std::string(kind);
        check.match = std::move(match);
        if (auto literal = python_literal_str(kind)) {
            check.kind_is_literal = true;
            check.literal_text = std::move(*literal);
        } else {
            std::size_t start = 0;
            for (auto dot = kind.find('.'); dot != std::string_view::npos;
                 dot = kind.find('.', start)) {
                check.credential_path.emplace_back(kind.substr(start, dot - start));
                start = dot + 1;
            }
            check.credential_path.emplace_back(kind.substr(start));
        }
        return make_check(std::move(check));
    }

    std::string_view rule_name_;
    std::vector<std::string>& references_;
};

// oslo's ParseState: shift each token, then greedily apply the first reduction whose pattern
// matches the top of the stack until none does.
class ShiftReduceParser {
  public:
    void shift(Token token, CheckPtr check = nullptr) {
        stack_.push_back({token, std::move(check)});
        reduce();
    }

    CheckPtr result() && {
        if (stack_.size() != 1 ||
            !(stack_[0].token == Token::check || stack_[0].token == Token::and_expr ||
              stack_[0].token == Token::or_expr)) {
            throw RuleSyntaxError("could not parse rule");
        }
        return std::move(stack_[0].check);
    }

  private:
    bool tail_is(std::initializer_list<Token> pattern) const {
        if (stack_.size() < pattern.size()) {
            return false;
        }
        auto it = stack_.end() - static_cast<std::ptrdiff_t>(pattern.size());
        for (Token token : pattern) {
            if ((it++)->token != token) {
                return false;
            }
        }
        return true;
    }

    // Pops "left op right" and returns the two operands.
    std::pair<CheckPtr, CheckPtr> pop_binary() {
        CheckPtr right = std::move(stack_.back().check);
        stack_.pop_back();
        stack_.pop_back();
        CheckPtr left = std::move(stack_.back().check);
        stack_.pop_back();
        return {std::move(left), std::move(right)};
    }

    template <typename Combined>
    void combine(Token result) {
        auto [left, right] = pop_binary();
        Combined combined;
        combined.operands.push_back(std::move(left));
        combined.operands.push_back(std::move(right));
        stack_.push_back({result, make_check(std::move(combined))});
    }

    template <typename Combined>
    void extend() {
        CheckPtr right = std::move(stack_.back().check);
        stack_.pop_back();
        stack_.pop_back();
        std::get<Combined>(stack_.back().check->node).operands.push_back(std::move(right));
    }

    // "A or B and C": C joins B in an "and", keeping "or" the weaker operator.
    void mix_or_and() {
        CheckPtr right = std::move(stack_.back().check);
        stack_.pop_back();
        stack_.pop_back();
        auto& alternatives = std::get<OrCheck>(stack_.back().check->node).operands;
        CheckPtr last = std::move(alternatives.back());
        alternatives.pop_back();
        if (auto* conjunction = std::get_if<AndCheck>(&last->node)) {
            conjunction->operands.push_back(std::move(right));
            alternatives.push_back(std::move(last));
        } else {
            AndCheck joined;
            joined.operands.push_back(std::move(last));
            joined.operands.push_back(std::move(right));
            alternatives.push_back(make_check(std::move(joined)));
        }
    }

    void reduce() {
        using enum Token;
        for (;;) {
            if (tail_is({open_paren, or_expr, close_paren}) ||
                tail_is({open_paren, and_expr, close_paren}) ||
                tail_is({open_paren, check, close_paren})) {
                CheckPtr inner = std::move(stack_[stack_.size() - 2].check);
                stack_.resize(stack_.size() - 3);
                stack_.push_back({check, std::move(inner)});
            } else if (tail_is({check, and_op, check})) {
                combine<AndCheck>(and_expr);
            } else if (tail_is({or_expr, and_op, check})) {
                mix_or_and();
            } else if (tail_is({and_expr, and_op, check})) {
                extend<AndCheck>();
            } else if (tail_is({and_expr, or_op, check}) || tail_is({check, or_op, check})) {
                combine<OrCheck>(or_expr);
            } else if (tail_is({or_expr, or_op, check})) {
                extend<OrCheck>();
            } else if (tail_is({not_op, check})) {
                CheckPtr operand = std::move(stack_.back().check);
                stack_.resize(stack_.size() - 2);
                stack_.push_back({check, make_check(NotCheck{std::move(operand)})});
            } else {
                return;
            }
        }
    }

    std::vector<Entry> stack_;
};

// oslo's _parse_tokenize: split on whitespace, peel parentheses off each word's ends, then
// classify what is left.
void shift_word(std::string_view word, const AtomParser& atoms, ShiftReduceParser& parser) {
    while (!word.empty() && word.front() == '(') {
        parser.shift(Token::open_paren);
        word.remove_prefix(1);
    }
    if (word.empty()) {
        return;
    }
    std::size_t closing = 0;
    while (closing < word.size() && word[word.size() - 1 - closing] == ')') {
        ++closing;
    }
    std::string_view clean = word.substr(0, word.size() - closing);
    if (!clean.empty()) {
        std::string lowered = ascii_lower(clean);
        if (lowered == "and") {
            parser.shift(Token::and_op);
        } else if (lowered == "or") {
            parser.shift(Token::or_op);
        } else if (lowered == "not") {
            parser.shift(Token::not_op);
        } else if (word.size() >= 2 && (word.front() == '"' || word.front() == '\'') &&
                   word.back() == word.front()) {
            parser.shift(Token::string);  // a quoted word is never a valid operand
        } else {
            parser.shift(Token::check, atoms.parse(clean));
        }
    }
    for (std::size_t i = 0; i < closing; ++i) {
        parser.shift(Token::close_paren);
    }
}

}  // namespace

CheckTree parse_check_string(std::string_view check_str, std::string_view rule_name) {
    CheckTree tree;
    if (check_str.empty()) {
        tree.root = make_check(AlwaysCheck{});
        return tree;
    }
    try {
        AtomParser atoms(rule_name, tree.rule_references);
        ShiftReduceParser parser;
        std::size_t i = 0;
        while (i < check_str.size()) {
            while (i < check_str.size() && is_space(check_str[i])) {
                ++i;
            }
            std::size_t start = i;
            while (i < check_str.size() && !is_space(check_str[i])) {
                ++i;
            }
            if (i > start) {
                shift_word(check_str.substr(start, i - start), atoms, parser);
            }
        }
        tree.root = std::move(parser).result();
        return tree;
    } catch (const RuleSyntaxError& error) {
        spdlog::warn("Policy rule \"{}\": cannot parse \"{}\" ({}); it always denies", rule_name,
                     check_str, error.what());
        return never_tree();
    }
}

}  // namespace onestack::policy
