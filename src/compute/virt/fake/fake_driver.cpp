#include "compute/virt/fake/fake_driver.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/util/time.hpp"
#include "compute/objects/states.hpp"

namespace onestack::compute::virt::fake {
namespace {

bool wants_failure(const ImageMeta& image, const std::string& host) {
    const auto* v = image.properties.if_contains(kFailSpawnProperty);
    if (v == nullptr || !v->is_string()) {
        return false;
    }
    std::string_view want = v->get_string();
    if (want == "*" || want == "all") {
        return true;
    }
    // A comma separated list of host names.
    while (!want.empty()) {
        auto comma = want.find(',');
        auto item = want.substr(0, comma);
        if (item == host) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        want.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace

FakeDriver::FakeDriver(FakeDriverOptions options) : options_(std::move(options)) {}

void FakeDriver::init_host(const std::string& host) {
    std::lock_guard lock(mu_);
    host_ = host;
    if (options_.journal_path.empty()) {
        return;
    }
    // Replay the journal, then compact it to one line per guest.
    guests_.clear();
    {
        std::ifstream in(options_.journal_path);
        std::string line;
        while (std::getline(in, line)) {
            std::istringstream s(line);
            std::string op;
            std::string uuid;
            s >> op >> uuid;
            if (op == "S") {
                Guest g;
                s >> g.power_state >> g.vcpus >> g.memory_mb >> g.disk_gb;
                guests_[uuid] = g;
            } else if (op == "D") {
                guests_.erase(uuid);
            }
        }
    }
    std::filesystem::create_directories(std::filesystem::path(options_.journal_path).parent_path());
    auto tmp = options_.journal_path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (const auto& [uuid, g] : guests_) {
            out << "S " << uuid << ' ' << g.power_state << ' ' << g.vcpus << ' ' << g.memory_mb
                << ' ' << g.disk_gb << '\n';
        }
    }
    std::filesystem::rename(tmp, options_.journal_path);
    spdlog::info("fake driver {}: {} guests from its journal", host, guests_.size());
}

void FakeDriver::journal(const std::string& line) {
    if (options_.journal_path.empty()) {
        return;
    }
    // One write per line, no buffering across calls: a killed process keeps
    // every line written before it died.
    std::FILE* f = std::fopen(options_.journal_path.c_str(), "a");
    if (f == nullptr) {
        spdlog::warn("fake driver: cannot append to {}", options_.journal_path);
        return;
    }
    std::fputs(line.c_str(), f);
    std::fclose(f);
}

void FakeDriver::set_state(const std::string& uuid, const Guest& g) {
    guests_[uuid] = g;
    journal("S " + uuid + ' ' + std::to_string(g.power_state) + ' ' + std::to_string(g.vcpus) +
            ' ' + std::to_string(g.memory_mb) + ' ' + std::to_string(g.disk_gb) + '\n');
}

void FakeDriver::forget(const std::string& uuid) {
    if (guests_.erase(uuid) > 0) {
        journal("D " + uuid + '\n');
    }
}

FakeDriver::Guest& FakeDriver::guest(const Instance& instance) {
    auto it = guests_.find(instance.uuid);
    if (it == guests_.end()) {
        throw InstanceNotFound("Instance " + instance.uuid + " could not be found.");
    }
    return it->second;
}

std::vector<std::string> FakeDriver::nodes() {
    std::lock_guard lock(mu_);
    return {host_};
}

HostResources FakeDriver::host_resources(const std::string& node) {
    std::lock_guard lock(mu_);
    HostResources r;
    r.hypervisor_hostname = node;
    r.hypervisor_type = "fake";
    r.hypervisor_version = 1000;
    r.vcpus = options_.vcpus;
    r.memory_mb = options_.memory_mb;
    r.local_gb = options_.local_gb;
    for (const auto& [uuid, g] : guests_) {
        r.vcpus_used += g.vcpus;
        r.memory_mb_used += g.memory_mb;
        r.local_gb_used += g.disk_gb;
    }
    r.host_ip = "127.0.0.1";
    r.cpu_info = {{"arch", "x86_64"}, {"model", "fake"}, {"vendor", "fake"}};
    r.traits = {"COMPUTE_NET_ATTACH_INTERFACE", "COMPUTE_VOLUME_ATTACH", "COMPUTE_IMAGE_TYPE_RAW",
                "COMPUTE_IMAGE_TYPE_QCOW2"};
    return r;
}

std::vector<std::string> FakeDriver::list_instance_uuids() {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    out.reserve(guests_.size());
    for (const auto& [uuid, g] : guests_) {
        out.push_back(uuid);
    }
    return out;
}

void FakeDriver::spawn(const Instance& instance, const SpawnRequest& request) {
    if (options_.spawn_delay_ms > 0) {
        // Outside the lock: other guests of this host stay usable meanwhile.
        std::this_thread::sleep_for(std::chrono::milliseconds(options_.spawn_delay_ms));
    }
    std::lock_guard lock(mu_);
    if (options_.fail_spawn || wants_failure(request.image, host_)) {
        throw DriverError("fake driver: spawn of " + instance.uuid + " on " + host_ +
                          " failed as configured (failure injection)");
    }
    if (auto dir = config_drive_dir(instance.uuid); !dir.empty()) {
        std::filesystem::remove_all(dir);
        for (const auto& [path, content] : request.config_drive_files) {
            auto file = std::filesystem::path(dir) / path;
            std::filesystem::create_directories(file.parent_path());
            std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
        }
    }
    Guest g;
    g.power_state = power_state::kRunning;
    g.vcpus = instance.flavor.vcpus;
    g.memory_mb = instance.flavor.memory_mb;
    g.disk_gb = instance.flavor.root_gb + instance.flavor.ephemeral_gb;
    g.injected_files = request.injected_files;
    set_state(instance.uuid, g);
}

void FakeDriver::destroy(const Instance& instance, bool /*destroy_disks*/) {
    std::lock_guard lock(mu_);
    forget(instance.uuid);  // destroying what is gone is fine, as upstream
    if (auto dir = config_drive_dir(instance.uuid); !dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
}

std::string FakeDriver::config_drive_dir(const std::string& uuid) const {
    if (options_.journal_path.empty() || uuid.empty()) {
        return "";
    }
    return (std::filesystem::path(options_.journal_path).parent_path() / "config-drives" / uuid)
        .string();
}

void FakeDriver::set_power(const Instance& instance, int state) {
    std::lock_guard lock(mu_);
    auto g = guest(instance);
    g.power_state = state;
    set_state(instance.uuid, g);
}

void FakeDriver::reboot(const Instance& instance, bool /*hard*/) {
    set_power(instance, power_state::kRunning);
}

void FakeDriver::power_off(const Instance& instance, std::chrono::seconds) {
    set_power(instance, power_state::kShutdown);
}

void FakeDriver::power_on(const Instance& instance) {
    set_power(instance, power_state::kRunning);
}

void FakeDriver::pause(const Instance& instance) {
    set_power(instance, power_state::kPaused);
}

void FakeDriver::unpause(const Instance& instance) {
    power_on(instance);
}

void FakeDriver::suspend(const Instance& instance) {
    set_power(instance, power_state::kSuspended);
}

void FakeDriver::resume(const Instance& instance) {
    power_on(instance);
}

InstanceInfo FakeDriver::instance_info(const Instance& instance) {
    std::lock_guard lock(mu_);
    const auto& g = guest(instance);
    InstanceInfo info;
    info.power_state = g.power_state;
    info.num_cpu = g.vcpus;
    info.max_mem_kb = std::int64_t{g.memory_mb} * 1024;
    info.mem_kb = info.max_mem_kb;
    return info;
}

std::string FakeDriver::console_output(const Instance& instance) {
    std::lock_guard lock(mu_);
    guest(instance);
    // nova's fake driver answers with fixed lines too; more than three, as
    // Tempest's unlimited-length console test wants a log longer than that.
    return "FAKE CONSOLE OUTPUT\nBOOTING\nANOTHER\nALMOST THERE\nLAST LINE";
}

Diagnostics FakeDriver::diagnostics(const Instance& instance) {
    std::lock_guard lock(mu_);
    const auto& g = guest(instance);
    // As nova's fake driver: the API's driver enum has no "fake", so it
    // reports itself as libvirt/kvm; counters are made up but consistent
    // with the flavor (one CPU entry per vCPU, one disk, memory all used).
    Diagnostics d;
    d.power_state = g.power_state;
    d.driver = "libvirt";
    d.hypervisor = "kvm";
    d.hypervisor_os = "linux";
    if (auto launched = onestack::util::parse_iso8601(instance.launched_at)) {
        d.uptime_s = std::max<std::int64_t>(0, onestack::util::now_unix() - *launched);
    }
    d.config_drive = instance.config_drive == "True";
    for (int i = 0; i < g.vcpus; ++i) {
        d.cpus.push_back({i, 17300000000ULL, 15});
    }
    d.disks.push_back({262144, 112, 5778432, 488, 0});
    d.memory_max_mb = g.memory_mb;
    d.memory_used_mb = g.memory_mb;
    return d;
}

void FakeDriver::rescue(const Instance& instance, const ImageMeta&, const std::string&) {
    set_power(instance, power_state::kRunning);
}

void FakeDriver::unrescue(const Instance& instance) {
    set_power(instance, power_state::kRunning);
}

void FakeDriver::set_admin_password(const Instance& instance, const std::string&) {
    std::lock_guard lock(mu_);
    if (guest(instance).power_state != power_state::kRunning) {
        throw DriverError("Instance " + instance.uuid + " is not running");
    }
}

SnapshotFile FakeDriver::snapshot(const Instance& instance, const std::string& image_id) {
    {
        std::lock_guard lock(mu_);
        guest(instance);
    }
    std::filesystem::path dir = options_.snapshot_dir.empty()
                                    ? std::filesystem::temp_directory_path()
                                    : std::filesystem::path(options_.snapshot_dir);
    std::filesystem::create_directories(dir);
    auto path = dir / ("fake-snapshot-" + image_id + ".raw");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    // A small payload that says what it is; nothing boots from it.
    out << "onestack fake driver snapshot\ninstance " << instance.uuid << "\nimage " << image_id
        << "\n";
    return {path.string(), "raw"};
}

void FakeDriver::migrate_disk_and_power_off(const Instance& instance, const Flavor&,
                                            const std::string&) {
    std::lock_guard lock(mu_);
    auto g = guest(instance);
    g.power_state = power_state::kShutdown;
    set_state(instance.uuid, g);
    resize_sources_.insert(instance.uuid);
}

void FakeDriver::finish_migration(const Instance& instance, const Flavor& flavor, const ImageMeta&,
                                  bool power_on) {
    std::lock_guard lock(mu_);
    resize_sources_.erase(instance.uuid);  // same host: this guest replaces the source's
    Guest g;
    g.power_state = power_on ? power_state::kRunning : power_state::kShutdown;
    g.vcpus = flavor.vcpus;
    g.memory_mb = flavor.memory_mb;
    g.disk_gb = flavor.root_gb + flavor.ephemeral_gb;
    set_state(instance.uuid, g);
}

void FakeDriver::confirm_migration(const Instance& instance) {
    // The source drops its copy; after a same-host resize the guest is the new one.
    std::lock_guard lock(mu_);
    if (resize_sources_.erase(instance.uuid) > 0) {
        forget(instance.uuid);
    }
}

void FakeDriver::finish_revert_migration(const Instance& instance, bool power_on) {
    std::lock_guard lock(mu_);
    resize_sources_.erase(instance.uuid);
    Guest g;
    const Flavor& f = instance.old_flavor.value_or(instance.flavor);
    g.power_state = power_on ? power_state::kRunning : power_state::kShutdown;
    g.vcpus = f.vcpus;
    g.memory_mb = f.memory_mb;
    g.disk_gb = f.root_gb + f.ephemeral_gb;
    set_state(instance.uuid, g);
}

void FakeDriver::attach_volume(const Instance& instance, const boost::json::object&,
                               const std::string&) {
    std::lock_guard lock(mu_);
    guest(instance);
}

void FakeDriver::detach_volume(const Instance& instance, const boost::json::object&,
                               const std::string&) {
    std::lock_guard lock(mu_);
    guest(instance);
}

void FakeDriver::attach_interface(const Instance& instance, const boost::json::object&) {
    std::lock_guard lock(mu_);
    guest(instance);
}

void FakeDriver::detach_interface(const Instance& instance, const boost::json::object&) {
    std::lock_guard lock(mu_);
    guest(instance);
}

void FakeDriver::set_fail_spawn(bool fail) {
    std::lock_guard lock(mu_);
    options_.fail_spawn = fail;
}

std::vector<std::pair<std::string, std::string>> FakeDriver::injected_files(
    const std::string& uuid) {
    std::lock_guard lock(mu_);
    auto it = guests_.find(uuid);
    return it == guests_.end() ? std::vector<std::pair<std::string, std::string>>{}
                               : it->second.injected_files;
}

}  // namespace onestack::compute::virt::fake
