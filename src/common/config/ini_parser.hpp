#pragma once
// INI syntax as oslo.config's iniparser reads it: "[section]" headers, "key = value" or
// "key: value", whole-line "#"/";" comments, indented continuation lines (joined with
// "\n") and a blank line or a new key ending a value. Knows nothing about options.
#include <string>
#include <string_view>
#include <vector>

namespace onestack::config {

struct IniEntry {
    std::string section;  // as written, trimmed (normalizing is the caller's business)
    std::string key;
    std::string value;
    int line = 0;  // where the key is
};

struct IniDocument {
    std::vector<std::string> sections;  // every header, in order, even those without keys
    std::vector<IniEntry> entries;      // in file order; a repeated key appears twice
};

// Throws ConfigError "origin:line: reason: 'text'" on a syntax error.
IniDocument parse_ini(std::string_view text, std::string_view origin);

}  // namespace onestack::config
