#pragma once
// A policy rule as a service declares it in code (oslo.policy's RuleDefault /
// DocumentedRuleDefault): the default check string plus what the sample file documents.
#include <string>
#include <utility>
#include <vector>

namespace onestack::policy {

struct RuleDefault {
    std::string name;       // "identity:list_users"
    std::string check_str;  // "role:admin or (role:reader and system_scope:all)"
    std::string description;
    std::vector<std::pair<std::string, std::string>> operations;  // {"GET", "/v3/users"}
    std::vector<std::string> scope_types;                         // "system", "domain", "project"
};

}  // namespace onestack::policy
