// Nova's answers where the compute API must match them word for word
// (compute_api_fixture.hpp: the API's app, a stub agent, a stub image service).
#include "common/rpc/errors.hpp"
#include "compute/api/db/quota_store.hpp"
#include "compute_api_fixture.hpp"

namespace onestack::compute::testing {
namespace {

namespace json = boost::json;

// server_diagnostics.py + compute/manager.py get_diagnostics: only a running
// guest has diagnostics; otherwise InstanceInvalidState's 409 names the
// power state as power_state.STATE_MAP does.
TEST_F(ComputeApiTest, DiagnosticsOfAServerNotRunningIs409NamingItsPowerState) {
    start_agent({{"get_diagnostics", answers(json::object{{"state", "running"}})}});
    const std::pair<const char*, int> cases[] = {{vm_state::kStopped, power_state::kShutdown},
                                                 {vm_state::kPaused, power_state::kPaused},
                                                 {vm_state::kSuspended, power_state::kSuspended},
                                                 {vm_state::kError, power_state::kCrashed},
                                                 {vm_state::kActive, power_state::kNoState}};
    for (const auto& [vm, power] : cases) {
        auto uuid = add_server(vm, power);
        auto res = call(http::Verb::get, "/servers/" + uuid + "/diagnostics", nullptr, "2.48");
        EXPECT_EQ(res.status, 409u) << vm;
        EXPECT_EQ(fault_message(res), "Cannot 'get_diagnostics' instance " + uuid +
                                          " while it is in power state " +
                                          std::string(power_state_name(power)));
    }
    EXPECT_EQ(power_state_name(power_state::kShutdown), "shutdown");
    EXPECT_EQ(power_state_name(power_state::kNoState), "pending");
}

TEST_F(ComputeApiTest, DiagnosticsOfARunningServerComeFromItsAgent) {
    start_agent({{"get_diagnostics", answers(json::object{{"state", "running"}})}});
    auto uuid = add_server(vm_state::kActive, power_state::kRunning);
    auto res = call(http::Verb::get, "/servers/" + uuid + "/diagnostics", nullptr, "2.48");
    ASSERT_EQ(res.status, 200u) << res.body;
    EXPECT_EQ(json::parse(res.body).at("state").as_string(), "running");
}

// servers.py createImage / create_backup.py: up to mv 2.38 the image
// properties count against metadata_items (check_img_metadata_properties_quota),
// before the server's state is checked or an image is made; 2.39 dropped it.
class ImageMetadataQuotaTest : public ComputeApiTest {
  protected:
    void SetUp() override {
        ComputeApiTest::SetUp();
        start_agent(
            {{"snapshot_instance", answers(nullptr)}, {"backup_instance", answers(nullptr)}});
        set_limit("", 2);
    }
    void set_limit(const std::string& user, int limit) {
        api_->db().write([&](onestack::db::Conn& c) {
            api::db::set_limit(c, "project", user, "metadata_items", limit);
        });
    }
    static json::object metadata(int n) {
        json::object md;
        for (int i = 0; i < n; ++i) {
            md["k" + std::to_string(i)] = "v";
        }
        return md;
    }
    static json::object create_image(int n) {
        return {{"createImage", {{"name", "snap"}, {"metadata", metadata(n)}}}};
    }
    static json::object create_backup(int n) {
        return {{"createBackup",
                 {{"name", "bak"},
                  {"backup_type", "daily"},
                  {"rotation", 1},
                  {"metadata", metadata(n)}}}};
    }
};

TEST_F(ImageMetadataQuotaTest, CreateImageOverTheLimitIs403UpTo238) {
    auto uuid = add_server(vm_state::kActive, power_state::kRunning);
    auto res = action(uuid, create_image(3), "2.38");
    EXPECT_EQ(res.status, 403u);
    EXPECT_EQ(fault_message(res), "Image metadata limit exceeded");
    EXPECT_EQ(images_.created, 0);
    // Checked before the state: a server that cannot be snapshotted still gets the 403.
    auto building = add_server(vm_state::kBuilding, power_state::kNoState);
    EXPECT_EQ(action(building, create_image(3), "2.1").status, 403u);

    EXPECT_EQ(action(uuid, create_image(2), "2.38").status, 202u);
    EXPECT_EQ(images_.created, 1);
}

TEST_F(ImageMetadataQuotaTest, CreateImageFrom239IsNotChecked) {
    auto uuid = add_server(vm_state::kActive, power_state::kRunning);
    auto res = action(uuid, create_image(3), "2.39");
    EXPECT_EQ(res.status, 202u) << res.body;
    EXPECT_EQ(images_.created, 1);
}

TEST_F(ImageMetadataQuotaTest, CreateBackupOverTheLimitIs403UpTo238) {
    auto uuid = add_server(vm_state::kActive, power_state::kRunning);
    auto res = action(uuid, create_backup(3), "2.38");
    EXPECT_EQ(res.status, 403u);
    EXPECT_EQ(fault_message(res), "Image metadata limit exceeded");
    EXPECT_EQ(images_.created, 0);
    // backup_type is added after the check: two properties of the caller's still fit.
    EXPECT_EQ(action(uuid, create_backup(2), "2.38").status, 202u);

    auto other = add_server(vm_state::kActive, power_state::kRunning);
    EXPECT_EQ(action(other, create_backup(3), "2.39").status, 202u);
    EXPECT_EQ(images_.created, 2);
}

TEST_F(ImageMetadataQuotaTest, TheUsersOwnLimitCountsToo) {
    set_limit("", -1);
    set_limit("user", 1);
    auto uuid = add_server(vm_state::kActive, power_state::kRunning);
    auto res = action(uuid, create_image(2), "2.38");
    EXPECT_EQ(res.status, 403u);
    EXPECT_EQ(fault_message(res), "Image metadata limit exceeded");
    EXPECT_EQ(action(uuid, create_image(1), "2.38").status, 202u);
}

// admin_password.py: the agent's InstancePasswordSetFailed,
// SetAdminPasswdNotSupported and InstanceAgentNotEnabled (QEMU's included)
// are 409s with the exception's own message; NotImplementedError is 501.
TEST_F(ComputeApiTest, ChangePasswordFailuresAnswerInNovasWords) {
    struct Case {
        const char* remote_type;
        std::string message;
        unsigned status;
        std::string answer;
    };
    const Case cases[] = {
        {"QemuGuestAgentNotEnabled", "QEMU guest agent is not enabled", 409,
         "QEMU guest agent is not enabled"},
        {"InstanceAgentNotEnabled", "Guest agent is not enabled for the instance", 409,
         "Guest agent is not enabled for the instance"},
        {"SetAdminPasswdNotSupported", "Set admin password is not supported", 409,
         "Set admin password is not supported"},
        {"InstancePasswordSetFailed",
         "Failed to set admin password on x because error setting admin password", 409,
         "Failed to set admin password on x because error setting admin password"},
        {"NotImplementedError",
         "set_admin_password is not implemented by this driver or guest instance.", 501,
         "Unable to set password on instance"},
    };
    const Case* current = nullptr;
    start_agent(
        {{"set_admin_password",
          [&current](const onestack::rpc::CallContext&, const json::object&) -> json::value {
              throw onestack::rpc::HandlerError(current->remote_type, current->message);
          }}});
    for (const auto& c : cases) {
        current = &c;
        auto uuid = add_server(vm_state::kActive, power_state::kRunning);
        auto res = action(uuid, json::object{{"changePassword", {{"adminPass", "s3cret"}}}}, "2.1");
        EXPECT_EQ(res.status, c.status) << c.remote_type;
        EXPECT_EQ(fault_message(res), c.answer) << c.remote_type;
    }
}

}  // namespace
}  // namespace onestack::compute::testing
