#include "common/db/migrations.hpp"

#include <spdlog/spdlog.h>

namespace onestack::db {
namespace {

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
        s.replace(pos, from.size(), to);
    }
}

void ensure_table(Database& db) {
    db.write([](Conn& c) {
        c.exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "component VARCHAR(64) NOT NULL, version INTEGER NOT NULL, name VARCHAR(255),"
            " PRIMARY KEY (component, version))");
    });
}

}  // namespace

std::string expand_dialect(std::string sql, Dialect dialect) {
    bool pg = dialect == Dialect::Postgres;
    replace_all(sql, "%SERIAL_PK%",
                pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT");
    replace_all(sql, "%BLOB%", pg ? "BYTEA" : "BLOB");
    return sql;
}

int current_version(Database& db, const std::string& component) {
    ensure_table(db);
    return db.read([&](Conn& c) {
        auto row = c.query_one(
            "SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations WHERE component = :c",
            {component});
        return row ? static_cast<int>(row->i64("v")) : 0;
    });
}

int migrate(Database& db, const std::string& component, const std::vector<Migration>& migrations) {
    int version = current_version(db, component);
    int expected = 1;
    for (const auto& m : migrations) {
        if (m.version != expected++) {
            throw DbError(component + ": migrations must be numbered 1, 2, 3...");
        }
        if (m.version <= version) {
            continue;
        }
        db.write([&](Conn& c) {
            for (const auto& stmt : m.statements) {
                c.exec(expand_dialect(stmt, db.dialect()));
            }
            c.exec("INSERT INTO schema_migrations (component, version, name) VALUES (:c, :v, :n)",
                   {component, std::int64_t{m.version}, m.name});
        });
        spdlog::info("db: {} migrated to {} ({})", component, m.version, m.name);
        version = m.version;
    }
    return version;
}

}  // namespace onestack::db
