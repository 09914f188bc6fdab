// The agent's and conductor's side of shelve/offload/unshelve, rescue,
// changePassword and diagnostics, against three fake hosts and a real
// placement (control_plane_fixture.hpp).
#include "common/rpc/errors.hpp"
#include "control_plane_fixture.hpp"

namespace onestack::compute::testing {
namespace {

using onestack::db::Conn;

void set_task(onestack::db::Database& db, const std::string& uuid, const char* task) {
    db.write([&](Conn& c) { db::update_instance(c, uuid, {{"task_state", std::string(task)}}); });
}

TEST_F(ControlPlaneTest, ShelveOffloadsAtOnceAndUnshelveSchedulesAgain) {
    auto uuid = util::uuid_dashed();
    auto inst = build(uuid, flavor("1", 1, 512, 1));
    ASSERT_EQ(inst.vm_state, vm_state::kActive);
    auto host = inst.host;
    ASSERT_FALSE(allocations(uuid).empty());

    set_task(*db_, uuid, task_state::kShelving);
    auto image = util::uuid_dashed();
    compute_client_->shelve_instance(ctx(), host, uuid, image);
    auto shelved = wait_for(uuid, [](const Instance& i) {
        return i.vm_state == vm_state::kShelvedOffloaded && i.task_state.empty();
    });
    EXPECT_EQ(shelved.host, "");
    EXPECT_EQ(shelved.system_metadata.at("shelved_image_id").as_string(), image);
    EXPECT_TRUE(allocations(uuid).empty());
    EXPECT_TRUE(agents_.at(host)->driver().list_instance_uuids().empty());
    {
        std::lock_guard lock(uploader_.mu);
        EXPECT_EQ(uploader_.uploads.count(image), 1u);
        EXPECT_TRUE(uploader_.deleted.empty());
    }

    set_task(*db_, uuid, task_state::kUnshelving);
    auto other = host == "fake-1" ? std::string("fake-2") : std::string("fake-1");
    conductor_client_->unshelve_instance(ctx(), uuid, other);
    auto back = wait_for(uuid, [](const Instance& i) {
        return i.vm_state == vm_state::kActive && i.task_state.empty();
    });
    EXPECT_EQ(back.host, other);
    EXPECT_EQ(back.power_state, power_state::kRunning);
    EXPECT_FALSE(back.system_metadata.contains("shelved_image_id"));
    auto held = allocations(uuid);
    ASSERT_EQ(held.size(), 1u);
    EXPECT_EQ(held.begin()->first, node_uuid(other));
    std::lock_guard lock(uploader_.mu);
    EXPECT_EQ(uploader_.deleted, std::vector<std::string>{image});
}

class ShelveKeepsTest : public ControlPlaneTest {
    void configure() override { agent_opts_.shelved_offload_time = -1; }
};

TEST_F(ShelveKeepsTest, ShelvedServerStaysUntilOffloadedAndUnshelvesInPlace) {
    auto uuid = util::uuid_dashed();
    auto inst = build(uuid, flavor("1", 1, 512, 1));
    auto host = inst.host;
    set_task(*db_, uuid, task_state::kShelving);
    compute_client_->shelve_instance(ctx(), host, uuid, util::uuid_dashed());
    auto shelved = wait_for(uuid, [](const Instance& i) {
        return i.vm_state == vm_state::kShelved && i.task_state.empty();
    });
    EXPECT_EQ(shelved.host, host);
    EXPECT_EQ(shelved.power_state, power_state::kShutdown);
    EXPECT_FALSE(allocations(uuid).empty());

    set_task(*db_, uuid, task_state::kUnshelving);
    conductor_client_->unshelve_instance(ctx(), uuid, "");
    auto back = wait_for(uuid, [](const Instance& i) { return i.task_state.empty(); });
    EXPECT_EQ(back.vm_state, vm_state::kActive);
    EXPECT_EQ(back.host, host);
    EXPECT_EQ(agents_.at(host)->driver().instance_info(back).power_state, power_state::kRunning);

    set_task(*db_, uuid, task_state::kShelving);
    compute_client_->shelve_instance(ctx(), host, uuid, util::uuid_dashed());
    wait_for(uuid, [](const Instance& i) {
        return i.vm_state == vm_state::kShelved && i.task_state.empty();
    });
    set_task(*db_, uuid, task_state::kShelvingOffloading);
    compute_client_->shelve_offload_instance(ctx(), host, uuid);
    auto offloaded = wait_for(uuid, [](const Instance& i) { return i.task_state.empty(); });
    EXPECT_EQ(offloaded.vm_state, vm_state::kShelvedOffloaded);
    EXPECT_TRUE(allocations(uuid).empty());
}

TEST_F(ControlPlaneTest, RescuePasswordAndDiagnosticsGoThroughTheDriver) {
    auto uuid = util::uuid_dashed();
    auto inst = build(uuid, flavor("1", 2, 512, 1));
    auto host = inst.host;

    set_task(*db_, uuid, task_state::kRescuing);
    compute_client_->rescue_instance(ctx(), host, uuid, "", "secret");
    auto rescued = wait_for(uuid, [](const Instance& i) { return i.task_state.empty(); });
    EXPECT_EQ(rescued.vm_state, vm_state::kRescued);
    set_task(*db_, uuid, task_state::kUnrescuing);
    compute_client_->unrescue_instance(ctx(), host, uuid);
    auto active = wait_for(uuid, [](const Instance& i) { return i.task_state.empty(); });
    EXPECT_EQ(active.vm_state, vm_state::kActive);

    set_task(*db_, uuid, task_state::kUpdatingPassword);
    compute_client_->set_admin_password(ctx(), host, uuid, "new-password");
    EXPECT_EQ(instance(uuid).task_state, "");

    auto d = compute_client_->get_diagnostics(ctx(), host, uuid);
    EXPECT_EQ(d.at("state").as_string(), "running");
    EXPECT_EQ(d.at("num_cpus").as_int64(), 2);
    EXPECT_EQ(d.at("memory_details").at("maximum").as_int64(), 512);

    // A powered-off guest takes no password: the call fails with Nova's error.
    db_->write([&](Conn& c) {
        db::update_instance(c, uuid, {{"task_state", std::string(task_state::kPoweringOff)}});
    });
    compute_client_->stop_instance(ctx(), host, uuid);
    wait_for(uuid, [](const Instance& i) { return i.task_state.empty(); });
    set_task(*db_, uuid, task_state::kUpdatingPassword);
    try {
        compute_client_->set_admin_password(ctx(), host, uuid, "again");
        ADD_FAILURE() << "set_admin_password on a stopped guest succeeded";
    } catch (const onestack::rpc::RpcError& e) {
        EXPECT_EQ(e.remote_type, "InstancePasswordSetFailed");
        EXPECT_EQ(e.message, "Failed to set admin password on " + uuid + " because instance " +
                                 uuid + " is not running");
    }
    EXPECT_EQ(instance(uuid).task_state, "");
}

// A guest without the agent a password needs, or a driver failing for its
// own reasons (words that stay in the log, as nova's do).
class PasswordFailsDriver : public virt::fake::FakeDriver {
  public:
    using FakeDriver::FakeDriver;
    void set_admin_password(const Instance& instance, const std::string& password) override {
        if (password == "no-agent") {
            throw virt::GuestAgentNotEnabled("QEMU guest agent is not enabled");
        }
        throw virt::DriverError("driver detail that must not reach the caller");
    }
};

TEST_F(ControlPlaneTest, PasswordFailuresReachTheCallerAsNovasExceptions) {
    auto uuid = util::uuid_dashed();
    auto host = build(uuid, flavor("1", 1, 512, 1)).host;
    stop_agent(host);  // the same host again (its guests are in the journal), on the failing driver
    start_agent(host, std::make_unique<PasswordFailsDriver>(fake_options(host)));
    auto failure = [&](const std::string& password) -> onestack::rpc::RpcError {
        set_task(*db_, uuid, task_state::kUpdatingPassword);
        try {
            compute_client_->set_admin_password(ctx(), host, uuid, password);
        } catch (const onestack::rpc::RpcError& e) {
            EXPECT_EQ(instance(uuid).task_state, "");
            return e;
        }
        ADD_FAILURE() << "set_admin_password succeeded";
        return onestack::rpc::RpcError(onestack::rpc::ErrorKind::remote_error, "");
    };
    auto no_agent = failure("no-agent");
    EXPECT_EQ(no_agent.remote_type, "QemuGuestAgentNotEnabled");
    EXPECT_EQ(no_agent.message, "QEMU guest agent is not enabled");
    auto other = failure("anything");
    EXPECT_EQ(other.remote_type, "InstancePasswordSetFailed");
    EXPECT_EQ(other.message,
              "Failed to set admin password on " + uuid + " because error setting admin password");
}

}  // namespace
}  // namespace onestack::compute::testing
