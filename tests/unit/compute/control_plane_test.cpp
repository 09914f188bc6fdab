// The control plane end to end over the bus: conductor -> scheduler ->
// placement claim -> agent -> fake driver, and what happens when things fail.
#include <fstream>
#include <set>

#include "common/util/time.hpp"
#include "compute/reconciler/reconciler.hpp"
#include "control_plane_fixture.hpp"

namespace onestack::compute::testing {
namespace {

using onestack::db::Conn;

TEST_F(ControlPlaneTest, BuildGoesActiveWithItsClaimInPlacement) {
    auto uuid = util::uuid_dashed();
    auto inst = build(uuid, flavor("1", 2, 2048, 10));
    EXPECT_EQ(inst.vm_state, vm_state::kActive);
    EXPECT_EQ(inst.task_state, "");
    EXPECT_EQ(inst.power_state, power_state::kRunning);
    ASSERT_FALSE(inst.host.empty());
    EXPECT_EQ(inst.node, inst.host);
    EXPECT_FALSE(inst.launched_at.empty());
    auto held = allocations(uuid);
    ASSERT_EQ(held.size(), 1u);
    const auto& [rp, resources] = *held.begin();
    EXPECT_EQ(rp, node_uuid(inst.host));
    EXPECT_EQ(resources.at("VCPU"), 2);
    EXPECT_EQ(resources.at("MEMORY_MB"), 2048);
    EXPECT_EQ(resources.at("DISK_GB"), 10);
    auto guests = agents_.at(inst.host)->driver().list_instance_uuids();
    EXPECT_EQ(guests, std::vector<std::string>{uuid});
}

TEST_F(ControlPlaneTest, AntiAffinitySpreadsThreeAndTheFourthHasNoValidHost) {
    db::InstanceGroupRow group{util::uuid_dashed(), "spread", "anti-affinity", {}, {}};
    db_->write([&](Conn& c) { db::insert_instance_group(c, group, "project", "user"); });
    std::set<std::string> hosts;
    for (int i = 0; i < 3; ++i) {
        auto inst = build(util::uuid_dashed(), flavor("1", 1, 512, 1), {}, group);
        ASSERT_EQ(inst.vm_state, vm_state::kActive);
        hosts.insert(inst.host);
    }
    EXPECT_EQ(hosts.size(), 3u);
    auto fourth = util::uuid_dashed();
    auto inst = build(fourth, flavor("1", 1, 512, 1), {}, group);
    EXPECT_EQ(inst.vm_state, vm_state::kError);
    EXPECT_EQ(inst.task_state, "");
    EXPECT_EQ(inst.host, "");
    auto fault = db_->read([&](Conn& c) { return db::latest_fault(c, fourth); });
    ASSERT_TRUE(fault);
    EXPECT_EQ(fault->message, "No valid host was found. There are not enough hosts available.");
    EXPECT_EQ(fault->code, 500);
    EXPECT_TRUE(allocations(fourth).empty());
}

TEST_F(ControlPlaneTest, ConcurrentAntiAffinityBuildsNeverShareAHost) {
    db::InstanceGroupRow group{util::uuid_dashed(), "race", "anti-affinity", {}, {}};
    db_->write([&](Conn& c) { db::insert_instance_group(c, group, "project", "user"); });
    std::vector<std::string> uuids;
    std::vector<boost::json::object> specs;
    for (int i = 0; i < 6; ++i) {
        uuids.push_back(util::uuid_dashed());
        specs.push_back(new_instance(uuids.back(), flavor("1", 1, 512, 1), {}, group));
    }
    for (int i = 0; i < 6; ++i) {  // all in flight at once
        conductor_client_->build_instances(ctx(), {uuids[i]}, specs[i]);
    }
    std::multiset<std::string> hosts;
    int errors = 0;
    for (const auto& u : uuids) {
        auto inst =
            wait_for(u, [](const Instance& i) { return i.vm_state != vm_state::kBuilding; });
        if (inst.vm_state == vm_state::kActive) {
            hosts.insert(inst.host);
        } else {
            EXPECT_EQ(inst.vm_state, vm_state::kError);
            EXPECT_TRUE(allocations(u).empty());
            ++errors;
        }
    }
    EXPECT_EQ(hosts.size(), 3u);
    EXPECT_EQ(std::set<std::string>(hosts.begin(), hosts.end()).size(), 3u);
    EXPECT_EQ(errors, 3);
}

TEST_F(ControlPlaneTest, OneRequestForSeveralInstancesFillsHostsWithoutOvercommit) {
    // (16384 - 512 reserved) * 1.5 = 23808 MB per host: 8000 MB servers fit two per host.
    std::vector<std::string> uuids;
    boost::json::object spec;
    for (int i = 0; i < 7; ++i) {
        uuids.push_back(util::uuid_dashed());
        spec = new_instance(uuids.back(), flavor("3", 1, 8000, 1));
    }
    spec["num_instances"] = 7;
    conductor_client_->build_instances(ctx(), uuids, spec);
    std::map<std::string, int> per_host;
    int errors = 0;
    for (const auto& u : uuids) {
        auto inst =
            wait_for(u, [](const Instance& i) { return i.vm_state != vm_state::kBuilding; });
        if (inst.vm_state == vm_state::kActive) {
            ++per_host[inst.host];
        } else {
            ++errors;
        }
    }
    // Seven do not fit in six slots: the request fails as a whole, as Nova's does.
    EXPECT_EQ(errors, 7);
    for (const auto& u : uuids) {
        EXPECT_TRUE(allocations(u).empty());
    }
    std::vector<std::string> six(uuids.begin(), uuids.begin() + 6);
    auto spec6 = spec;
    spec6["num_instances"] = 6;
    for (const auto& u : six) {
        db_->write([&](Conn& c) {
            db::update_instance(c, u,
                                {{"vm_state", std::string(vm_state::kBuilding)},
                                 {"task_state", std::string(task_state::kScheduling)}});
        });
    }
    conductor_client_->build_instances(ctx(), six, spec6);
    for (const auto& u : six) {
        auto inst =
            wait_for(u, [](const Instance& i) { return i.vm_state != vm_state::kBuilding; });
        EXPECT_EQ(inst.vm_state, vm_state::kActive);
        ++per_host[inst.host];
    }
    EXPECT_EQ(per_host.size(), 3u);
    for (const auto& [h, n] : per_host) {
        EXPECT_EQ(n, 2) << h;
    }
}

TEST_F(ControlPlaneTest, AffinityKeepsMembersTogether) {
    db::InstanceGroupRow group{util::uuid_dashed(), "pack", "affinity", {}, {}};
    db_->write([&](Conn& c) { db::insert_instance_group(c, group, "project", "user"); });
    std::set<std::string> hosts;
    for (int i = 0; i < 3; ++i) {
        auto inst = build(util::uuid_dashed(), flavor("1", 1, 512, 1), {}, group);
        ASSERT_EQ(inst.vm_state, vm_state::kActive);
        hosts.insert(inst.host);
    }
    EXPECT_EQ(hosts.size(), 1u);
}

TEST_F(ControlPlaneTest, FailedSpawnReschedulesToAnAlternate) {
    auto uuid = util::uuid_dashed();
    // Spawns fail on two of the three hosts, whichever the scheduler tries first.
    auto inst =
        build(uuid, flavor("1", 1, 512, 1), {{virt::fake::kFailSpawnProperty, "fake-1,fake-2"}});
    EXPECT_EQ(inst.vm_state, vm_state::kActive);
    EXPECT_EQ(inst.host, "fake-3");
    auto held = allocations(uuid);
    ASSERT_EQ(held.size(), 1u);
    EXPECT_EQ(held.begin()->first, node_uuid("fake-3"));
    EXPECT_TRUE(agents_.at("fake-1")->driver().list_instance_uuids().empty());
    EXPECT_TRUE(agents_.at("fake-2")->driver().list_instance_uuids().empty());
}

TEST_F(ControlPlaneTest, SpawnFailingEverywhereEndsInErrorWithAFault) {
    auto uuid = util::uuid_dashed();
    auto inst = build(uuid, flavor("1", 1, 512, 1), {{virt::fake::kFailSpawnProperty, "*"}});
    EXPECT_EQ(inst.vm_state, vm_state::kError);
    auto fault = db_->read([&](Conn& c) { return db::latest_fault(c, uuid); });
    ASSERT_TRUE(fault);
    EXPECT_NE(fault->message.find("failure injection"), std::string::npos) << fault->message;
    EXPECT_TRUE(allocations(uuid).empty());
}

TEST_F(ControlPlaneTest, ReconcilerMovesAStuckBuildToError) {
    auto uuid = util::uuid_dashed();
    new_instance(uuid, flavor("1", 1, 512, 1));  // written, never sent: its conductor "died"
    db_->write([&](Conn& c) {
        db::update_instance(c, uuid, {{"task_deadline", std::int64_t{100}}});
    });
    reconciler::Reconciler r(*db_, *pclient_, 30);
    auto swept = r.sweep(99);  // not yet due
    EXPECT_EQ(swept.errored, 0);
    EXPECT_EQ(instance(uuid).vm_state, vm_state::kBuilding);
    swept = r.sweep(101);
    EXPECT_EQ(swept.errored, 1);
    auto inst = instance(uuid);
    EXPECT_EQ(inst.vm_state, vm_state::kError);
    EXPECT_EQ(inst.task_state, "");
    auto fault = db_->read([&](Conn& c) { return db::latest_fault(c, uuid); });
    ASSERT_TRUE(fault);
    EXPECT_EQ(fault->message, "Task scheduling did not finish before its deadline");
    EXPECT_EQ(r.sweep(1000).errored, 0);  // settled: nothing left to do
}

TEST_F(ControlPlaneTest, ReconcilerAlsoCatchesTasksWrittenWithoutADeadline) {
    auto uuid = util::uuid_dashed();
    new_instance(uuid, flavor("1", 1, 512, 1));  // no task_deadline, as a careless writer would
    reconciler::Reconciler r(*db_, *pclient_, 30, 600);
    EXPECT_EQ(r.sweep(util::now_unix()).errored, 0);  // just written: not stale
    db_->write([&](Conn& c) {
        c.exec("UPDATE instances SET updated_at = '2000-01-01T00:00:00.000000' WHERE uuid = :u",
               {uuid});
    });
    EXPECT_EQ(r.sweep(util::now_unix()).errored, 1);
    EXPECT_EQ(instance(uuid).vm_state, vm_state::kError);
}

TEST_F(ControlPlaneTest, ReconcilerClearsAStuckRebootAndFinishesAStuckDelete) {
    auto a = util::uuid_dashed();
    auto b = util::uuid_dashed();
    ASSERT_EQ(build(a, flavor("1", 1, 512, 1)).vm_state, vm_state::kActive);
    ASSERT_EQ(build(b, flavor("1", 1, 512, 1)).vm_state, vm_state::kActive);
    db_->write([&](Conn& c) {
        db::update_instance(c, a,
                            {{"task_state", std::string(task_state::kRebooting)},
                             {"task_deadline", std::int64_t{100}}});
        db::update_instance(c, b,
                            {{"task_state", std::string(task_state::kDeleting)},
                             {"task_deadline", std::int64_t{100}}});
    });
    reconciler::Reconciler r(*db_, *pclient_, 30);
    auto swept = r.sweep(200);
    EXPECT_EQ(swept.finished, 2);
    EXPECT_EQ(instance(a).vm_state, vm_state::kActive);
    EXPECT_EQ(instance(a).task_state, "");
    EXPECT_TRUE(instance(b).deleted);
    EXPECT_TRUE(allocations(b).empty());
}

TEST_F(ControlPlaneTest, RestartedAgentRecoversInterruptedWork) {
    // Three servers on fake-1, then the agent "dies" mid-way through work on each.
    std::vector<std::string> uuids;
    for (int i = 0; i < 3; ++i) {
        auto uuid = util::uuid_dashed();
        auto spec = new_instance(uuid, flavor("1", 1, 512, 1));
        spec["force_hosts"] = boost::json::array{"fake-1"};
        conductor_client_->build_instances(ctx(), {uuid}, spec);
        ASSERT_EQ(
            wait_for(uuid, [](const Instance& x) { return x.vm_state != vm_state::kBuilding; })
                .host,
            "fake-1");
        uuids.push_back(uuid);
    }
    stop_agent("fake-1");
    db_->write([&](Conn& c) {
        // Spawned but the final write was lost.
        db::update_instance(c, uuids[0],
                            {{"vm_state", std::string(vm_state::kBuilding)},
                             {"task_state", std::string(task_state::kSpawning)}});
        // Stop requested, never done.
        db::update_instance(c, uuids[1], {{"task_state", std::string(task_state::kPoweringOff)}});
        // Delete requested, never done.
        db::update_instance(c, uuids[2], {{"task_state", std::string(task_state::kDeleting)}});
    });
    // A building server whose guest never came up.
    auto lost = util::uuid_dashed();
    new_instance(lost, flavor("1", 1, 512, 1));
    db_->write([&](Conn& c) {
        db::update_instance(c, lost,
                            {{"host", std::string("fake-1")},
                             {"node", std::string("fake-1")},
                             {"task_state", std::string(task_state::kSpawning)}});
    });

    start_agent("fake-1");  // init_host, with the guests the journal kept

    auto a = instance(uuids[0]);
    EXPECT_EQ(a.vm_state, vm_state::kActive);
    EXPECT_EQ(a.task_state, "");
    auto b = instance(uuids[1]);
    EXPECT_EQ(b.vm_state, vm_state::kStopped);
    EXPECT_EQ(b.power_state, power_state::kShutdown);
    auto c = instance(uuids[2]);
    EXPECT_TRUE(c.deleted);
    EXPECT_TRUE(allocations(uuids[2]).empty());
    auto d = instance(lost);
    EXPECT_EQ(d.vm_state, vm_state::kError);
    auto guests = agents_.at("fake-1")->driver().list_instance_uuids();
    std::sort(guests.begin(), guests.end());
    std::vector<std::string> want{uuids[0], uuids[1]};
    std::sort(want.begin(), want.end());
    EXPECT_EQ(guests, want);
}

class ResizeTest : public ControlPlaneTest {
  protected:
    std::string start_move(const std::string& uuid, const std::optional<Flavor>& new_flavor) {
        auto migration = util::uuid_dashed();
        auto inst = instance(uuid);
        db_->write([&](Conn& c) {
            db::MigrationRow m;
            m.uuid = migration;
            m.instance_uuid = uuid;
            m.migration_type = new_flavor ? "resize" : "migration";
            m.status = "pre-migrating";
            m.source_compute = inst.host;
            m.source_node = inst.node;
            db::insert_migration(c, m);
            db::update_instance(c, uuid, {{"task_state", std::string(task_state::kResizePrep)}},
                                std::vector<std::string>{""});
        });
        conductor_client_->migrate_server(ctx(), uuid, new_flavor, migration);
        wait_for(uuid, [](const Instance& i) { return i.task_state.empty(); });
        return migration;
    }
    db::MigrationRow migration(const std::string& uuid) {
        return *db_->read([&](Conn& c) { return db::get_migration(c, uuid); });
    }
};

TEST_F(ResizeTest, ResizeThenConfirmMovesAllocations) {
    auto uuid = util::uuid_dashed();
    auto before = build(uuid, flavor("1", 1, 512, 1));
    ASSERT_EQ(before.vm_state, vm_state::kActive);
    auto mig = start_move(uuid, flavor("2", 2, 1024, 2));
    auto after = instance(uuid);
    ASSERT_EQ(after.vm_state, vm_state::kResized);
    EXPECT_NE(after.host, before.host);
    EXPECT_EQ(after.flavor.flavorid, "2");
    ASSERT_TRUE(after.old_flavor);
    EXPECT_EQ(after.old_flavor->flavorid, "1");
    EXPECT_EQ(migration(mig).status, "finished");
    // The instance holds the new flavor on the destination, the migration the old on the source.
    auto held = allocations(uuid);
    ASSERT_EQ(held.size(), 1u);
    EXPECT_EQ(held.begin()->first, node_uuid(after.host));
    EXPECT_EQ(held.begin()->second.at("MEMORY_MB"), 1024);
    auto source = allocations(mig);
    ASSERT_EQ(source.size(), 1u);
    EXPECT_EQ(source.begin()->first, node_uuid(before.host));
    EXPECT_EQ(source.begin()->second.at("MEMORY_MB"), 512);

    db_->write([&](Conn& c) {
        db::update_migration(c, mig, {{"status", std::string("confirming")}});
    });
    compute_client_->confirm_resize(ctx(), before.host, uuid, mig);
    auto done = wait_for(uuid, [](const Instance& i) { return i.vm_state == vm_state::kActive; });
    EXPECT_FALSE(done.old_flavor);
    EXPECT_EQ(migration(mig).status, "confirmed");
    EXPECT_TRUE(allocations(mig).empty());
    EXPECT_EQ(allocations(uuid).begin()->second.at("MEMORY_MB"), 1024);
    EXPECT_TRUE(agents_.at(before.host)->driver().list_instance_uuids().empty());
    EXPECT_EQ(agents_.at(after.host)->driver().list_instance_uuids(),
              std::vector<std::string>{uuid});
}

TEST_F(ResizeTest, ResizeThenRevertRestoresTheSource) {
    auto uuid = util::uuid_dashed();
    auto before = build(uuid, flavor("1", 1, 512, 1));
    ASSERT_EQ(before.vm_state, vm_state::kActive);
    auto mig = start_move(uuid, flavor("2", 2, 1024, 2));
    auto resized = instance(uuid);
    ASSERT_EQ(resized.vm_state, vm_state::kResized);
    db_->write([&](Conn& c) {
        db::update_instance(c, uuid, {{"task_state", std::string(task_state::kResizeReverting)}});
        db::update_migration(c, mig, {{"status", std::string("reverting")}});
    });
    compute_client_->revert_resize(ctx(), resized.host, uuid, mig);
    auto done = wait_for(uuid, [](const Instance& i) { return i.vm_state == vm_state::kActive; });
    EXPECT_EQ(done.host, before.host);
    EXPECT_EQ(done.flavor.flavorid, "1");
    EXPECT_EQ(migration(mig).status, "reverted");
    EXPECT_TRUE(allocations(mig).empty());
    auto held = allocations(uuid);
    ASSERT_EQ(held.size(), 1u);
    EXPECT_EQ(held.begin()->first, node_uuid(before.host));
    EXPECT_EQ(held.begin()->second.at("MEMORY_MB"), 512);
    EXPECT_TRUE(agents_.at(resized.host)->driver().list_instance_uuids().empty());
    EXPECT_EQ(agents_.at(before.host)->driver().list_instance_uuids(),
              std::vector<std::string>{uuid});
}

TEST_F(ResizeTest, ColdMigrationMovesToAnotherHost) {
    auto uuid = util::uuid_dashed();
    auto before = build(uuid, flavor("1", 1, 512, 1));
    ASSERT_EQ(before.vm_state, vm_state::kActive);
    auto mig = start_move(uuid, std::nullopt);
    auto moved = instance(uuid);
    ASSERT_EQ(moved.vm_state, vm_state::kResized);
    EXPECT_NE(moved.host, before.host);
    EXPECT_EQ(moved.flavor.flavorid, "1");
    EXPECT_EQ(allocations(uuid).begin()->first, node_uuid(moved.host));
    EXPECT_EQ(allocations(mig).begin()->first, node_uuid(before.host));
    compute_client_->confirm_resize(ctx(), before.host, uuid, mig);
    wait_for(uuid, [](const Instance& i) { return i.vm_state == vm_state::kActive; });
    EXPECT_TRUE(allocations(mig).empty());
}

TEST_F(ControlPlaneTest, ServerActionsChangeStateThroughTheDriver) {
    auto uuid = util::uuid_dashed();
    auto inst = build(uuid, flavor("1", 1, 512, 1));
    ASSERT_EQ(inst.vm_state, vm_state::kActive);
    auto step = [&](const char* task, const std::function<void()>& send, const char* vm,
                    int power) {
        db_->write([&](Conn& c) {
            db::update_instance(c, uuid, {{"task_state", std::string(task)}});
        });
        send();
        auto after = wait_for(uuid, [](const Instance& i) { return i.task_state.empty(); });
        EXPECT_EQ(after.vm_state, vm) << task;
        EXPECT_EQ(after.power_state, power) << task;
        EXPECT_EQ(agents_.at(inst.host)->driver().instance_info(after).power_state, power) << task;
    };
    auto h = inst.host;
    step(
        task_state::kPoweringOff, [&] { compute_client_->stop_instance(ctx(), h, uuid); },
        vm_state::kStopped, power_state::kShutdown);
    step(
        task_state::kPoweringOn, [&] { compute_client_->start_instance(ctx(), h, uuid); },
        vm_state::kActive, power_state::kRunning);
    step(
        task_state::kPausing, [&] { compute_client_->pause_instance(ctx(), h, uuid); },
        vm_state::kPaused, power_state::kPaused);
    step(
        task_state::kUnpausing, [&] { compute_client_->unpause_instance(ctx(), h, uuid); },
        vm_state::kActive, power_state::kRunning);
    step(
        task_state::kSuspending, [&] { compute_client_->suspend_instance(ctx(), h, uuid); },
        vm_state::kSuspended, power_state::kSuspended);
    step(
        task_state::kResuming, [&] { compute_client_->resume_instance(ctx(), h, uuid); },
        vm_state::kActive, power_state::kRunning);
    step(
        task_state::kRebootingHard,
        [&] { compute_client_->reboot_instance(ctx(), h, uuid, "HARD"); }, vm_state::kActive,
        power_state::kRunning);
    step(
        task_state::kRebuilding,
        [&] { compute_client_->rebuild_instance(ctx(), h, uuid, "image-2"); }, vm_state::kActive,
        power_state::kRunning);
    EXPECT_EQ(instance(uuid).image_ref, "image-2");
    EXPECT_EQ(compute_client_->get_console_output(ctx(), h, uuid, 1), "LAST LINE");

    db_->write([&](Conn& c) {
        db::update_instance(c, uuid, {{"task_state", std::string(task_state::kDeleting)}});
    });
    compute_client_->terminate_instance(ctx(), h, uuid);
    auto gone = wait_for(uuid, [](const Instance& i) { return i.deleted; });
    EXPECT_EQ(gone.vm_state, vm_state::kDeleted);
    EXPECT_TRUE(allocations(uuid).empty());
    EXPECT_TRUE(agents_.at(h)->driver().list_instance_uuids().empty());
}

TEST_F(ControlPlaneTest, SnapshotUploadsTheDriversImage) {
    auto uuid = util::uuid_dashed();
    auto inst = build(uuid, flavor("1", 1, 512, 1));
    ASSERT_EQ(inst.vm_state, vm_state::kActive);
    db_->write([&](Conn& c) {
        db::update_instance(c, uuid, {{"task_state", std::string(task_state::kImageSnapshot)}});
    });
    auto image = util::uuid_dashed();
    compute_client_->snapshot_instance(ctx(), inst.host, uuid, image);
    auto after = wait_for(uuid, [](const Instance& i) { return i.task_state.empty(); });
    EXPECT_EQ(after.vm_state, vm_state::kActive);
    std::lock_guard lock(uploader_.mu);
    ASSERT_EQ(uploader_.uploads.count(image), 1u);
    EXPECT_EQ(uploader_.uploads[image].second, "raw");
    EXPECT_NE(uploader_.uploads[image].first.find(uuid), std::string::npos);
}

TEST_F(ControlPlaneTest, HeartbeatsAndInventoryReachTheDatabaseAndPlacement) {
    auto services = db_->read([&](Conn& c) { return db::list_services(c, "nova-compute"); });
    ASSERT_EQ(services.size(), 3u);
    auto count = services.front().report_count;
    agents_.at(services.front().host)->heartbeat();
    auto again = db_->read([&](Conn& c) { return db::list_services(c, "nova-compute"); });
    EXPECT_EQ(again.front().report_count, count + 1);
    auto inv = pclient_->get_inventories(node_uuid("fake-2"));
    EXPECT_EQ(inv.at("VCPU").total, 8);
    EXPECT_EQ(inv.at("VCPU").allocation_ratio, 16.0);
    EXPECT_EQ(inv.at("MEMORY_MB").total, 16384);
    EXPECT_EQ(inv.at("MEMORY_MB").reserved, 512);
    EXPECT_EQ(inv.at("DISK_GB").total, 200);
}

}  // namespace
}  // namespace onestack::compute::testing
