#pragma once
// Compute's control plane as running services: conductor (with the
// reconciler), scheduler, and compute agents, all on one transport, with
// placement reached over REST. The all-in-one runs all of them; `onestack
// compute-agent --host H` runs one agent. (In the all-in-one the scheduler
// reads allocation candidates from the in-process placement directly.)
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/config/config.hpp"
#include "common/db/database.hpp"
#include "common/rpc/transport.hpp"

namespace onestack::placement {
class Placement;
}

namespace onestack::cmd {

class ControlPlaneRunner {
  public:
    // token: a token with the admin role for placement calls.
    // run_services: conductor, scheduler and reconciler in this process.
    // agent_hosts: an agent for each (with [compute] driver).
    // local_placement: placement when it runs in this process (the
    // all-in-one); the scheduler then reads allocation candidates from it
    // directly instead of over HTTP.
    ControlPlaneRunner(const config::Config& conf, db::Database& db,
                       std::shared_ptr<rpc::Transport> transport,
                       std::function<std::string()> token, bool run_services,
                       std::vector<std::string> agent_hosts,
                       placement::Placement* local_placement = nullptr);
    ~ControlPlaneRunner();
    void start();
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// `onestack compute-agent --host H`: one agent, its placement token from
// [compute] auth_url / service_* options; runs until SIGTERM/SIGINT.
struct Settings;
int run_compute_agent(Settings& settings, const std::string& host);

// [compute] driver with 'auto' resolved (libvirt when libvirtd answers).
std::string effective_compute_driver(const config::Config& conf);
// The agents the all-in-one runs: fake-1 .. fake-N with the fake driver,
// [DEFAULT] host with libvirt.
std::vector<std::string> all_in_one_agent_hosts(const config::Config& conf);

}  // namespace onestack::cmd
