#pragma once
// Sample policy file text, laid out as oslopolicy-sample-generator writes it.
#include <string>
#include <string_view>

#include "common/policy/rule_default.hpp"

namespace onestack::policy {

// One rule: its description wrapped as '#' comments, one "# METHOD  path" line per operation,
// "# Intended scope(s): ...", then the rule itself commented out and a blank line.
std::string format_sample_rule(const RuleDefault& rule);

// A description as comment lines: paragraphs wrapped at 70 columns (like Python's textwrap),
// indented lines kept verbatim, blank lines as a lone '#'.
std::string format_help_text(std::string_view description);

}  // namespace onestack::policy
