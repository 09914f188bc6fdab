#pragma once
// Numbered schema migrations per component, run by `onestack db sync`.
// Statements are portable SQL; "%SERIAL_PK%" and "%BLOB%" expand per dialect.
#include <string>
#include <vector>

#include "common/db/database.hpp"

namespace onestack::db {

struct Migration {
    int version;
    std::string name;
    std::vector<std::string> statements;
};

// Applies, in order, every migration newer than the recorded version.
// Returns the version reached. Throws DbError on a gap or failure.
int migrate(Database& db, const std::string& component, const std::vector<Migration>& migrations);
int current_version(Database& db, const std::string& component);
std::string expand_dialect(std::string sql, Dialect dialect);

}  // namespace onestack::db
