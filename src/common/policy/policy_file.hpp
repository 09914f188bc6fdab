#pragma once
// An operator's policy file: a YAML (or JSON, which YAML reads too) mapping of rule name to
// check string, overriding the defaults in code.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace onestack::policy {

using RuleOverrides = std::vector<std::pair<std::string, std::string>>;

// nullopt when the file does not exist. Throws std::runtime_error when it exists but is not a
// mapping of names to check strings. A null value becomes "" (always allowed), as in oslo.
std::optional<RuleOverrides> read_policy_file(const std::string& path);

}  // namespace onestack::policy
