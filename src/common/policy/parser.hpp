#pragma once
// oslo.policy's check-string language parsed into a CheckTree. Reproduces oslo's tokenizer and
// greedy shift-reduce parser, so precedence ("a or b and c" is "a or (b and c)") and the strings
// it rejects come out the same.
#include <string_view>

#include "common/policy/check.hpp"

namespace onestack::policy {

// Never throws. The empty string always allows. A string oslo cannot parse gives a tree that
// always denies, with a warning naming `rule_name` (oslo "fails closed" the same way); a single
// check without a ':' denies just that check, as in oslo.
CheckTree parse_check_string(std::string_view check_str, std::string_view rule_name = {});

}  // namespace onestack::policy
