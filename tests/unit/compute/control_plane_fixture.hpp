#pragma once
// Compute's control plane in one test process: a compute database (SQLite
// file), a real placement HTTP server (noauth2), a private inproc bus, the
// scheduler and conductor services, and three fake hosts with their agents.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/db/database.hpp"
#include "common/db/migrations.hpp"
#include "common/http/server.hpp"
#include "common/rpc/transport.hpp"
#include "common/util/ids.hpp"
#include "compute/conductor/conductor.hpp"
#include "compute/db/host_store.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/db/schema.hpp"
#include "compute/manager/manager.hpp"
#include "compute/objects/states.hpp"
#include "compute/rpc/compute_client.hpp"
#include "compute/rpc/conductor_client.hpp"
#include "compute/rpc/context.hpp"
#include "compute/rpc/scheduler_client.hpp"
#include "compute/scheduler/scheduler.hpp"
#include "compute/virt/fake/fake_driver.hpp"
#include "placement/api/routes.hpp"
#include "placement/client/placement_client.hpp"
#include "placement/db/schema.hpp"
#include "placement/placement.hpp"

namespace onestack::compute::testing {

// Records snapshot uploads instead of talking to an image service.
class RecordingUploader : public manager::ImageUploader {
  public:
    void upload(const RequestContext&, const std::string& image_id, const std::string& path,
                const std::string& disk_format) override {
        std::lock_guard lock(mu);
        std::ifstream in(path, std::ios::binary);
        uploads[image_id] = {std::string(std::istreambuf_iterator<char>(in), {}), disk_format};
    }
    void delete_image(const RequestContext&, const std::string& image_id) override {
        std::lock_guard lock(mu);
        deleted.push_back(image_id);
    }
    std::mutex mu;
    std::map<std::string, std::pair<std::string, std::string>> uploads;
    std::vector<std::string> deleted;
};

class ControlPlaneTest : public ::testing::Test {
  protected:
    static constexpr int kHosts = 3;

    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("onestack-compute-" + util::uuid_hex());
        std::filesystem::create_directories(dir_);
        // Placement, served over HTTP in this process.
        auto pdb = onestack::db::Database::open("sqlite:///" + (dir_ / "placement.db").string());
        onestack::db::migrate(*pdb, "placement", placement::db::migrations());
        placement::PlacementOptions po;
        po.auth_strategy = "noauth2";
        placement_ = std::make_unique<placement::Placement>(po, std::move(pdb));
        app_ = placement::api::make_app(*placement_, nullptr, "");
        http::ServerOptions so;
        so.threads = 2;
        so.access_log = false;
        server_ = std::make_unique<http::Server>(so, *app_);
        server_->start();
        placement::client::ClientOptions co;
        co.endpoint = "http://127.0.0.1:" + std::to_string(server_->port());
        co.token = [] { return std::string("admin"); };
        pclient_ = std::make_unique<placement::client::PlacementClient>(co);

        db_ = onestack::db::Database::open("sqlite:///" + (dir_ / "compute.db").string());
        onestack::db::migrate(*db_, "compute", db::migrations());
        bus_ = onestack::rpc::make_transport("inproc://compute-test-" + util::uuid_hex());
        conductor_client_ = std::make_unique<rpc::ConductorClient>(bus_);
        scheduler_client_ = std::make_unique<rpc::SchedulerClient>(bus_);
        compute_client_ = std::make_unique<rpc::ComputeClient>(bus_);

        configure();
        scheduler::register_all(registry_);
        scheduler_ =
            std::make_unique<scheduler::Scheduler>(*db_, *pclient_, sched_opts_, registry_);
        scheduler_service_ =
            std::make_unique<scheduler::SchedulerService>(bus_, *scheduler_, "test", 4);
        scheduler_service_->start();
        conductor_ = std::make_unique<conductor::Conductor>(*db_, *pclient_, *scheduler_client_,
                                                            *compute_client_, conductor_opts_);
        conductor_service_ =
            std::make_unique<conductor::ConductorService>(bus_, *conductor_, "test", 4);
        conductor_service_->start();
        for (int i = 1; i <= kHosts; ++i) {
            start_agent("fake-" + std::to_string(i));
        }
    }

    void TearDown() override {
        agents_.clear();
        conductor_service_.reset();
        scheduler_service_.reset();
        server_->stop();
        std::filesystem::remove_all(dir_);
    }

    // Hook for tests that change options before the services start.
    virtual void configure() {}

    std::string journal(const std::string& host) { return (dir_ / (host + ".journal")).string(); }

    virt::fake::FakeDriverOptions fake_options(const std::string& host) {
        virt::fake::FakeDriverOptions fo;
        fo.vcpus = 8;
        fo.memory_mb = 16384;
        fo.local_gb = 200;
        fo.journal_path = journal(host);
        fo.snapshot_dir = (dir_ / "snapshots").string();
        return fo;
    }

    // driver: a fake driver of fake_options(host) unless given.
    manager::ComputeManager& start_agent(const std::string& host,
                                         std::unique_ptr<virt::ComputeDriver> driver = nullptr) {
        if (!driver) {
            driver = std::make_unique<virt::fake::FakeDriver>(fake_options(host));
        }
        auto m = std::make_unique<manager::ComputeManager>(
            host, std::move(driver),
            manager::ManagerDeps{*db_, *pclient_, *conductor_client_, *compute_client_, &uploader_},
            agent_opts_);
        m->init_host();
        m->start_rpc(bus_, 2);
        agents_[host] = std::move(m);
        return *agents_[host];
    }

    void stop_agent(const std::string& host) { agents_.erase(host); }

    static Flavor flavor(const std::string& id, int vcpus, int ram, int disk) {
        Flavor f;
        f.id = std::stoi(id);
        f.flavorid = id;
        f.name = "f" + id;
        f.vcpus = vcpus;
        f.memory_mb = ram;
        f.root_gb = disk;
        return f;
    }

    RequestContext ctx() {
        RequestContext c;
        c.request_id = util::request_id();
        c.user_id = "user";
        c.project_id = "project";
        c.roles = {"member"};
        return c;
    }

    // Writes the instance as the API does (building / scheduling, with its
    // request spec), optionally in a group; returns the spec.
    boost::json::object new_instance(const std::string& uuid, const Flavor& f,
                                     const boost::json::object& image_props = {},
                                     const std::optional<db::InstanceGroupRow>& group = {}) {
        Instance i;
        i.uuid = uuid;
        i.project_id = "project";
        i.user_id = "user";
        i.display_name = "vm-" + uuid.substr(0, 8);
        i.vm_state = vm_state::kBuilding;
        i.task_state = task_state::kScheduling;
        i.image_ref = "image-1";
        i.flavor = f;
        boost::json::object spec{
            {"project_id", "project"}, {"user_id", "user"},
            {"flavor", f.to_json()},   {"image", {{"id", "image-1"}, {"properties", image_props}}},
            {"num_instances", 1},
        };
        if (group) {
            spec["instance_group"] = {
                {"uuid", group->uuid}, {"policy", group->policy}, {"rules", group->rules}};
        }
        db_->write([&](onestack::db::Conn& c) {
            db::insert_instance(c, i);
            db::save_request_spec(c, uuid, spec);
            db::start_action(c, uuid, "create", "req-create-" + uuid, "user", "project");
            if (group) {
                db::add_group_member(c, group->uuid, uuid);
            }
        });
        return spec;
    }

    Instance instance(const std::string& uuid) {
        return *db_->read([&](onestack::db::Conn& c) { return db::get_instance(c, uuid, true); });
    }

    // Waits for the asynchronous work to reach a state; a hang guard, not a
    // timing check (fails only if nothing happens for a long time).
    Instance wait_for(const std::string& uuid, const std::function<bool(const Instance&)>& done) {
        for (int i = 0; i < 6000; ++i) {
            auto inst = instance(uuid);
            if (done(inst)) {
                return inst;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ADD_FAILURE() << "instance " << uuid << " never reached the expected state";
        return instance(uuid);
    }

    Instance build(const std::string& uuid, const Flavor& f,
                   const boost::json::object& image_props = {},
                   const std::optional<db::InstanceGroupRow>& group = {}) {
        auto spec = new_instance(uuid, f, image_props, group);
        conductor_client_->build_instances(ctx(), {uuid}, spec);
        return wait_for(uuid, [](const Instance& i) { return i.vm_state != vm_state::kBuilding; });
    }

    std::string node_uuid(const std::string& host) {
        return db_->read(
            [&](onestack::db::Conn& c) { return db::compute_nodes_on_host(c, host).front().uuid; });
    }

    placement::client::AllocationMap allocations(const std::string& consumer) {
        return pclient_->get_allocations(consumer).allocations;
    }

    std::filesystem::path dir_;
    std::unique_ptr<placement::Placement> placement_;
    std::unique_ptr<http::Application> app_;
    std::unique_ptr<http::Server> server_;
    std::unique_ptr<placement::client::PlacementClient> pclient_;
    std::unique_ptr<onestack::db::Database> db_;
    std::shared_ptr<onestack::rpc::Transport> bus_;
    std::unique_ptr<rpc::ConductorClient> conductor_client_;
    std::unique_ptr<rpc::SchedulerClient> scheduler_client_;
    std::unique_ptr<rpc::ComputeClient> compute_client_;
    SchedulerOptions sched_opts_;
    AgentOptions agent_opts_;
    conductor::ConductorOptions conductor_opts_;
    scheduler::Registry registry_;
    std::unique_ptr<scheduler::Scheduler> scheduler_;
    std::unique_ptr<scheduler::SchedulerService> scheduler_service_;
    std::unique_ptr<conductor::Conductor> conductor_;
    std::unique_ptr<conductor::ConductorService> conductor_service_;
    RecordingUploader uploader_;
    std::map<std::string, std::unique_ptr<manager::ComputeManager>> agents_;
};

}  // namespace onestack::compute::testing
