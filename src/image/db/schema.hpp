#pragma once
#include <vector>

#include "common/db/migrations.hpp"

namespace onestack::image::db {

// The image service's numbered migrations ("image" component).
const std::vector<onestack::db::Migration>& migrations();

}  // namespace onestack::image::db
