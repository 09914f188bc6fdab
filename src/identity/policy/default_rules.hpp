#pragma once
// Identity's default policy rules (Keystone Zed).
#include <vector>

#include "common/policy/enforcer.hpp"

namespace onestack::identity {

const std::vector<policy::RuleDefault>& default_rules();

}  // namespace onestack::identity
