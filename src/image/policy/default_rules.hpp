#pragma once
// The image service's default policy rules (glance/policies/, Zed).
#include <vector>

#include "common/policy/rule_default.hpp"

namespace onestack::image {

const std::vector<policy::RuleDefault>& default_rules();

}  // namespace onestack::image
