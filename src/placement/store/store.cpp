#include "placement/store/store.hpp"

#include <spdlog/spdlog.h>

#include "common/api/fault.hpp"
#include "placement/db/load.hpp"

namespace onestack::placement {

namespace {

// A guarded statement changed no row: someone else wrote the database.
struct LostRace : onestack::db::DbError {
    using DbError::DbError;
};

}  // namespace

void Change::exec(std::string sql, onestack::db::Params params) {
    statements_.push_back({std::move(sql), std::move(params), false});
}

void Change::expect_one(std::string sql, onestack::db::Params params) {
    statements_.push_back({std::move(sql), std::move(params), true});
}

void Change::then(std::function<void(Model&)> apply) {
    applies_.push_back(std::move(apply));
}

void Change::apply_to(Model& scratch) const {
    for (const auto& apply : applies_) {
        apply(scratch);
    }
}

void Change::append(Change&& other) {
    for (auto& s : other.statements_) {
        statements_.push_back(std::move(s));
    }
    for (auto& a : other.applies_) {
        applies_.push_back(std::move(a));
    }
    other.statements_.clear();
    other.applies_.clear();
}

Store::Store(onestack::db::Database& database) : db_(database) {
    reload();
}

void Store::reload() {
    auto fresh = db::load_model(db_);
    std::unique_lock lock(model_mu_);
    model_ = std::move(fresh);
}

void Store::commit(Change& change) {
    if (change.empty()) {
        return;
    }
    try {
        db_.write([&](onestack::db::Conn& c) {
            for (const auto& s : change.statements_) {
                auto n = c.exec(s.sql, s.params);
                if (s.expect_one && n != 1) {
                    throw LostRace("guarded update changed " + std::to_string(n) + " rows");
                }
            }
        });
    } catch (const LostRace& e) {
        spdlog::warn("placement: {}; another writer changed the database, reloading", e.what());
        reload();
        throw api::Fault(409,
                         "Another thread concurrently updated the data. Please retry your update",
                         "placement.concurrent_update");
    }
    std::unique_lock lock(model_mu_);
    for (auto& apply : change.applies_) {
        apply(model_);
    }
    ++commits_;
}

}  // namespace onestack::placement
