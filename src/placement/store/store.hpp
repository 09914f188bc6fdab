#pragma once
// The store keeps the in-memory model and the database the same, and makes
// every write atomic with respect to every other.
//
// Reads run concurrently on the model under a shared lock. A write runs
// alone among writers: it checks its preconditions (generations, capacity)
// against the model, records the SQL and the model mutation it implies,
// commits the SQL in one database transaction, and only then applies the
// mutation under a brief exclusive lock. Two schedulers claiming the last
// slot of a host are therefore serialised: the second one's capacity check
// sees the first one's allocation.
//
// Generation bumps are also written as conditional UPDATEs that must touch
// exactly one row, so a second process writing the same database underneath
// us (not a supported deployment, but possible) surfaces as a 409
// placement.concurrent_update and a reload, never as over-commit.
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/db/database.hpp"
#include "placement/model/model.hpp"

namespace onestack::placement {

class Change {
  public:
    // A statement of the write transaction.
    void exec(std::string sql, onestack::db::Params params = {});
    // A statement that must change exactly one row (a generation check).
    void expect_one(std::string sql, onestack::db::Params params = {});
    // A model mutation applied once the transaction has committed.
    void then(std::function<void(Model&)> apply);
    bool empty() const { return statements_.empty() && applies_.empty(); }
    // Runs the recorded mutations on a scratch copy of the model (a write
    // planned in steps checks each step against the state the previous
    // ones leave).
    void apply_to(Model& scratch) const;
    // Moves another change's statements and mutations after this one's.
    void append(Change&& other);

  private:
    friend class Store;
    struct Statement {
        std::string sql;
        onestack::db::Params params;
        bool expect_one = false;
    };
    std::vector<Statement> statements_;
    std::vector<std::function<void(Model&)>> applies_;
};

class Store {
  public:
    explicit Store(onestack::db::Database& database);

    // Rebuilds the model from the database.
    void reload();

    template <typename F>
    auto read(F&& f) const {
        std::shared_lock lock(model_mu_);
        return f(static_cast<const Model&>(model_));
    }

    // f(const Model&, Change&) checks and plans; its change is committed and
    // applied before write() returns f's result. A Fault thrown by f writes
    // nothing.
    template <typename F>
    auto write(F&& f) {
        std::lock_guard writer(writer_mu_);
        Change change;
        if constexpr (std::is_void_v<decltype(f(std::declval<const Model&>(), change))>) {
            f(static_cast<const Model&>(model_), change);
            commit(change);
        } else {
            auto result = f(static_cast<const Model&>(model_), change);
            commit(change);
            return result;
        }
    }

    onestack::db::Database& database() { return db_; }
    // Writes committed since start (tests and benchmarks).
    std::uint64_t commits() const { return commits_; }

  private:
    void commit(Change& change);

    onestack::db::Database& db_;
    Model model_;
    mutable std::shared_mutex model_mu_;
    std::mutex writer_mu_;
    std::uint64_t commits_ = 0;
};

}  // namespace onestack::placement
