// SQLite sessions keep the statements exec() runs prepared (database.cpp):
// a statement run again with other values binds those values, counts its
// own rows, recovers from its own failure, follows schema changes, and
// transactions still commit and roll back.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/db/database.hpp"
#include "common/util/ids.hpp"

namespace onestack::db {
namespace {

class DbStatementCacheTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("onestack-db-cache-" + onestack::util::uuid_hex());
        std::filesystem::create_directories(dir_);
        db_ = Database::open("sqlite:///" + (dir_ / "t.db").string());
        db_->write([](Conn& c) {
            c.exec(
                "CREATE TABLE items (id VARCHAR(64) PRIMARY KEY, name "
                "VARCHAR(255), n INTEGER)");
        });
    }
    void TearDown() override {
        db_.reset();
        std::filesystem::remove_all(dir_);
    }
    std::int64_t count() {
        return db_->read(
            [](Conn& c) { return c.query_one("SELECT COUNT(*) AS n FROM items")->i64("n"); });
    }
    std::filesystem::path dir_;
    std::unique_ptr<Database> db_;
};

constexpr const char* kInsert = "INSERT INTO items (id, name, n) VALUES (:id, :name, :n)";

TEST_F(DbStatementCacheTest, TheSameStatementBindsEachCallsValues) {
    for (int i = 0; i < 50; ++i) {
        db_->write([&](Conn& c) {
            c.exec(kInsert, {"id-" + std::to_string(i),
                             i % 2 ? Value(std::string("odd")) : Value(null()), std::int64_t{i}});
        });
    }
    EXPECT_EQ(count(), 50);
    db_->read([](Conn& c) {
        auto row = c.query_one("SELECT name, n FROM items WHERE id = :id", {std::string("id-7")});
        ASSERT_TRUE(row);
        EXPECT_EQ(row->str("name"), "odd");
        EXPECT_EQ(row->i64("n"), 7);
        auto even = c.query_one("SELECT name FROM items WHERE id = :id", {std::string("id-8")});
        ASSERT_TRUE(even);
        EXPECT_TRUE(even->is_null("name"));
    });
}

TEST_F(DbStatementCacheTest, ChangedRowsAreEachRunsOwn) {
    db_->write([](Conn& c) {
        for (int i = 0; i < 6; ++i) {
            c.exec(kInsert,
                   {"id-" + std::to_string(i), std::string(i < 4 ? "a" : "b"), std::int64_t{i}});
        }
    });
    const char* update = "UPDATE items SET n = n + 1 WHERE name = :name";
    db_->write([&](Conn& c) {
        EXPECT_EQ(c.exec(update, {std::string("a")}), 4);
        EXPECT_EQ(c.exec(update, {std::string("b")}), 2);
        EXPECT_EQ(c.exec(update, {std::string("none")}), 0);
    });
}

TEST_F(DbStatementCacheTest, AFailedStatementRunsAgainAfterwards) {
    db_->write([](Conn& c) {
        c.exec(kInsert, {std::string("x"), std::string("one"), std::int64_t{1}});
    });
    EXPECT_THROW(db_->write([](Conn& c) {
        c.exec(kInsert, {std::string("x"), std::string("dup"), std::int64_t{2}});
    }),
                 ConstraintError);
    db_->write([](Conn& c) {
        c.exec(kInsert, {std::string("y"), std::string("two"), std::int64_t{2}});
    });
    EXPECT_EQ(count(), 2);
}

TEST_F(DbStatementCacheTest, TransactionsStillCommitAndRollBack) {
    for (int i = 0; i < 5; ++i) {
        EXPECT_THROW(db_->write([&](Conn& c) {
            c.exec(kInsert, {"gone-" + std::to_string(i), std::string("n"), std::int64_t{0}});
            throw std::runtime_error("abort");
        }),
                     std::runtime_error);
        db_->write([&](Conn& c) {
            c.exec(kInsert, {"kept-" + std::to_string(i), std::string("n"), std::int64_t{0}});
        });
    }
    EXPECT_EQ(count(), 5);
    // A second database on the same file sees what was committed; closing
    // and reopening drops and re-prepares the statements.
    db_.reset();
    db_ = Database::open("sqlite:///" + (dir_ / "t.db").string());
    EXPECT_EQ(count(), 5);
    db_->write([](Conn& c) {
        c.exec(kInsert, {std::string("z"), std::string("n"), std::int64_t{0}});
    });
    EXPECT_EQ(count(), 6);
}

TEST_F(DbStatementCacheTest, AKeptStatementFollowsSchemaChanges) {
    db_->write([](Conn& c) {
        c.exec(kInsert, {std::string("a"), std::string("one"), std::int64_t{1}});
    });
    // A migration from another process adds a column to the table the kept
    // INSERT writes to, then one here recreates it with another column order.
    auto other = Database::open("sqlite:///" + (dir_ / "t.db").string());
    other->write([](Conn& c) { c.exec("ALTER TABLE items ADD COLUMN extra VARCHAR(16)"); });
    other.reset();
    db_->write([](Conn& c) {
        c.exec(kInsert, {std::string("b"), std::string("two"), std::int64_t{2}});
    });
    EXPECT_EQ(count(), 2);
    db_->write([](Conn& c) {
        c.exec("DROP TABLE items");
        c.exec("CREATE TABLE items (n INTEGER, name VARCHAR(255), id VARCHAR(64) PRIMARY KEY)");
    });
    db_->write([](Conn& c) {
        c.exec(kInsert, {std::string("c"), std::string("three"), std::int64_t{3}});
    });
    EXPECT_EQ(count(), 1);
    db_->read([](Conn& c) {
        auto row = c.query_one("SELECT name, n FROM items WHERE id = :id", {std::string("c")});
        ASSERT_TRUE(row);
        EXPECT_EQ(row->str("name"), "three");
        EXPECT_EQ(row->i64("n"), 3);
    });
}

}  // namespace
}  // namespace onestack::db
