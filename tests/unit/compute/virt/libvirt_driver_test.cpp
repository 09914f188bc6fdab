// The libvirt driver's pieces that need no libvirtd: domain XML, config
// drive ISO, image cache, qemu-img disk helpers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "compute/virt/libvirt/config_drive.hpp"
#include "compute/virt/libvirt/disk.hpp"
#include "compute/virt/libvirt/domain_xml.hpp"
#include "compute/virt/libvirt/image_cache.hpp"
#include "compute/virt/libvirt/libvirt_driver.hpp"
#include "compute/virt/libvirt/process.hpp"

namespace onestack::compute::virt::libvirt {
namespace {

namespace fs = std::filesystem;

struct TempDir {
    fs::path path;
    TempDir() {
        char tmpl[] = "/tmp/onestack-libvirt-test.XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

DomainSpec sample_spec() {
    DomainSpec s;
    s.name = "instance-0f0e";
    s.uuid = "0f0e0d0c-0000-4000-8000-000000000001";
    s.vcpus = 2;
    s.memory_mb = 512;
    s.owner = "/srv/instances";
    s.display_name = "vm<1>";
    s.console_log = "/srv/instances/x/console.log";
    s.disks.push_back({"/srv/instances/x/disk", "qcow2", "disk", "virtio", "vda", false});
    s.disks.push_back({"/srv/instances/x/disk.config", "raw", "cdrom", "ide", "hdd", true});
    return s;
}

TEST(LibvirtDomainXml, FlavorDisksConsoleAndOwner) {
    auto xml = domain_xml(sample_spec());
    EXPECT_NE(xml.find("<domain type='qemu'>"), std::string::npos);
    EXPECT_NE(xml.find("<uuid>0f0e0d0c-0000-4000-8000-000000000001</uuid>"), std::string::npos);
    EXPECT_NE(xml.find("<vcpu>2</vcpu>"), std::string::npos);
    EXPECT_NE(xml.find("<memory unit='MiB'>512</memory>"), std::string::npos);
    EXPECT_NE(xml.find("<source file='/srv/instances/x/disk'/>"), std::string::npos);
    EXPECT_NE(xml.find("<target dev='vda' bus='virtio'/>"), std::string::npos);
    EXPECT_NE(xml.find("device='cdrom'"), std::string::npos);
    EXPECT_NE(xml.find("<readonly/>"), std::string::npos);
    EXPECT_NE(xml.find("<log file='/srv/instances/x/console.log' append='on'/>"),
              std::string::npos);
    EXPECT_NE(xml.find("owner>/srv/instances</"), std::string::npos);
    EXPECT_NE(xml.find("vm&lt;1&gt;"), std::string::npos);  // escaped
    EXPECT_NE(xml.find("<boot dev='hd'/>"), std::string::npos);
    EXPECT_NE(xml.find("<acpi/>"), std::string::npos);  // clean shutdown needs it
    EXPECT_EQ(xml.find("virtio-scsi"), std::string::npos);
}

TEST(LibvirtDomainXml, KernelBootKvmUefiAndScsi) {
    auto s = sample_spec();
    s.type = "kvm";
    s.uefi = true;
    s.kernel = "/b/k";
    s.initrd = "/b/r";
    s.cmdline = "root=/dev/vda console=ttyS0";
    s.disks[0].bus = "scsi";
    s.disks[0].target = "sda";
    auto xml = domain_xml(s);
    EXPECT_NE(xml.find("<domain type='kvm'>"), std::string::npos);
    EXPECT_NE(xml.find("<os firmware='efi'>"), std::string::npos);
    EXPECT_NE(xml.find("<kernel>/b/k</kernel>"), std::string::npos);
    EXPECT_NE(xml.find("<initrd>/b/r</initrd>"), std::string::npos);
    EXPECT_NE(xml.find("<cmdline>root=/dev/vda console=ttyS0</cmdline>"), std::string::npos);
    EXPECT_EQ(xml.find("<boot dev='hd'/>"), std::string::npos);
    EXPECT_NE(xml.find("<cpu mode='host-model'/>"), std::string::npos);
    EXPECT_NE(xml.find("model='virtio-scsi'"), std::string::npos);
}

TEST(LibvirtDomainXml, BusesFromImageProperties) {
    ImageMeta image;
    EXPECT_EQ(disk_bus_of(image), "virtio");
    EXPECT_EQ(cdrom_bus_of(image, "pc"), "ide");
    EXPECT_EQ(cdrom_bus_of(image, "pc-q35-7.2"), "sata");
    image.properties["hw_disk_bus"] = "scsi";
    image.properties["hw_cdrom_bus"] = "scsi";
    EXPECT_EQ(disk_bus_of(image), "scsi");
    EXPECT_EQ(cdrom_bus_of(image, "pc"), "scsi");
    image.properties["hw_disk_bus"] = "floppy";  // unsupported: the default
    EXPECT_EQ(disk_bus_of(image), "virtio");
    EXPECT_EQ(disk_target("virtio", 1), "vdb");
    EXPECT_EQ(disk_target("ide", 0), "hda");
    EXPECT_EQ(disk_target("sata", 2), "sdc");
}

TEST(LibvirtConfigDrive, IsoLabelledConfig2WithTheFiles) {
    if (find_program({"genisoimage", "xorriso"}).empty() || find_program({"isoinfo"}).empty()) {
        GTEST_SKIP() << "genisoimage/xorriso and isoinfo are needed";
    }
    TempDir dir;
    auto iso = (dir.path / "disk.config").string();
    std::map<std::string, std::string> files{
        {"openstack/latest/meta_data.json", R"({"uuid": "u-1", "hostname": "vm1"})"},
        {"openstack/latest/user_data", "#!/bin/sh\necho hi\n"},
        {"ec2/latest/meta-data.json", "{}"}};
    write_config_drive(files, iso);
    ASSERT_TRUE(fs::exists(iso));
    EXPECT_FALSE(fs::exists(iso + ".tree"));  // the staging tree is gone
    auto pvd = run_checked({"isoinfo", "-d", "-i", iso});
    EXPECT_NE(pvd.find("Volume id: config-2"), std::string::npos) << pvd;
    auto meta = run_checked({"isoinfo", "-R", "-i", iso, "-x", "/openstack/latest/meta_data.json"});
    EXPECT_EQ(meta, files["openstack/latest/meta_data.json"]);
    auto listing = run_checked({"isoinfo", "-R", "-f", "-i", iso});
    EXPECT_NE(listing.find("/ec2/latest/meta-data.json"), std::string::npos) << listing;
}

TEST(LibvirtConfigDrive, RejectsPathsOutsideTheDrive) {
    TempDir dir;
    auto iso = (dir.path / "disk.config").string();
    EXPECT_THROW(write_config_drive({{"../escape", "x"}}, iso), DriverError);
    EXPECT_THROW(write_config_drive({{"/etc/passwd", "x"}}, iso), DriverError);
    EXPECT_FALSE(fs::exists(dir.path.parent_path() / "escape"));
}

TEST(LibvirtImageCache, ConcurrentRequestsDownloadOnce) {
    TempDir dir;
    ImageCache cache((dir.path / "_base").string());
    std::atomic<int> fetches{0};
    auto fetch = [&](const std::string& id, const std::string& dest) {
        ++fetches;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        std::ofstream(dest) << "data of " << id;
    };
    std::vector<std::thread> threads;
    std::vector<std::string> paths(4);
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&, i] { paths[i] = cache.ensure("img-1", fetch); });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(fetches.load(), 1);
    for (const auto& p : paths) {
        EXPECT_EQ(p, (dir.path / "_base" / "img-1").string());
    }
    EXPECT_FALSE(fs::exists(paths[0] + ".part"));
}

TEST(LibvirtImageCache, FailedFetchLeavesNothingAndBadIdsAreRefused) {
    TempDir dir;
    ImageCache cache((dir.path / "_base").string());
    EXPECT_THROW(cache.ensure("img-2",
                              [](const std::string&, const std::string& dest) {
                                  std::ofstream(dest) << "half";
                                  throw std::runtime_error("checksum mismatch");
                              }),
                 DriverError);
    EXPECT_FALSE(cache.has("img-2"));
    EXPECT_FALSE(fs::exists(dir.path / "_base" / "img-2.part"));
    auto never = [](const std::string&, const std::string&) { FAIL() << "fetched"; };
    EXPECT_THROW(cache.ensure("../etc", never), DriverError);
    EXPECT_THROW(cache.ensure("a/b", never), DriverError);
}

TEST(LibvirtImageCache, CleanupRemovesOnlyUnusedOldImages) {
    TempDir dir;
    ImageCache cache((dir.path / "_base").string());
    auto fetch = [](const std::string& id, const std::string& dest) { std::ofstream(dest) << id; };
    cache.ensure("used", fetch);
    cache.ensure("unused", fetch);
    cache.ensure("fresh", fetch);
    auto old = fs::file_time_type::clock::now() - std::chrono::hours(2);
    fs::last_write_time(cache.path_of("used"), old);
    fs::last_write_time(cache.path_of("unused"), old);
    auto removed = cache.cleanup({"used"}, std::chrono::hours(1));
    EXPECT_EQ(removed, std::vector<std::string>{"unused"});
    EXPECT_TRUE(cache.has("used"));
    EXPECT_TRUE(cache.has("fresh"));  // younger than the age
    EXPECT_FALSE(cache.has("unused"));
}

TEST(LibvirtDisk, OverlayOnCachedImageGrowsAndSnapshotsFlatten) {
    if (find_program({"qemu-img"}).empty()) {
        GTEST_SKIP() << "qemu-img is needed";
    }
    TempDir dir;
    auto base = (dir.path / "base").string();
    create_blank(base, "raw", 8 * 1024 * 1024);
    auto disk = (dir.path / "disk").string();
    create_overlay(base, disk);
    auto info = disk_info(disk);
    EXPECT_EQ(info.format, "qcow2");
    EXPECT_EQ(info.virtual_size, 8u * 1024 * 1024);
    grow(disk, 64u * 1024 * 1024);
    EXPECT_EQ(disk_info(disk).virtual_size, 64u * 1024 * 1024);
    grow(disk, 1024);  // never shrinks
    EXPECT_EQ(disk_info(disk).virtual_size, 64u * 1024 * 1024);
    auto snap = (dir.path / "snap.qcow2").string();
    convert_to_qcow2(disk, snap, false);
    auto out = run_checked({"qemu-img", "info", snap});
    EXPECT_EQ(out.find("backing file"), std::string::npos) << out;
}

TEST(LibvirtProcess, FailuresCarryTheOutput) {
    auto r = run_process({"sh", "-c", "echo oops >&2; exit 3"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(r.output, "oops\n");
    try {
        run_checked({"sh", "-c", "echo broken; exit 1"});
        FAIL() << "no throw";
    } catch (const DriverError& e) {
        EXPECT_NE(std::string(e.what()).find("broken"), std::string::npos);
    }
    EXPECT_EQ(run_process({"/nonexistent/program"}).exit_code, -1);
}

// As nova's libvirt driver without hw_qemu_guest_agent: QemuGuestAgentNotEnabled,
// which the API answers 409 with this message, not "not implemented".
TEST(LibvirtDriverPassword, WithoutGuestAgentFailsRatherThanNotSupported) {
    LibvirtOptions o;
    o.instances_path = "/nonexistent/onestack-unit";
    LibvirtDriver driver(o);
    Instance inst;
    inst.uuid = "0f0e0d0c-0000-4000-8000-000000000002";
    try {
        driver.set_admin_password(inst, "secret");
        FAIL() << "set_admin_password succeeded";
    } catch (const GuestAgentNotEnabled& e) {
        EXPECT_STREQ(e.what(), "QEMU guest agent is not enabled");
    } catch (const DriverError& e) {
        FAIL() << "not GuestAgentNotEnabled (the API's 409 in nova's words): " << e.what();
    }
}

}  // namespace
}  // namespace onestack::compute::virt::libvirt
