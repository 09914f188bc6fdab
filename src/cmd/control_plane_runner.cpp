#include "cmd/control_plane_runner.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "cmd/compute_runner.hpp"
#include "cmd/settings.hpp"
#include "cmd/signals.hpp"
#include "common/auth/remote_token_validator.hpp"
#include "common/runtime/common_options.hpp"
#include "compute/conductor/conductor.hpp"
#include "compute/manager/manager.hpp"
#include "compute/manager/options.hpp"
#include "compute/reconciler/reconciler.hpp"
#include "compute/rpc/compute_client.hpp"
#include "compute/rpc/conductor_client.hpp"
#include "compute/rpc/scheduler_client.hpp"
#include "compute/scheduler/scheduler.hpp"
#include "compute/virt/fake/fake_driver.hpp"
#include "compute/virt/libvirt/connection.hpp"
#include "compute/virt/libvirt/libvirt_driver.hpp"
#include "compute/virt/libvirt/options.hpp"
#include "placement/client/placement_client.hpp"

namespace onestack::cmd {

struct ControlPlaneRunner::Impl {
    std::unique_ptr<placement::client::PlacementClient> placement;
    std::unique_ptr<compute::rpc::ConductorClient> conductor_client;
    std::unique_ptr<compute::rpc::SchedulerClient> scheduler_client;
    std::unique_ptr<compute::rpc::ComputeClient> compute_client;
    compute::scheduler::Registry registry;
    std::unique_ptr<compute::scheduler::Scheduler> scheduler;
    std::unique_ptr<compute::scheduler::SchedulerService> scheduler_service;
    std::unique_ptr<compute::conductor::Conductor> conductor;
    std::unique_ptr<compute::conductor::ConductorService> conductor_service;
    std::unique_ptr<compute::reconciler::Reconciler> reconciler;
    std::unique_ptr<compute::manager::GlanceUploader> uploader;
    std::unique_ptr<compute::manager::GlanceDownloader> downloader;
    std::vector<std::unique_ptr<compute::manager::ComputeManager>> agents;
    std::unique_ptr<compute::manager::AgentRunner> periodic;
    std::shared_ptr<rpc::Transport> transport;
    unsigned workers = 8;
    bool started = false;
};

std::string effective_compute_driver(const config::Config& conf) {
    auto driver = compute::agent_options_from(conf).driver;
    if (driver != "auto") {
        return driver;
    }
    // Decided once per process: every agent of it uses the same driver.
    static const std::string resolved = [&] {
        auto uri = conf.get_string("libvirt", "connection_uri");
        if (compute::virt::libvirt::libvirt_answers(uri)) {
            spdlog::info("compute: driver auto -> libvirt ({} answers)", uri);
            return std::string("libvirt");
        }
        spdlog::info(
            "compute: driver auto -> fake (no libvirtd at {}; scripts/start-libvirt "
            "starts one)",
            uri);
        return std::string("fake");
    }();
    return resolved;
}

std::vector<std::string> all_in_one_agent_hosts(const config::Config& conf) {
    auto driver = effective_compute_driver(conf);
    if (driver == "libvirt") {
        return {conf.get_string("DEFAULT", "host")};
    }
    return compute::fake_host_names(compute::fake_options_from(conf).hosts);
}

ControlPlaneRunner::ControlPlaneRunner(const config::Config& conf, db::Database& db,
                                       std::shared_ptr<rpc::Transport> transport,
                                       std::function<std::string()> token, bool run_services,
                                       std::vector<std::string> agent_hosts,
                                       placement::Placement* local_placement)
    : impl_(std::make_unique<Impl>()) {
    auto agent = compute::agent_options_from(conf);
    impl_->transport = transport;
    impl_->workers = static_cast<unsigned>(std::max(1, agent.workers));
    placement::client::ClientOptions po;
    po.endpoint = agent.placement_url;
    po.token = std::move(token);
    po.local = local_placement;
    impl_->placement = std::make_unique<placement::client::PlacementClient>(po);
    impl_->conductor_client = std::make_unique<compute::rpc::ConductorClient>(transport);
    impl_->scheduler_client = std::make_unique<compute::rpc::SchedulerClient>(transport);
    impl_->compute_client = std::make_unique<compute::rpc::ComputeClient>(transport);
    if (run_services) {
        compute::scheduler::register_all(impl_->registry);
        impl_->scheduler = std::make_unique<compute::scheduler::Scheduler>(
            db, *impl_->placement, compute::scheduler_options_from(conf), impl_->registry);
        impl_->scheduler_service = std::make_unique<compute::scheduler::SchedulerService>(
            transport, *impl_->scheduler, "scheduler", impl_->workers);
        compute::conductor::ConductorOptions co;
        co.allow_resize_to_same_host = conf.get_bool("compute", "allow_resize_to_same_host");
        co.task_deadline = agent.task_deadline;
        impl_->conductor = std::make_unique<compute::conductor::Conductor>(
            db, *impl_->placement, *impl_->scheduler_client, *impl_->compute_client, co);
        impl_->conductor_service = std::make_unique<compute::conductor::ConductorService>(
            transport, *impl_->conductor, "conductor", impl_->workers);
        impl_->reconciler = std::make_unique<compute::reconciler::Reconciler>(
            db, *impl_->placement, compute::reconciler_options_from(conf).interval,
            agent.task_deadline);
    }
    if (!agent_hosts.empty()) {
        impl_->uploader = std::make_unique<compute::manager::GlanceUploader>(agent.image_url);
        impl_->downloader = std::make_unique<compute::manager::GlanceDownloader>(agent.image_url);
        impl_->periodic = std::make_unique<compute::manager::AgentRunner>(agent);
        auto fake = compute::fake_options_from(conf);
        std::filesystem::path state = conf.get_string("DEFAULT", "state_path");
        bool use_libvirt = effective_compute_driver(conf) == "libvirt";
        for (const auto& host : agent_hosts) {
            std::unique_ptr<compute::virt::ComputeDriver> driver;
            if (use_libvirt) {
                driver = std::make_unique<compute::virt::libvirt::LibvirtDriver>(
                    compute::virt::libvirt::libvirt_options_from(conf));
            } else {
                compute::virt::fake::FakeDriverOptions fo;
                fo.vcpus = fake.vcpus;
                fo.memory_mb = fake.memory_mb;
                fo.local_gb = fake.local_gb;
                fo.fail_spawn =
                    std::find(fake.fail_spawn_hosts.begin(), fake.fail_spawn_hosts.end(), host) !=
                    fake.fail_spawn_hosts.end();
                fo.spawn_delay_ms = fake.spawn_delay_ms;
                fo.journal_path = (state / "fake" / (host + ".journal")).string();
                fo.snapshot_dir = (state / "fake" / "snapshots").string();
                driver = std::make_unique<compute::virt::fake::FakeDriver>(fo);
            }
            compute::manager::ManagerDeps deps{db, *impl_->placement, *impl_->conductor_client,
                                               *impl_->compute_client, impl_->uploader.get()};
            deps.downloads = impl_->downloader.get();
            impl_->agents.push_back(std::make_unique<compute::manager::ComputeManager>(
                host, std::move(driver), deps, agent));
        }
    }
}

ControlPlaneRunner::~ControlPlaneRunner() {
    stop();
}

void ControlPlaneRunner::start() {
    if (impl_->scheduler_service) {
        impl_->scheduler_service->start();
        impl_->conductor_service->start();
        impl_->reconciler->start();
    }
    // Many fake hosts in one process share the threads: a worker or two each.
    unsigned per_agent = impl_->agents.size() > 8 ? 1 : std::max(2u, impl_->workers / 2);
    for (auto& a : impl_->agents) {
        a->init_host();
        a->start_rpc(impl_->transport, per_agent);
        impl_->periodic->add(*a);
    }
    if (impl_->periodic) {
        impl_->periodic->start();
    }
    impl_->started = true;
    spdlog::info("compute control plane: {}{} agent(s)",
                 impl_->scheduler_service ? "conductor, scheduler, reconciler, " : "",
                 impl_->agents.size());
}

void ControlPlaneRunner::stop() {
    if (!impl_ || !impl_->started) {
        return;
    }
    impl_->started = false;
    if (impl_->periodic) {
        impl_->periodic->stop();
    }
    for (auto& a : impl_->agents) {
        a->stop_rpc();
    }
    if (impl_->conductor_service) {
        impl_->reconciler->stop();
        impl_->conductor_service->stop();
        impl_->scheduler_service->stop();
    }
}

int run_compute_agent(Settings& settings, const std::string& host) {
    auto& conf = *settings.conf;
    block_termination_signals();
    auto database = open_compute_db(conf);
    auto transport = rpc::make_transport(conf.get_string("DEFAULT", "transport_url"));
    auto auth =
        std::make_shared<auth::RemoteTokenValidator>(runtime::service_credentials(conf, "compute"));
    ControlPlaneRunner agent(conf, *database, transport, [auth] { return auth->service_token(); },
                             false, {host});
    agent.start();
    int sig = wait_for_termination();
    spdlog::info("signal {}: stopping", sig);
    agent.stop();
    return 0;
}

}  // namespace onestack::cmd
