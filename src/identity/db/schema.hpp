#pragma once
// Identity's tables, as numbered migrations.
#include <vector>

#include "common/db/migrations.hpp"

namespace onestack::identity::db {

const std::vector<onestack::db::Migration>& migrations();

// Keystone's marker for "no domain" (global roles) and the root of domains.
inline constexpr const char* kNullDomain = "<<null>>";
inline constexpr const char* kRootDomain = "<<keystone.domain.root>>";

}  // namespace onestack::identity::db
