#include "common/policy/sample_yaml.hpp"

#include <vector>

namespace onestack::policy {

namespace {

constexpr std::size_t wrap_width = 70;
constexpr std::string_view comment_indent = "# ";

bool is_space(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}
bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::string_view rtrim(std::string_view text) {
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

// textwrap may break a hyphenated word after a hyphen with two letters before it and a letter
// (then a letter or "-letter") after it.
bool breaks_after_hyphen(std::string_view word, std::size_t i) {
    auto at = [&](std::size_t k) { return k < word.size() ? word[k] : '\0'; };
    bool before =
        (i >= 2 && is_letter(word[i - 2]) && is_letter(word[i - 1])) ||
        (i >= 3 && is_letter(word[i - 3]) && word[i - 2] == '-' && is_letter(word[i - 1]));
    bool after = is_letter(at(i + 1)) &&
                 (is_letter(at(i + 2)) || (at(i + 2) == '-' && is_letter(at(i + 3))));
    return before && after;
}

// textwrap's chunks: runs of spaces and words, words split after breakable hyphens.
std::vector<std::string> split_chunks(std::string_view text) {
    std::vector<std::string> chunks;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t start = i;
        if (is_space(text[i])) {
            while (i < text.size() && is_space(text[i])) {
                ++i;
            }
            chunks.emplace_back(i - start, ' ');
            continue;
        }
        while (i < text.size() && !is_space(text[i])) {
            ++i;
        }
        std::string_view word = text.substr(start, i - start);
        std::size_t piece = 0;
        for (std::size_t k = 0; k < word.size(); ++k) {
            if (word[k] == '-' && k > piece && breaks_after_hyphen(word, k)) {
                chunks.emplace_back(word.substr(piece, k + 1 - piece));
                piece = k + 1;
            }
        }
        chunks.emplace_back(word.substr(piece));
    }
    return chunks;
}

// textwrap.wrap(text, 70, initial_indent='# ', subsequent_indent='# ').
void wrap_paragraph(const std::vector<std::string>& lines, std::vector<std::string>& out) {
    if (lines.empty()) {
        return;
    }
    std::string text;
    for (const std::string& line : lines) {
        text += text.empty() ? "" : " ";
        text += line;
    }
    std::vector<std::string> chunks = split_chunks(text);
    const std::size_t width = wrap_width - comment_indent.size();
    std::size_t next = 0;
    bool first_line = true;
    while (next < chunks.size()) {
        if (!first_line && trim(chunks[next]).empty()) {
            ++next;  // a line never starts with the space that ended the previous one
            continue;
        }
        std::vector<std::string> line;
        std::size_t length = 0;
        while (next < chunks.size() && length + chunks[next].size() <= width) {
            length += chunks[next].size();
            line.push_back(chunks[next++]);
        }
        if (next < chunks.size() && chunks[next].size() > width) {
            // A word longer than a line fills what is left of this one, preferably at a hyphen.
            std::string& word = chunks[next];
            std::size_t end = width - length;
            auto hyphen = word.rfind('-', end == 0 ? 0 : end - 1);
            if (hyphen != std::string::npos && hyphen > 0 && hyphen < end &&
                word.find_first_not_of('-') < hyphen) {
                end = hyphen + 1;
            }
            line.push_back(word.substr(0, end));
            word.erase(0, end);
        }
        if (!line.empty() && trim(line.back()).empty()) {
            line.pop_back();
        }
        if (!line.empty()) {
            std::string joined(comment_indent);
            for (const std::string& chunk : line) {
                joined += chunk;
            }
            out.push_back(std::move(joined));
        }
        first_line = false;
    }
}

// A YAML double-quoted scalar.
std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    out += '"';
    return out;
}

}  // namespace

std::string format_help_text(std::string_view description) {
    description = trim(description);
    if (description.empty()) {
        return "#";
    }
    std::vector<std::string> formatted;
    std::vector<std::string> paragraph;
    while (true) {
        auto newline = description.find('\n');
        std::string_view line = description.substr(0, newline);
        if (trim(line).empty()) {
            wrap_paragraph(paragraph, formatted);
            formatted.emplace_back("#");
            paragraph.clear();
        } else if (!is_space(line.front())) {
            paragraph.emplace_back(rtrim(line));
        } else {
            // An indented literal block is kept as written, set off from a preceding paragraph.
            if (!paragraph.empty()) {
                wrap_paragraph(paragraph, formatted);
                formatted.emplace_back("#");
                paragraph.clear();
            }
            formatted.push_back(std::string(comment_indent) + std::string(rtrim(line)));
        }
        if (newline == std::string_view::npos) {
            break;
        }
        description.remove_prefix(newline + 1);
    }
    wrap_paragraph(paragraph, formatted);

    std::string text;
    for (std::size_t i = 0; i < formatted.size(); ++i) {
        text += i == 0 ? "" : "\n";
        text += formatted[i];
    }
    return text;
}

std::string format_sample_rule(const RuleDefault& rule) {
    std::string text;
    if (!rule.description.empty()) {
        text += format_help_text(rule.description);
        text += '\n';
    }
    for (const auto& [method, path] : rule.operations) {
        if (!method.empty() && !path.empty()) {
            text += "# " + method + "  " + path + "\n";
        }
    }
    if (!rule.scope_types.empty()) {
        text += "# Intended scope(s): ";
        for (std::size_t i = 0; i < rule.scope_types.size(); ++i) {
            text += i == 0 ? "" : ", ";
            text += rule.scope_types[i];
        }
        text += '\n';
    }
    text += "#" + quoted(rule.name) + ": " + quoted(rule.check_str) + "\n\n";
    return text;
}

}  // namespace onestack::policy
