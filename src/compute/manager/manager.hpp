#pragma once
// The compute agent of one host (nova/compute/manager.py ComputeManager):
// every server action through the driver, one lock per instance, the
// resource tracker reporting to the database and placement, the service
// heartbeat, power state sync and init_host recovery after a restart.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "common/db/database.hpp"
#include "common/rpc/server.hpp"
#include "compute/manager/image_download.hpp"
#include "compute/manager/image_upload.hpp"
#include "compute/manager/options.hpp"
#include "compute/rpc/compute_client.hpp"
#include "compute/rpc/conductor_client.hpp"
#include "compute/virt/driver.hpp"
#include "placement/client/placement_client.hpp"

namespace onestack::compute::manager {

// One mutex per instance uuid, alive while someone holds or waits for it
// (nova's @utils.synchronized(instance.uuid)).
class InstanceLocks {
  public:
    class Guard {
      public:
        Guard(InstanceLocks& owner, std::string uuid);
        ~Guard();
        Guard(const Guard&) = delete;
        Guard& operator=(const Guard&) = delete;

      private:
        InstanceLocks& owner_;
        std::string uuid_;
    };

  private:
    struct Entry {
        std::mutex mu;
        int users = 0;
    };
    std::mutex mu_;
    std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;
};

struct ManagerDeps {
    onestack::db::Database& db;
    placement::client::PlacementClient& placement;
    const rpc::ConductorClient& conductor;
    const rpc::ComputeClient& compute;
    ImageUploader* images = nullptr;  // snapshots fail without one
    // Image data for drivers that boot from local files (libvirt's cache).
    ImageDownloader* downloads = nullptr;
};

class ComputeManager {
  public:
    ComputeManager(std::string host, std::unique_ptr<virt::ComputeDriver> driver, ManagerDeps deps,
                   AgentOptions options);
    ~ComputeManager();

    const std::string& host() const { return host_; }
    virt::ComputeDriver& driver() { return *driver_; }

    // Driver up, service row, resources reported, then the instances this
    // host owns brought back to a settled state.
    void init_host();
    // Listens on compute.<host>; `workers` handlers at once.
    void start_rpc(std::shared_ptr<onestack::rpc::Transport> bus, unsigned workers);
    void stop_rpc();

    // Periodic tasks (AgentRunner calls them; tests call them directly).
    void heartbeat();
    void update_available_resource();
    void sync_power_states();
    // Offloads servers shelved longer than shelved_offload_time (shelve.cpp).
    void offload_shelved();

    // Handlers of rpc/README.md's compute methods.
    void build_and_run_instance(const RequestContext& ctx, const std::string& uuid,
                                const boost::json::object& spec,
                                const boost::json::array& alternates, const std::string& node);
    void terminate_instance(const RequestContext& ctx, const std::string& uuid);
    void reboot_instance(const RequestContext& ctx, const std::string& uuid, bool hard);
    void stop_instance(const RequestContext& ctx, const std::string& uuid);
    void start_instance(const RequestContext& ctx, const std::string& uuid);
    void pause_instance(const RequestContext& ctx, const std::string& uuid);
    void unpause_instance(const RequestContext& ctx, const std::string& uuid);
    void suspend_instance(const RequestContext& ctx, const std::string& uuid);
    void resume_instance(const RequestContext& ctx, const std::string& uuid);
    // injected_files: [[path, base64 contents], ...] to put in the new guest.
    void rebuild_instance(const RequestContext& ctx, const std::string& uuid,
                          const std::string& image_ref,
                          const boost::json::array& injected_files = {});
    void snapshot_instance(const RequestContext& ctx, const std::string& uuid,
                           const std::string& image_id);
    void backup_instance(const RequestContext& ctx, const std::string& uuid,
                         const std::string& image_id, const std::string& backup_type, int rotation);
    std::string get_console_output(const RequestContext& ctx, const std::string& uuid, int length);
    void prep_resize(const RequestContext& ctx, const std::string& uuid, const Flavor& new_flavor,
                     const std::string& migration_uuid, const boost::json::object& spec);
    void resize_instance(const RequestContext& ctx, const std::string& uuid,
                         const std::string& migration_uuid);
    void finish_resize(const RequestContext& ctx, const std::string& uuid,
                       const std::string& migration_uuid);
    void confirm_resize(const RequestContext& ctx, const std::string& uuid,
                        const std::string& migration_uuid);
    void revert_resize(const RequestContext& ctx, const std::string& uuid,
                       const std::string& migration_uuid);
    void finish_revert_resize(const RequestContext& ctx, const std::string& uuid,
                              const std::string& migration_uuid);

    // server_extras.cpp: diagnostics, rescue, the admin password, external events.
    boost::json::object get_diagnostics(const RequestContext& ctx, const std::string& uuid);
    void rescue_instance(const RequestContext& ctx, const std::string& uuid,
                         const std::string& rescue_image_ref, const std::string& rescue_password);
    void unrescue_instance(const RequestContext& ctx, const std::string& uuid);
    void set_admin_password(const RequestContext& ctx, const std::string& uuid,
                            const std::string& password);
    void external_instance_event(const RequestContext& ctx, const std::string& uuid,
                                 const boost::json::array& events);
    // shelve.cpp
    void shelve_instance(const RequestContext& ctx, const std::string& uuid,
                         const std::string& image_id);
    void shelve_offload_instance(const RequestContext& ctx, const std::string& uuid);
    void unshelve_instance(const RequestContext& ctx, const std::string& uuid,
                           const std::string& node);

  private:
    // Registers server_extras.cpp's and shelve.cpp's RPC endpoints.
    void add_extra_endpoints();
    // The snapshot of snapshot_instance and backup_instance; false when it failed.
    bool snapshot_to(const RequestContext& ctx, const std::string& uuid,
                     const std::string& image_id, const char* event);
    // The driver writes the root disk as an image file (task_state moves to
    // uploading_state) and the file is uploaded as image_id; throws on failure.
    void upload_snapshot(const RequestContext& ctx, const Instance& inst,
                         const std::string& image_id, const char* uploading_state);
    // shelve_offload_instance's work with the instance lock held.
    void offload(const RequestContext& ctx, const Instance& inst);
    struct SimpleAction {
        const char* event;
        std::vector<std::string> expected;
        const char* vm_state;
        int power_state;
    };
    void simple_action(const RequestContext& ctx, const std::string& uuid, const SimpleAction& a,
                       const std::function<void(const Instance&)>& drive);
    std::optional<Instance> load(const std::string& uuid);
    void destroy_and_delete(const RequestContext& ctx, const std::string& uuid);  // lock held
    // Records the failure of a task: task_state cleared (vm_state kept, or
    // ERROR when `error`), a fault, the event finished with Error.
    void task_failed(const RequestContext& ctx, const std::string& uuid, const char* event,
                     const std::string& message, bool error);
    std::int64_t deadline() const;
    void note_build(bool failed);
    void recover(const RequestContext& ctx, const Instance& inst,
                 const std::vector<std::string>& guests);
    // Fills image.local_path when the driver keeps images on the host.
    void cache_image(const RequestContext& ctx, virt::ImageMeta& image);

    std::string host_;
    std::unique_ptr<virt::ComputeDriver> driver_;
    ManagerDeps deps_;
    AgentOptions options_;
    InstanceLocks locks_;
    std::unique_ptr<onestack::rpc::RpcServer> server_;
    std::mutex tracker_mu_;
    std::map<std::string, std::string> last_inventory_;  // node -> inventory as reported
    std::atomic<int> failed_builds_{0};
};

// Runs the periodic tasks of a set of agents (one thread for all of them,
// however many fake hosts a process presents).
class AgentRunner {
  public:
    explicit AgentRunner(AgentOptions options);
    ~AgentRunner();
    void add(ComputeManager& manager);
    void start();
    void stop();

  private:
    void run();
    AgentOptions options_;
    std::vector<ComputeManager*> managers_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace onestack::compute::manager
