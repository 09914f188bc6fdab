#pragma once
// A Placement over a fresh SQLite file, with helpers that build providers
// the way the API would, and a check that the in-memory model and the
// database say the same thing.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/db/database.hpp"
#include "common/db/migrations.hpp"
#include "common/util/ids.hpp"
#include "placement/db/load.hpp"
#include "placement/db/schema.hpp"
#include "placement/ops/allocations.hpp"
#include "placement/ops/inventories.hpp"
#include "placement/ops/providers.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::testing {

class PlacementTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("onestack-placement-" + util::uuid_hex());
        std::filesystem::create_directories(dir_);
        reopen();
    }
    void TearDown() override {
        placement_.reset();
        std::filesystem::remove_all(dir_);
    }

    // (Re)opens the service on the same database file.
    void reopen() {
        placement_.reset();
        auto db = onestack::db::Database::open("sqlite:///" + (dir_ / "placement.db").string());
        onestack::db::migrate(*db, "placement", db::migrations());
        placement_ = std::make_unique<Placement>(options_, std::move(db));
    }

    Store& store() { return placement_->store(); }

    std::string provider(const std::string& name,
                         const std::vector<std::pair<std::string, std::int64_t>>& totals = {},
                         std::optional<std::string> parent = std::nullopt) {
        ops::NewProvider np{name, util::uuid_dashed(), std::move(parent)};
        auto view = ops::create_provider(store(), np);
        if (!totals.empty()) {
            std::vector<ops::InventoryInput> inputs;
            for (const auto& [rc, total] : totals) {
                Inventory inv;
                inv.total = total;
                inputs.push_back({rc, inv});
            }
            ops::set_inventories(store(), view.uuid, 0, inputs, true);
        }
        return view.uuid;
    }

    // One consumer claiming `resources` on one provider (mv 1.28 semantics).
    void claim(const std::string& consumer, const std::string& rp,
               std::vector<std::pair<std::string, std::int64_t>> resources,
               std::optional<std::int64_t> generation = std::nullopt) {
        ops::ConsumerAllocations c;
        c.consumer_uuid = consumer;
        c.allocations.push_back({rp, std::move(resources)});
        c.project_id = "project";
        c.user_id = "user";
        c.consumer_generation = generation;
        ops::AllocationOptions o;
        o.check_consumer_generation = true;
        ops::set_allocations(store(), {c}, o);
    }

    std::int64_t used(const std::string& rp, const std::string& rc) {
        return store().read([&](const Model& m) {
            const auto* p = m.provider(rp);
            return p->used(*m.resource_classes.id(rc));
        });
    }

    // The live model and a fresh load of the database agree on everything
    // the API shows.
    void expect_model_matches_database() {
        Model fresh = db::load_model(placement_->db());
        store().read([&](const Model& live) {
            ASSERT_EQ(live.providers.size(), fresh.providers.size());
            for (const auto& [id, p] : live.providers) {
                const Provider* q = fresh.provider(id);
                ASSERT_NE(q, nullptr) << p.uuid;
                EXPECT_EQ(p.uuid, q->uuid);
                EXPECT_EQ(p.name, q->name);
                EXPECT_EQ(p.generation, q->generation) << p.uuid;
                EXPECT_EQ(p.parent_id, q->parent_id);
                EXPECT_EQ(p.root_id, q->root_id);
                EXPECT_EQ(p.traits, q->traits);
                EXPECT_EQ(p.aggregates, q->aggregates);
                EXPECT_EQ(p.usage, q->usage) << p.uuid;
                EXPECT_EQ(p.consumers, q->consumers);
                ASSERT_EQ(p.inventories.size(), q->inventories.size());
                for (std::size_t i = 0; i < p.inventories.size(); ++i) {
                    EXPECT_TRUE(p.inventories[i].same_values(q->inventories[i]));
                }
            }
            ASSERT_EQ(live.consumers.size(), fresh.consumers.size());
            for (const auto& [uuid, c] : live.consumers) {
                const Consumer* d = fresh.consumer(uuid);
                ASSERT_NE(d, nullptr) << uuid;
                EXPECT_EQ(c.generation, d->generation);
                EXPECT_EQ(c.project_id, d->project_id);
                EXPECT_EQ(c.allocations.size(), d->allocations.size());
            }
        });
    }

    std::filesystem::path dir_;
    PlacementOptions options_;
    std::unique_ptr<Placement> placement_;
};

// Two schedulers racing for one slot: threads 0 and 1 call claim(0) and
// claim(1) at the same moment; returns how many of them claimed.
inline int race_two(const std::function<bool(int scheduler)>& claim) {
    std::atomic<int> won{0};
    std::barrier start(2);
    std::vector<std::thread> threads;
    for (int s = 0; s < 2; ++s) {
        threads.emplace_back([&, s] {
            start.arrive_and_wait();
            if (claim(s)) {
                ++won;
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    return won.load();
}

}  // namespace onestack::placement::testing
