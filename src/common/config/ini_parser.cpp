#include "common/config/ini_parser.hpp"

#include <optional>

#include <fmt/format.h>

#include "common/config/option.hpp"

namespace onestack::config {

namespace {

// Python's str.strip() set, which oslo's parser relies on.
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view rstrip(std::string_view s) {
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

std::string_view lstrip(std::string_view s) {
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    return s;
}

std::string_view strip(std::string_view s) {
    return lstrip(rstrip(s));
}

bool is_comment(std::string_view line) {
    return !line.empty() && (line.front() == '#' || line.front() == ';');
}

class Parser {
  public:
    explicit Parser(std::string_view origin) : origin_(origin) {}

    IniDocument parse(std::string_view text) {
        if (text.starts_with("\xEF\xBB\xBF")) {
            text.remove_prefix(3);  // UTF-8 byte order mark from some editors
        }
        while (!text.empty()) {
            const std::size_t newline = text.find('\n');
            const std::string_view raw = text.substr(0, newline);
            text =
                newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
            ++lineno_;
            parse_line(rstrip(raw));
        }
        flush();
        return std::move(doc_);
    }

  private:
    struct PendingValue {
        std::string key;
        std::string value;
        int line;
    };

    void parse_line(std::string_view line) {
        if (line.empty()) {
            flush();  // a blank line ends a multi-line value
            return;
        }
        if (line.front() == ' ' || line.front() == '\t') {
            if (pending_) {
                pending_->value += '\n';
                pending_->value += lstrip(line);
                return;
            }
            // oslo rejects this too, except that we let an indented comment stand alone.
            if (is_comment(lstrip(line))) {
                return;
            }
            fail("Unexpected continuation line", line);
        }
        flush();
        if (line.front() == '[') {
            start_section(line);
        } else if (!is_comment(line)) {
            start_assignment(line);
        }
    }

    void start_section(std::string_view line) {
        if (line.back() != ']') {
            fail("Invalid section (must end with ])", line);
        }
        const std::string_view name = strip(line.substr(1, line.size() - 2));
        if (name.empty()) {
            fail("Empty section name", line);
        }
        section_ = std::string(name);
        doc_.sections.push_back(section_);
    }

    void start_assignment(std::string_view line) {
        // The first '=' or ':' separates, so "url = http://x" and "a: b=c" both work.
        const std::size_t separator = line.find_first_of("=:");
        if (separator == std::string_view::npos) {
            fail("No ':' or '=' found in assignment", line);
        }
        const std::string_view key = strip(line.substr(0, separator));
        std::string_view value = strip(line.substr(separator + 1));
        if (key.empty()) {
            fail("Key cannot be empty", line);
        }
        if (section_.empty()) {
            fail("Section must be started before assignment", line);
        }
        // Matching quotes around the whole value are dropped, as oslo does.
        if (!value.empty() && (value.front() == '"' || value.front() == '\'') &&
            value.front() == value.back()) {
            value = value.size() >= 2 ? value.substr(1, value.size() - 2) : std::string_view{};
        }
        pending_ = PendingValue{std::string(key), std::string(value), lineno_};
    }

    void flush() {
        if (pending_) {
            doc_.entries.push_back(IniEntry{section_, std::move(pending_->key),
                                            std::move(pending_->value), pending_->line});
            pending_.reset();
        }
    }

    [[noreturn]] void fail(std::string_view reason, std::string_view line) const {
        throw ConfigError(fmt::format("{}:{}: {}: '{}'", origin_, lineno_, reason, line));
    }

    std::string_view origin_;
    int lineno_ = 0;
    std::string section_;
    std::optional<PendingValue> pending_;
    IniDocument doc_;
};

}  // namespace

IniDocument parse_ini(std::string_view text, std::string_view origin) {
    return Parser(origin).parse(text);
}

}  // namespace onestack::config
