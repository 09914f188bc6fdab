#pragma once
// A rule's scope_types against the scope of the caller's token (oslo's _enforce_scope): a
// system-scoped token may not use a project-only API, and so on.
#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace onestack::policy {

struct ScopeTypes {
    bool declared = false;     // a rule without scope_types is usable from any scope
    std::uint8_t allowed = 0;  // bits of system, domain, project
};

ScopeTypes scope_types_from(const std::vector<std::string>& names);

// The token scope oslo infers from credentials: "system" (or system_scope), else domain_id,
// else project.
bool scope_allows(ScopeTypes scopes, const boost::json::object& credentials);

}  // namespace onestack::policy
