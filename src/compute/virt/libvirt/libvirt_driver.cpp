#include "compute/virt/libvirt/libvirt_driver.hpp"

#include <libvirt/virterror.h>
#include <spdlog/spdlog.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "compute/objects/states.hpp"
#include "compute/virt/libvirt/config_drive.hpp"
#include "compute/virt/libvirt/disk.hpp"
#include "compute/virt/libvirt/instance_files.hpp"

namespace onestack::compute::virt::libvirt {
namespace fs = std::filesystem;

namespace {

int power_state_of(int libvirt_state, bool managed_save) {
    switch (libvirt_state) {
        case VIR_DOMAIN_RUNNING:
        case VIR_DOMAIN_BLOCKED:
            return power_state::kRunning;
        case VIR_DOMAIN_PAUSED:
            return power_state::kPaused;
        case VIR_DOMAIN_SHUTDOWN:
            return power_state::kShutdown;
        case VIR_DOMAIN_SHUTOFF:
            // A managed save is what suspend leaves.
            return managed_save ? power_state::kSuspended : power_state::kShutdown;
        case VIR_DOMAIN_CRASHED:
            return power_state::kCrashed;
        case VIR_DOMAIN_PMSUSPENDED:
            return power_state::kSuspended;
        default:
            return power_state::kNoState;
    }
}

}  // namespace

LibvirtDriver::LibvirtDriver(LibvirtOptions options)
    : options_(std::move(options)),
      conn_(options_.uri),
      cache_((fs::path(options_.instances_path) / "_base").string()) {}

fs::path LibvirtDriver::instance_dir(const std::string& uuid) const {
    return fs::path(options_.instances_path) / uuid;
}

fs::path LibvirtDriver::resize_dir(const std::string& uuid) const {
    return fs::path(options_.instances_path) / (uuid + "_resize");
}

std::string LibvirtDriver::domain_type() const {
    if (options_.virt_type != "auto") {
        return options_.virt_type;
    }
    return access("/dev/kvm", R_OK | W_OK) == 0 ? "kvm" : "qemu";
}

bool LibvirtDriver::ours(const Domain& d) const {
    auto meta = d.metadata(kMetadataNamespace);
    return meta.find("owner>" + xml_escape(options_.instances_path) + "</") != std::string::npos;
}

Domain LibvirtDriver::domain_of(const std::string& uuid) {
    auto d = conn_.lookup(uuid);
    if (!d || !ours(*d)) {
        throw InstanceNotFound("Instance " + uuid + " could not be found.");
    }
    return std::move(*d);
}

// --- host -------------------------------------------------------------------------

void LibvirtDriver::init_host(const std::string& host) {
    host_ = host;
    fs::create_directories(options_.instances_path);
    fs::create_directories(cache_.dir());
    conn_.get();
    unsigned long version = 0;
    virConnectGetVersion(conn_.get(), &version);
    int mine = 0;
    int running = 0;
    for (auto& d : conn_.all_domains()) {
        if (!ours(d)) {
            continue;
        }
        ++mine;
        running += d.active() ? 1 : 0;
        // A spawn killed between create and define leaves a transient domain:
        // make it persistent so stop/start keep it.
        if (virDomainIsPersistent(d.get()) == 0 &&
            fs::exists(instance_dir(d.uuid()) / kDomainXml)) {
            define_stored(d.uuid());
            spdlog::info("libvirt: domain {} made persistent", d.name());
        }
    }
    spdlog::info(
        "libvirt: host {} on {} ({} {}, QEMU {}), instances in {}: {} domain(s), {} running", host_,
        options_.uri, domain_type(), options_.images_type, version, options_.instances_path, mine,
        running);
}

std::vector<std::string> LibvirtDriver::nodes() {
    return {host_};
}

HostResources LibvirtDriver::host_resources(const std::string& node) {
    maybe_clean_cache();
    HostResources r;
    r.hypervisor_hostname = node;
    r.hypervisor_type = "QEMU";  // nova reports QEMU for kvm and qemu alike
    unsigned long version = 0;
    if (virConnectGetVersion(conn_.get(), &version) == 0) {
        r.hypervisor_version = static_cast<int>(version);
    }
    virNodeInfo info{};
    if (virNodeGetInfo(conn_.get(), &info) != 0) {
        throw_last_error("virNodeGetInfo");
    }
    r.vcpus = static_cast<int>(info.cpus);
    r.memory_mb = static_cast<int>(info.memory / 1024);
    struct statvfs fsinfo {};
    if (statvfs(options_.instances_path.c_str(), &fsinfo) == 0) {
        auto total = static_cast<std::uint64_t>(fsinfo.f_blocks) * fsinfo.f_frsize;
        auto avail = static_cast<std::uint64_t>(fsinfo.f_bavail) * fsinfo.f_frsize;
        r.local_gb = static_cast<int>(total / kGiB);
        r.local_gb_used = static_cast<int>((total - avail) / kGiB);
    }
    for (auto& d : conn_.all_domains()) {
        if (!ours(d) || !d.active()) {
            continue;
        }
        virDomainInfo di{};
        if (virDomainGetInfo(d.get(), &di) == 0) {
            r.vcpus_used += di.nrVirtCpu;
            r.memory_mb_used += static_cast<int>(di.maxMem / 1024);
        }
    }
    r.host_ip = "127.0.0.1";
    r.cpu_info = {{"arch", info.model},
                  {"model", domain_type() == "kvm" ? "host-model" : "qemu64"},
                  {"vendor", domain_type() == "kvm" ? "host" : "QEMU"},
                  {"topology",
                   {{"sockets", info.sockets}, {"cores", info.cores}, {"threads", info.threads}}}};
    r.traits = {"COMPUTE_IMAGE_TYPE_QCOW2", "COMPUTE_IMAGE_TYPE_RAW", "COMPUTE_IMAGE_TYPE_AKI",
                "COMPUTE_IMAGE_TYPE_ARI", "COMPUTE_IMAGE_TYPE_AMI"};
    return r;
}

std::vector<std::string> LibvirtDriver::list_instance_uuids() {
    std::vector<std::string> out;
    for (auto& d : conn_.all_domains()) {
        if (ours(d)) {
            out.push_back(d.uuid());
        }
    }
    return out;
}

void LibvirtDriver::handle_orphan(const std::string& uuid) {
    std::string name = domain_name(uuid);
    if (options_.orphan_policy == "log") {
        spdlog::warn(
            "libvirt: domain {} has no instance on this host; kept ([libvirt] orphan_policy = "
            "log): remove it by hand (virsh destroy/undefine) and its files in {}",
            name, instance_dir(uuid).string());
        return;
    }
    spdlog::warn(
        "libvirt: domain {} has no instance on this host: destroying it and its disks "
        "([libvirt] orphan_policy = destroy)",
        name);
    Instance orphan;
    orphan.uuid = uuid;
    destroy(orphan, true);
}

// --- image cache ------------------------------------------------------------------

std::string LibvirtDriver::cache_image(const ImageMeta& image, const ImageFetch& fetch) {
    auto path = cache_.ensure(image.id, fetch);
    for (const char* prop : {"kernel_id", "ramdisk_id"}) {
        auto id = image_property(image, prop);
        if (!id.empty()) {
            cache_.ensure(id, fetch);
        }
    }
    return path;
}

void LibvirtDriver::write_images_file(const std::string& uuid, const ImageMeta& image,
                                      bool append) const {
    auto path = instance_dir(uuid) / kImagesFile;
    std::string text = (append && fs::exists(path) ? read_file(path) : "") + image.id + "\n";
    for (const char* prop : {"kernel_id", "ramdisk_id"}) {
        auto id = image_property(image, prop);
        if (!id.empty()) {
            text += id + "\n";
        }
    }
    write_file(path, text);
}

std::vector<std::string> LibvirtDriver::clean_image_cache() {
    std::set<std::string> in_use;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(options_.instances_path, ec)) {
        std::ifstream in(entry.path() / kImagesFile);
        for (std::string line; std::getline(in, line);) {
            if (!line.empty()) {
                in_use.insert(line);
            }
        }
    }
    return cache_.cleanup(in_use, std::chrono::seconds(options_.image_cache_max_age));
}

void LibvirtDriver::maybe_clean_cache() {
    if (options_.image_cache_interval <= 0) {
        return;
    }
    std::unique_lock lock(cache_clean_mu_, std::try_to_lock);
    if (!lock.owns_lock()) {
        return;
    }
    auto now = std::chrono::steady_clock::now();
    if (last_cache_clean_.time_since_epoch().count() != 0 &&
        now - last_cache_clean_ < std::chrono::seconds(options_.image_cache_interval)) {
        return;
    }
    last_cache_clean_ = now;
    try {
        clean_image_cache();
    } catch (const std::exception& e) {
        spdlog::warn("libvirt: image cache cleanup failed: {}", e.what());
    }
}

// --- domains ----------------------------------------------------------------------

DomainSpec LibvirtDriver::domain_spec(const Instance& instance, const Flavor& flavor,
                                      const ImageMeta& image, bool rescue) const {
    auto dir = instance_dir(instance.uuid);
    DomainSpec s;
    s.name = domain_name(instance.uuid);
    s.uuid = instance.uuid;
    s.type = domain_type();
    auto machine = image_property(image, "hw_machine_type");
    if (!machine.empty()) {
        s.machine = machine;
    }
    s.uefi = image_property(image, "hw_firmware_type") == "uefi";
    s.vcpus = std::max(1, flavor.vcpus);
    s.memory_mb = flavor.memory_mb;
    s.owner = options_.instances_path;
    s.display_name = instance.display_name;
    s.flavor_name = flavor.name;
    s.console_log = (dir / kConsoleLog).string();
    auto kernel = image_property(image, "kernel_id");
    if (!kernel.empty()) {
        if (!cache_.has(kernel)) {
            throw DriverError("kernel image " + kernel + " is not in the host's image cache");
        }
        s.kernel = cache_.path_of(kernel);
        auto ramdisk = image_property(image, "ramdisk_id");
        if (!ramdisk.empty()) {
            if (!cache_.has(ramdisk)) {
                throw DriverError("ramdisk image " + ramdisk + " is not in the host's image cache");
            }
            s.initrd = cache_.path_of(ramdisk);
        }
        s.cmdline = image_property(image, "os_command_line");
        if (s.cmdline.empty()) {
            s.cmdline = "root=/dev/vda console=tty0 console=ttyS0";
        }
    }
    auto bus = disk_bus_of(image);
    int index = 0;
    auto names = rescue ? std::vector<const char*>{kRescueDisk, kRootDisk}
                        : std::vector<const char*>{kRootDisk, kEphemeralDisk, kSwapDisk};
    for (const char* name : names) {
        auto path = dir / name;
        if (!fs::exists(path)) {
            continue;
        }
        DiskSpec d;
        d.path = path.string();
        d.format = disk_info(d.path).format;
        d.bus = bus;
        d.target = disk_target(bus, index++);
        s.disks.push_back(d);
    }
    if (fs::exists(dir / kConfigDrive)) {
        DiskSpec cd;
        cd.path = (dir / kConfigDrive).string();
        cd.format = "raw";
        cd.device = "cdrom";
        cd.bus = cdrom_bus_of(image, s.machine);
        // nova puts the config drive last: hdd on ide, the next free name otherwise.
        cd.target = cd.bus == "ide" ? "hdd" : disk_target(cd.bus, cd.bus == bus ? index : 0);
        cd.readonly = true;
        s.disks.push_back(cd);
    }
    return s;
}

Domain LibvirtDriver::define_stored(const std::string& uuid) {
    auto xml_path = instance_dir(uuid) / kDomainXml;
    if (!fs::exists(xml_path)) {
        throw InstanceNotFound("Instance " + uuid + " has no domain definition (" +
                               xml_path.string() + ")");
    }
    return conn_.define(read_file(xml_path));
}

void LibvirtDriver::start(Domain& d) {
    if (d.active()) {
        return;
    }
    if (virDomainCreate(d.get()) != 0) {
        throw_last_error("starting domain " + d.name());
    }
}

bool LibvirtDriver::clean_shutdown(Domain& d, std::chrono::seconds timeout) {
    if (!d.active()) {
        return true;
    }
    // A paused guest's vCPUs never see the power button: waiting would only
    // delay the destroy (shelve of a paused server).
    if (timeout.count() <= 0 || d.state() == VIR_DOMAIN_PAUSED) {
        return false;
    }
    if (virDomainShutdown(d.get()) != 0) {
        spdlog::warn("libvirt: ACPI shutdown of {} refused: {}", d.name(), last_error());
        return false;
    }
    auto until = std::chrono::steady_clock::now() + timeout;
    auto next_press = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < until) {
        if (!d.active()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        // A guest still booting may miss the first press (no acpid yet): press again.
        if (std::chrono::steady_clock::now() >= next_press) {
            virDomainShutdown(d.get());
            next_press += std::chrono::seconds(5);
        }
    }
    return !d.active();
}

void LibvirtDriver::hard_stop(Domain& d) {
    if (d.active() && virDomainDestroy(d.get()) != 0 && d.active()) {
        throw_last_error("destroying domain " + d.name());
    }
}

void LibvirtDriver::undefine(Domain& d) {
    unsigned flags = VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA;
    if (virDomainUndefineFlags(d.get(), flags) != 0) {
        virErrorPtr e = virGetLastError();
        if (e == nullptr || e->code != VIR_ERR_NO_DOMAIN) {
            throw_last_error("undefining domain " + d.name());
        }
    }
}

// --- lifecycle --------------------------------------------------------------------

void LibvirtDriver::spawn(const Instance& instance, const SpawnRequest& request) {
    if (request.image.local_path.empty()) {
        throw DriverError("image " + request.image.id + " is not in the host's image cache");
    }
    if (auto old = conn_.lookup(instance.uuid)) {
        // A retry after an interrupted build: start clean.
        hard_stop(*old);
        undefine(*old);
    }
    auto dir = instance_dir(instance.uuid);
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto& flavor = instance.flavor;
    auto root = (dir / kRootDisk).string();
    if (options_.images_type == "raw") {
        copy_image(request.image.local_path, root, "raw");
    } else {
        create_overlay(request.image.local_path, root);
    }
    if (flavor.root_gb > 0) {
        grow(root, static_cast<std::uint64_t>(flavor.root_gb) * kGiB);
    }
    auto disk_format = options_.images_type == "raw" ? "raw" : "qcow2";
    if (flavor.ephemeral_gb > 0) {
        // Blank: nova would also format it (mkfs); the guest formats it here.
        create_blank((dir / kEphemeralDisk).string(), disk_format,
                     static_cast<std::uint64_t>(flavor.ephemeral_gb) * kGiB);
    }
    if (flavor.swap > 0) {
        create_blank((dir / kSwapDisk).string(), disk_format,
                     static_cast<std::uint64_t>(flavor.swap) * 1024 * 1024);
    }
    if (!request.injected_files.empty()) {
        // Nova puts them on the config drive (openstack/content/); our
        // metadata has no injected files yet.
        spdlog::warn("libvirt: {} personality file(s) for {} not injected",
                     request.injected_files.size(), instance.uuid);
    }
    if (!request.config_drive_files.empty()) {
        write_config_drive(request.config_drive_files, (dir / kConfigDrive).string(),
                           options_.config_drive_tool);
    }
    write_images_file(instance.uuid, request.image);
    auto xml = domain_xml(domain_spec(instance, flavor, request.image));
    write_file(dir / kDomainXml, xml);
    // Started first, then made persistent: a crash in between leaves a
    // running guest (init_host persists it), never a defined-but-stopped one
    // that a recovered build would call ACTIVE.
    virDomainPtr started = virDomainCreateXML(conn_.get(), xml.c_str(), 0);
    if (started == nullptr) {
        throw_last_error("starting domain " + domain_name(instance.uuid));
    }
    Domain d(started);
    conn_.define(xml);
    spdlog::info("libvirt: {} started ({} vCPU, {} MiB, {}{})", d.name(), flavor.vcpus,
                 flavor.memory_mb, options_.images_type,
                 request.config_drive_files.empty() ? "" : ", config drive");
}

void LibvirtDriver::destroy(const Instance& instance, bool destroy_disks) {
    if (auto d = conn_.lookup(instance.uuid); d && ours(*d)) {
        hard_stop(*d);
        undefine(*d);
    }
    if (!destroy_disks) {
        return;
    }
    std::error_code ec;
    fs::remove_all(instance_dir(instance.uuid), ec);
    // A revert destroys the destination's copy; the source's stays for it.
    if (instance.task_state != task_state::kResizeReverting) {
        fs::remove_all(resize_dir(instance.uuid), ec);
    }
    if (ec) {
        throw DriverError("removing the disks of " + instance.uuid + ": " + ec.message());
    }
}

void LibvirtDriver::reboot(const Instance& instance, bool hard) {
    auto d = domain_of(instance.uuid);
    if (!hard && d.active() && d.state() == VIR_DOMAIN_RUNNING) {
        // nova's _soft_reboot: ACPI shutdown, then start again; hard on timeout.
        if (clean_shutdown(d, std::chrono::seconds(options_.shutdown_timeout))) {
            start(d);
            return;
        }
        spdlog::warn("libvirt: {} did not shut down within {} s; rebooting hard", d.name(),
                     options_.shutdown_timeout);
    }
    hard_stop(d);
    if (d.has_managed_save()) {
        virDomainManagedSaveRemove(d.get(), 0);
    }
    // From the stored definition: a hard reboot also repairs a lost one.
    auto fresh = define_stored(instance.uuid);
    start(fresh);
}

void LibvirtDriver::power_off(const Instance& instance, std::chrono::seconds timeout) {
    auto d = domain_of(instance.uuid);
    auto wait = std::min(timeout, std::chrono::seconds(options_.shutdown_timeout));
    if (!clean_shutdown(d, wait)) {
        if (wait.count() > 0) {
            spdlog::info("libvirt: {} did not shut down within {} s; destroying", d.name(),
                         wait.count());
        }
        hard_stop(d);
    }
}

void LibvirtDriver::power_on(const Instance& instance) {
    std::optional<Domain> d = conn_.lookup(instance.uuid);
    if (!d || !ours(*d)) {
        d = define_stored(instance.uuid);
    }
    start(*d);
}

void LibvirtDriver::pause(const Instance& instance) {
    auto d = domain_of(instance.uuid);
    if (virDomainSuspend(d.get()) != 0) {
        throw_last_error("pausing " + d.name());
    }
}

void LibvirtDriver::unpause(const Instance& instance) {
    auto d = domain_of(instance.uuid);
    if (virDomainResume(d.get()) != 0) {
        throw_last_error("unpausing " + d.name());
    }
}

void LibvirtDriver::suspend(const Instance& instance) {
    auto d = domain_of(instance.uuid);
    if (virDomainManagedSave(d.get(), 0) != 0) {
        throw_last_error("suspending (managed save) " + d.name());
    }
}

void LibvirtDriver::resume(const Instance& instance) {
    auto d = domain_of(instance.uuid);
    start(d);  // restores the managed save
}

InstanceInfo LibvirtDriver::instance_info(const Instance& instance) {
    auto d = domain_of(instance.uuid);
    virDomainInfo di{};
    if (virDomainGetInfo(d.get(), &di) != 0) {
        throw_last_error("virDomainGetInfo of " + d.name());
    }
    InstanceInfo info;
    info.power_state =
        power_state_of(di.state, di.state == VIR_DOMAIN_SHUTOFF && d.has_managed_save());
    info.num_cpu = di.nrVirtCpu;
    info.max_mem_kb = static_cast<std::int64_t>(di.maxMem);
    info.mem_kb = static_cast<std::int64_t>(di.memory);
    info.cpu_time_ns = di.cpuTime;
    return info;
}

// What virDomainGetInfo tells (state, vCPUs, memory, CPU time); no
// per-vCPU or block statistics yet.
Diagnostics LibvirtDriver::diagnostics(const Instance& instance) {
    auto info = instance_info(instance);
    Diagnostics d;
    d.power_state = info.power_state;
    d.driver = "libvirt";
    d.hypervisor = domain_type();
    d.hypervisor_os = "linux";
    d.config_drive = instance.config_drive == "True";
    d.cpus.push_back({0, info.cpu_time_ns, std::nullopt});
    d.memory_max_mb = info.max_mem_kb / 1024;
    d.memory_used_mb = info.mem_kb / 1024;
    return d;
}

// nova's libvirt driver sets passwords through the QEMU guest agent only, and
// refuses without one (QemuGuestAgentNotEnabled: the API's 409, not 501).
// onestack talks to no guest agent yet.
void LibvirtDriver::set_admin_password(const Instance&, const std::string&) {
    throw GuestAgentNotEnabled("QEMU guest agent is not enabled");
}

std::string LibvirtDriver::console_output(const Instance& instance) {
    auto log = instance_dir(instance.uuid) / kConsoleLog;
    std::ifstream in(log, std::ios::binary);
    if (!in) {
        if (!fs::exists(instance_dir(instance.uuid))) {
            throw InstanceNotFound("Instance " + instance.uuid + " could not be found.");
        }
        return "";
    }
    in.seekg(0, std::ios::end);
    auto size = static_cast<std::int64_t>(in.tellg());
    auto from = std::max<std::int64_t>(0, size - options_.console_max_bytes);
    in.seekg(from);
    std::string text(static_cast<std::size_t>(size - from), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (from > 0) {
        // Start at a whole line.
        auto nl = text.find('\n');
        text.erase(0, nl == std::string::npos ? 0 : nl + 1);
    }
    return text;
}

}  // namespace onestack::compute::virt::libvirt
