#pragma once
// Placement's tables: placement/db/sqlalchemy/models.py in our own shape
// (timestamps are unix seconds; project and user ids live on the consumer).
#include <vector>

#include "common/db/migrations.hpp"

namespace onestack::placement::db {

const std::vector<onestack::db::Migration>& migrations();

}  // namespace onestack::placement::db
