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

}  // namespace
}  // namespace onestack::compute::testing
