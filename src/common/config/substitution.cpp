#include "common/config/substitution.hpp"

namespace onestack::config {

namespace {

bool is_identifier_start(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_identifier_char(char c) {
    return is_identifier_start(c) || (c >= '0' && c <= '9');
}

std::size_t identifier_length(std::string_view s) {
    if (s.empty() || !is_identifier_start(s.front())) {
        return 0;
    }
    std::size_t n = 1;
    while (n < s.size() && is_identifier_char(s[n])) {
        ++n;
    }
    return n;
}

}  // namespace

std::string substitute(std::string_view text, const ReferenceLookup& lookup) {
    if (text.find('$') == std::string_view::npos) {
        return std::string(text);
    }
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\\' && i + 1 < text.size() && text[i + 1] == '$') {
            out += '$';
            i += 2;
            continue;
        }
        if (c != '$') {
            out += c;
            ++i;
            continue;
        }
        const std::string_view rest = text.substr(i + 1);
        if (rest.starts_with('$')) {
            out += '$';
            i += 2;
            continue;
        }
        if (rest.starts_with('{')) {
            const std::size_t close = rest.find('}');
            if (close != std::string_view::npos) {
                if (auto value = lookup(rest.substr(1, close - 1))) {
                    out += *value;
                    i += close + 2;
                    continue;
                }
            }
            out += c;  // not a known reference: keep it as written
            ++i;
            continue;
        }
        const std::size_t name_length = identifier_length(rest);
        if (name_length == 0) {
            out += c;
            ++i;
            continue;
        }
        // "$section.name" when that names an option; otherwise "$name" followed by a dot,
        // as in "$state_path.".
        if (rest.size() > name_length && rest[name_length] == '.') {
            const std::size_t second = identifier_length(rest.substr(name_length + 1));
            if (second > 0) {
                const std::size_t dotted_length = name_length + 1 + second;
                if (auto value = lookup(rest.substr(0, dotted_length))) {
                    out += *value;
                    i += 1 + dotted_length;
                    continue;
                }
            }
        }
        if (auto value = lookup(rest.substr(0, name_length))) {
            out += *value;
        } else {
            out += text.substr(i, 1 + name_length);
        }
        i += 1 + name_length;
    }
    return out;
}

}  // namespace onestack::config
