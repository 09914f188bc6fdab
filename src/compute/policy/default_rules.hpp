#pragma once
// The compute API's default policy rules (Nova Zed, nova/policies/).
#include <vector>

#include "common/policy/rule_default.hpp"

namespace onestack::compute::policy {

const std::vector<onestack::policy::RuleDefault>& default_rules();

}  // namespace onestack::compute::policy
