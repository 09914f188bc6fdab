#pragma once
// Compute's tables (Nova's api and cell databases in one), as migrations.
#include <vector>

#include "common/db/migrations.hpp"

namespace onestack::compute::db {

const std::vector<onestack::db::Migration>& migrations();

}  // namespace onestack::compute::db
