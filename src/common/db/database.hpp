#pragma once
// The db layer: SOCI sessions over sqlite:///path (WAL, busy timeout) or
// postgresql://..., short transactions, and one writer per SQLite database so
// concurrency never surfaces as "database is locked". Only a service's db/
// room uses this; SQL placeholders are ":name", bound in order.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/db/value.hpp"

namespace soci {
class session;
}

namespace onestack::db {

enum class Dialect { Sqlite, Postgres };

struct DbError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// A unique or foreign key constraint refused the statement.
struct ConstraintError : DbError {
    using DbError::DbError;
};

// One transaction on one session. Given to read()/write() callbacks.
class Conn {
  public:
    Conn(soci::session& session, Dialect dialect) : session_(session), dialect_(dialect) {}
    Rows query(std::string_view sql, const Params& params = {});
    std::optional<Row> query_one(std::string_view sql, const Params& params = {});
    // Executes a statement; returns the number of rows it changed.
    std::int64_t exec(std::string_view sql, const Params& params = {});
    Dialect dialect() const { return dialect_; }
    soci::session& session() { return session_; }

  private:
    soci::session& session_;
    Dialect dialect_;
};

struct DatabaseOptions {
    std::size_t pool_size = 8;  // read sessions (and write sessions on PostgreSQL)
    int busy_timeout_ms = 5000;
    int write_retries = 8;
};

class Database {
  public:
    // url: "sqlite:///abs/path.db", "sqlite://:memory:" (single session),
    // "postgresql://user:pw@host:port/db"
    static std::unique_ptr<Database> open(const std::string& url, DatabaseOptions options = {});
    ~Database();

    Dialect dialect() const { return dialect_; }
    const std::string& url() const { return url_; }

    // A consistent read: a transaction on a pooled session.
    template <typename F>
    auto read(F&& f) {
        Lease lease(*this);
        return run_in_transaction(lease.session(), false, std::forward<F>(f));
    }
    // A write transaction: committed when f returns, rolled back when it
    // throws; retried on busy/serialization failures, so f must be idempotent
    // up to its own statements.
    template <typename F>
    auto write(F&& f) {
        if (dialect_ == Dialect::Sqlite) {
            std::lock_guard lock(writer_mu_);
            return with_retries([&] { return run_in_transaction(*writer_, true, f); });
        }
        Lease lease(*this);
        return with_retries([&] { return run_in_transaction(lease.session(), true, f); });
    }

  private:
    Database() = default;
    class Lease {
      public:
        explicit Lease(Database& db);
        ~Lease();
        soci::session& session() { return *session_; }

      private:
        Database& db_;
        soci::session* session_;
    };

    template <typename F>
    auto run_in_transaction(soci::session& s, bool for_write, F&& f) {
        begin(s, for_write);
        Conn conn(s, dialect_);
        try {
            if constexpr (std::is_void_v<decltype(f(conn))>) {
                f(conn);
                commit(s);
            } else {
                auto result = f(conn);
                commit(s);
                return result;
            }
        } catch (...) {
            rollback(s);
            throw;
        }
    }
    template <typename F>
    auto with_retries(F&& f) {
        for (int attempt = 0;; ++attempt) {
            try {
                return f();
            } catch (const DbError& e) {
                if (!is_retryable(e) || attempt >= options_.write_retries) {
                    throw;
                }
                backoff(attempt);
            }
        }
    }
    void begin(soci::session& s, bool for_write);
    void commit(soci::session& s);
    void rollback(soci::session& s);
    static bool is_retryable(const DbError& e);
    static void backoff(int attempt);
    soci::session* acquire();
    void release(soci::session* s);

    std::string url_;
    Dialect dialect_ = Dialect::Sqlite;
    DatabaseOptions options_;
    // Read sessions are opened on first demand, up to pool_size: each costs
    // ~90 KB of SQLite schema and page cache, and an idle service needs one.
    std::function<std::unique_ptr<soci::session>()> open_session_;
    std::size_t pool_opened_ = 0;  // sessions opened or being opened for the pool
    std::vector<std::unique_ptr<soci::session>> sessions_;
    std::vector<soci::session*> idle_;
    std::mutex pool_mu_;
    std::condition_variable pool_cv_;
    std::unique_ptr<soci::session> writer_;  // SQLite: the one writer
    std::mutex writer_mu_;
};

// Marks retryable errors (SQLITE_BUSY, serialization failures) as such.
struct RetryableError : DbError {
    using DbError::DbError;
};

}  // namespace onestack::db
