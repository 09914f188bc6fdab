#pragma once
// Placement Zed's default policy (placement/policies/).
#include <vector>

#include "common/policy/rule_default.hpp"

namespace onestack::placement {

const std::vector<policy::RuleDefault>& default_rules();

}  // namespace onestack::placement
