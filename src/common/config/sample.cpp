// Registry::sample(): the commented-out sample configuration file, laid out as
// oslo-config-generator writes it, so operators find the familiar format.
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "common/config/registry.hpp"

namespace onestack::config {

namespace {

constexpr std::size_t kWrapWidth = 78;

// One paragraph line as Python's textwrap.wrap(initial/subsequent_indent="# ",
// break_long_words=False) does it: greedy words, a long word gets its own line.
void append_wrapped(std::string& out, std::string_view line) {
    std::string current = "# ";
    bool has_word = false;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && line[i] == ' ') {
            ++i;
        }
        if (i == line.size()) {
            break;
        }
        std::size_t end = line.find(' ', i);
        if (end == std::string_view::npos) {
            end = line.size();
        }
        const std::string_view word = line.substr(i, end - i);
        if (has_word && current.size() + 1 + word.size() > kWrapWidth) {
            out += current;
            out += '\n';
            current = "# ";
            has_word = false;
        }
        if (has_word) {
            current += ' ';
        }
        current += word;
        has_word = true;
        i = end;
    }
    out += has_word ? current : "#";
    out += '\n';
}

// Each line of the help is wrapped on its own; an empty line stays as a bare "#".
void append_help(std::string& out, std::string_view text) {
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t newline = text.find('\n', start);
        append_wrapped(out, text.substr(start, newline - start));
        if (newline == std::string_view::npos) {
            break;
        }
        start = newline + 1;
    }
}

std::string format_bound(Type type, double bound) {
    // Beyond +-2^63 the cast would be undefined; such a bound prints as a float.
    if (type == Type::Int && bound > -9.2e18 && bound < 9.2e18) {
        return fmt::format("{}", static_cast<std::int64_t>(bound));
    }
    return fmt::format("{}", bound);
}

std::string format_default(const OptionDef& def) {
    if (def.default_value.empty()) {
        return "<None>";
    }
    if (def.type == Type::Secret) {
        return "****";
    }
    std::string text = def.default_value;
    const auto is_edge_space = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
    if (is_edge_space(text.front()) || is_edge_space(text.back())) {
        text = "\"" + text + "\"";  // the parser strips these quotes again
    }
    std::string out;
    for (char c : text) {
        out += c;
        if (c == '\n') {
            out += "#    ";  // continuation lines, still commented out
        }
    }
    return out;
}

void append_option(std::string& out, const OptionDef& def) {
    out += '\n';
    const std::string description = def.help.empty()
                                        ? fmt::format("({})", type_name(def.type))
                                        : fmt::format("{} ({})", def.help, type_name(def.type));
    append_help(out, description);
    if (def.min) {
        out += fmt::format("# Minimum value: {}\n", format_bound(def.type, *def.min));
    }
    if (def.max) {
        out += fmt::format("# Maximum value: {}\n", format_bound(def.type, *def.max));
    }
    if (!def.choices.empty()) {
        out += "# Possible values:\n";
        for (const auto& choice : def.choices) {
            append_help(out, choice.empty() ? "''" : choice);
        }
    }
    out += fmt::format("#{} = {}\n", def.name, format_default(def));
}

}  // namespace

std::string Registry::sample() const {
    // DEFAULT first and always present, then the other sections by name; options by name
    // inside a section, so registration order never changes the output.
    std::map<std::string, std::vector<const OptionDef*>> by_section;
    by_section["DEFAULT"];
    for (const auto& def : defs_) {
        by_section[def.section].push_back(&def);
    }
    std::string out;
    const auto append_section = [&out](const std::string& name,
                                       std::vector<const OptionDef*>& defs) {
        if (!out.empty()) {
            out += "\n\n";
        }
        out += fmt::format("[{}]\n", name);
        std::sort(defs.begin(), defs.end(),
                  [](const OptionDef* a, const OptionDef* b) { return a->name < b->name; });
        for (const OptionDef* def : defs) {
            append_option(out, *def);
        }
    };
    append_section("DEFAULT", by_section["DEFAULT"]);
    for (auto& [name, defs] : by_section) {
        if (name != "DEFAULT") {
            append_section(name, defs);
        }
    }
    return out;
}

}  // namespace onestack::config
