#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "common/db/database.hpp"
#include "common/db/migrations.hpp"
#include "common/util/ids.hpp"

using namespace onestack::db;

namespace {

class DbTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ =
            std::filesystem::temp_directory_path() / ("onestack-db-" + onestack::util::uuid_hex());
        std::filesystem::create_directories(dir_);
        db_ = Database::open("sqlite:///" + (dir_ / "t.db").string());
    }
    void TearDown() override {
        db_.reset();
        std::filesystem::remove_all(dir_);
    }
    std::filesystem::path dir_;
    std::unique_ptr<Database> db_;
};

const std::vector<Migration> kMigrations = {
    {1, "items", {"CREATE TABLE items (id VARCHAR(64) PRIMARY KEY, name VARCHAR(255), n INTEGER)"}},
    {2, "seq", {"CREATE TABLE seq (id %SERIAL_PK%, v VARCHAR(10))"}},
};

}  // namespace

TEST_F(DbTest, MigrationsApplyOnceAndRecordTheirVersion) {
    EXPECT_EQ(current_version(*db_, "test"), 0);
    EXPECT_EQ(migrate(*db_, "test", kMigrations), 2);
    EXPECT_EQ(migrate(*db_, "test", kMigrations), 2);  // idempotent
    EXPECT_EQ(current_version(*db_, "test"), 2);
    EXPECT_EQ(current_version(*db_, "other"), 0);
}

TEST_F(DbTest, MigrationsAddOnlyNewerSteps) {
    std::vector<Migration> first(kMigrations.begin(), kMigrations.begin() + 1);
    EXPECT_EQ(migrate(*db_, "test", first), 1);
    EXPECT_EQ(migrate(*db_, "test", kMigrations), 2);
    db_->write([](Conn& c) { c.exec("INSERT INTO seq (v) VALUES (:v)", {std::string("x")}); });
}

TEST_F(DbTest, MigrationGapIsRefused) {
    std::vector<Migration> bad = {{1, "a", {"SELECT 1"}}, {3, "c", {"SELECT 1"}}};
    EXPECT_THROW(migrate(*db_, "test", bad), DbError);
}

TEST_F(DbTest, FailedMigrationLeavesVersionUnchanged) {
    migrate(*db_, "test", kMigrations);
    auto bad = kMigrations;
    bad.push_back({3, "broken", {"CREATE TABLE z (a INTEGER)", "THIS IS NOT SQL"}});
    EXPECT_THROW(migrate(*db_, "test", bad), DbError);
    EXPECT_EQ(current_version(*db_, "test"), 2);
    // The whole step rolled back, table z included.
    EXPECT_THROW(db_->read([](Conn& c) { return c.query("SELECT * FROM z"); }), DbError);
}

TEST_F(DbTest, ParametersNullsAndTypesRoundTrip) {
    migrate(*db_, "test", kMigrations);
    db_->write([](Conn& c) {
        c.exec("INSERT INTO items (id, name, n) VALUES (:id, :name, :n)",
               {std::string("a"), null(), std::int64_t{42}});
    });
    auto row = db_->read([](Conn& c) {
        return c.query_one("SELECT * FROM items WHERE id = :id", {std::string("a")});
    });
    ASSERT_TRUE(row);
    EXPECT_TRUE(row->is_null("name"));
    EXPECT_EQ(row->i64("n"), 42);
    EXPECT_EQ(row->str("id"), "a");
}

TEST_F(DbTest, ConstraintViolationIsTyped) {
    migrate(*db_, "test", kMigrations);
    auto insert = [&] {
        db_->write(
            [](Conn& c) { c.exec("INSERT INTO items (id) VALUES (:id)", {std::string("dup")}); });
    };
    insert();
    EXPECT_THROW(insert(), ConstraintError);
}

TEST_F(DbTest, ThrowingWriteRollsBack) {
    migrate(*db_, "test", kMigrations);
    EXPECT_THROW(db_->write([](Conn& c) {
        c.exec("INSERT INTO items (id) VALUES (:id)", {std::string("gone")});
        throw std::runtime_error("abort");
    }),
                 std::runtime_error);
    auto rows = db_->read([](Conn& c) { return c.query("SELECT id FROM items"); });
    EXPECT_TRUE(rows.empty());
}

TEST_F(DbTest, ConcurrentWritersNeverSeeLockErrors) {
    migrate(*db_, "test", kMigrations);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                db_->write([&](Conn& c) {
                    c.exec("INSERT INTO items (id, n) VALUES (:id, :n)",
                           {std::to_string(t) + "-" + std::to_string(i), std::int64_t{i}});
                });
                db_->read([](Conn& c) { return c.query("SELECT COUNT(*) AS c FROM items"); });
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    auto row = db_->read([](Conn& c) { return c.query_one("SELECT COUNT(*) AS c FROM items"); });
    EXPECT_EQ(row->i64("c"), 400);
}
