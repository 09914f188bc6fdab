#pragma once
// Reads the whole placement database into a Model (at startup, and again
// if another writer is ever detected underneath us).
#include "common/db/database.hpp"
#include "placement/model/model.hpp"

namespace onestack::placement::db {

Model load_model(onestack::db::Database& database);

// Inserts the standard resource classes and traits this build knows and the
// table lacks (placement/deploy.py update_database: trait and resource class
// ensure_sync). Returns how many rows were added.
int sync_standard_names(onestack::db::Database& database, Timestamp now);

}  // namespace onestack::placement::db
