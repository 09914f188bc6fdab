#include "common/policy/match_template.hpp"

#include "common/policy/python_text.hpp"

namespace onestack::policy {

namespace {

// Position just past the ')' closing a "%(" whose key starts at `start`; Python counts nested
// parentheses inside the key. npos when unbalanced.
std::size_t key_end(std::string_view text, std::size_t start) {
    int depth = 1;
    for (std::size_t i = start; i < text.size(); ++i) {
        if (text[i] == '(') {
            ++depth;
        } else if (text[i] == ')' && --depth == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

}  // namespace

std::optional<MatchTemplate> MatchTemplate::compile(std::string_view text) {
    MatchTemplate compiled;
    compiled.text_ = std::string(text);
    std::string literal;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            literal += text[i];
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '%') {
            literal += '%';
            ++i;
            continue;
        }
        if (i + 1 >= text.size() || text[i + 1] != '(') {
            return std::nullopt;  // "%s" or a lone '%': Python raises for a mapping argument
        }
        auto close = key_end(text, i + 2);
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != 's') {
            return std::nullopt;  // only %(key)s is meaningful in a check
        }
        if (!literal.empty()) {
            compiled.pieces_.push_back({std::move(literal), false});
            literal.clear();
        }
        compiled.pieces_.push_back({std::string(text.substr(i + 2, close - i - 2)), true});
        compiled.has_placeholders_ = true;
        i = close + 1;
    }
    if (!literal.empty() || compiled.pieces_.empty()) {
        compiled.pieces_.push_back({std::move(literal), false});
    }
    return compiled;
}

std::optional<std::string_view> MatchTemplate::expand(const boost::json::object& target,
                                                      std::string& scratch) const {
    if (pieces_.size() == 1) {
        const Piece& only = pieces_.front();
        if (!only.is_key) {
            return std::string_view(only.text);
        }
        const boost::json::value* value = find_target_value(target, only.text);
        if (value == nullptr) {
            return std::nullopt;
        }
        if (value->is_string()) {
            return std::string_view(value->get_string());
        }
        ScalarTextBuffer buffer;
        auto rendered = python_str(*value, buffer);
        if (!rendered) {
            return std::nullopt;
        }
        scratch.assign(*rendered);
        return std::string_view(scratch);
    }

    scratch.clear();
    for (const Piece& piece : pieces_) {
        if (!piece.is_key) {
            scratch += piece.text;
            continue;
        }
        const boost::json::value* value = find_target_value(target, piece.text);
        if (value == nullptr) {
            return std::nullopt;
        }
        ScalarTextBuffer buffer;
        auto rendered = python_str(*value, buffer);
        if (!rendered) {
            return std::nullopt;
        }
        scratch += *rendered;
    }
    return std::string_view(scratch);
}

const boost::json::value* find_target_value(const boost::json::object& target,
                                            std::string_view key) {
    if (const boost::json::value* exact = target.if_contains(key)) {
        return exact;
    }
    // Try every split point, so partly flattened targets ({"target.user": {"id": ..}}) resolve.
    for (auto dot = key.find('.'); dot != std::string_view::npos; dot = key.find('.', dot + 1)) {
        const boost::json::value* head = target.if_contains(key.substr(0, dot));
        if (head != nullptr && head->is_object()) {
            if (const auto* found = find_target_value(head->get_object(), key.substr(dot + 1))) {
                return found;
            }
        }
    }
    return nullptr;
}

}  // namespace onestack::policy
