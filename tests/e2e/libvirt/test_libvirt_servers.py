"""Real QEMU guests through the libvirt driver, driven by the openstack CLI:
boot to the guest's console marker, every power action seen in libvirt's
domain state, resize, snapshot, delete (domain, disks, allocations) and a
SIGKILL of the all-in-one during a boot. One cloud, few servers (TCG)."""
import json
import os
import re
import time
import urllib.request
import uuid

import pytest

from libvirt_helpers import compute as _compute, domain, virsh

MARKER = re.compile(r"ONESTACK-GUEST-READY hostname=(\S+) uuid=(\S+) datasource=(\S+)")
BOOT_TIMEOUT = 240  # TCG on a loaded 2-core machine: 10-40 s per boot is normal


def wait_status(cloud, server, statuses, timeout=180):
    """Polls the API until the status is one of `statuses` (or ERROR), then
    returns `server show` through the CLI."""
    return _compute.wait_status(cloud, server, statuses, timeout=timeout)


def markers(cloud, server):
    out = cloud.openstack("console", "log", "show", server, parse=False)
    return MARKER.findall(out), out


def wait_markers(cloud, server, count, timeout=BOOT_TIMEOUT):
    """Polls the console log (through the API) until the marker line was
    printed `count` times."""
    uuid = _compute.server_id(cloud, server)
    deadline = time.time() + timeout
    found, out = [], ""
    while time.time() < deadline:
        out = console_api(cloud, uuid)
        found = MARKER.findall(out)
        if len(found) >= count:
            return found
        time.sleep(0.5)
    raise AssertionError("marker #%d not seen in %d s; console:\n%s" % (count, timeout, out[-3000:]))


def domstate(uuid):
    return virsh("domstate", domain(uuid), check=False)


def create(cloud, *args):
    res = cloud.openstack("server", "create", *args, "-f", "json", parse=False, check=False)
    assert res.returncode == 0 and "{" in res.stdout, (res.stdout, res.stderr)
    return json.loads(res.stdout[res.stdout.index("{"):])


def boot(cloud, *args):
    """server create, then `server show` once it is ACTIVE (or ERROR): the
    CLI's --wait would sleep 5 s between its polls."""
    created = create(cloud, *args)
    return wait_status(cloud, created["id"], ["ACTIVE"], timeout=BOOT_TIMEOUT)


def action(cloud, *args):
    cloud.openstack("server", *args, parse=False)


@pytest.fixture(scope="module")
def vm1(lv, tmp_path_factory):
    """vm1 booted with a config drive and a user_data script that writes a
    marker onto its root disk (the snapshot test looks for it)."""
    ud = tmp_path_factory.mktemp("ud") / "user_data"
    ud.write_text("#!/bin/sh\nmount -t vfat /dev/vda1 /mnt/disk && "
                  "echo snapshot-of-vm1 > /mnt/disk/onestack-marker.txt && umount /mnt/disk && sync\n"
                  "echo user-data-ran\n")
    server = boot(lv.cloud, "--image", "tiny", "--flavor", "m1.tiny", "--network", "none",
                  "--config-drive", "true", "--user-data", str(ud), "vm1")
    return server


def test_boot_prints_marker_with_uuid_and_hostname(lv, vm1):
    cloud = lv.cloud
    assert vm1["status"] == "ACTIVE", vm1
    uuid = vm1["id"]
    assert domain(uuid) in virsh("list", "--name").split()
    assert domstate(uuid) == "running"
    found = wait_markers(cloud, "vm1", 1)
    hostname, guest_uuid, source = found[-1]
    assert guest_uuid == uuid
    # The disk is an overlay on the host's image cache, grown to the flavor.
    disk = os.path.join(lv.instances_path(), uuid, "disk")
    info = json.loads(os.popen("qemu-img info -U --output=json %s" % disk).read())
    assert info["virtual-size"] == 1024 ** 3
    assert "/_base/" in info["backing-filename"]
    if source != "config-drive":
        pytest.xfail("the config drive carries no meta_data.json yet (the compute manager's "
                     "config_drive_files land with the metadata service work): guest saw "
                     "datasource=%s" % source)
    assert hostname == "vm1"
    _, out = markers(cloud, "vm1")
    assert "onestack-userdata: user-data-ran" in out


def test_power_actions_follow_libvirt(lv, vm1):
    cloud, uuid = lv.cloud, vm1["id"]
    wait_markers(cloud, "vm1", 1)
    action(cloud, "stop", "vm1")
    assert wait_status(cloud, "vm1", ["SHUTOFF"])["status"] == "SHUTOFF"
    assert domstate(uuid) == "shut off"
    action(cloud, "start", "vm1")
    assert wait_status(cloud, "vm1", ["ACTIVE"])["status"] == "ACTIVE"
    assert domstate(uuid) == "running"
    boots = len(wait_markers(cloud, "vm1", 2))

    action(cloud, "pause", "vm1")
    assert wait_status(cloud, "vm1", ["PAUSED"])["status"] == "PAUSED"
    assert domstate(uuid) == "paused"
    action(cloud, "unpause", "vm1")
    assert wait_status(cloud, "vm1", ["ACTIVE"])["status"] == "ACTIVE"
    assert domstate(uuid) == "running"

    action(cloud, "suspend", "vm1")
    assert wait_status(cloud, "vm1", ["SUSPENDED"])["status"] == "SUSPENDED"
    assert domstate(uuid) == "shut off"
    assert "Managed save:   yes" in virsh("dominfo", domain(uuid))
    action(cloud, "resume", "vm1")
    assert wait_status(cloud, "vm1", ["ACTIVE"])["status"] == "ACTIVE"
    assert domstate(uuid) == "running"
    # Restored, not rebooted: no new marker.
    assert len(markers(cloud, "vm1")[0]) == boots

    action(cloud, "reboot", "--soft", "vm1")
    assert wait_status(cloud, "vm1", ["ACTIVE"])["status"] == "ACTIVE"
    assert domstate(uuid) == "running"
    boots = len(wait_markers(cloud, "vm1", boots + 1))
    action(cloud, "reboot", "--hard", "vm1")
    assert wait_status(cloud, "vm1", ["ACTIVE"])["status"] == "ACTIVE"
    assert domstate(uuid) == "running"
    wait_markers(cloud, "vm1", boots + 1)


def console_api(cloud, uuid, length=None):
    """os-getConsoleOutput through the API (the CLI's text mode would turn the
    serial console's "\r" into line breaks)."""
    body = {"os-getConsoleOutput": {} if length is None else {"length": length}}
    status, answer = _compute.api(cloud, "POST", "/servers/%s/action" % uuid, body)
    assert status == 200, (status, answer)
    return answer["output"]


def test_console_log_length(lv, vm1):
    full = console_api(lv.cloud, vm1["id"])
    out = console_api(lv.cloud, vm1["id"], 2)
    assert MARKER.search(full)
    assert 1 <= len(out.split("\n")) <= 2, repr(out)
    assert len(out) < len(full) and full.rstrip("\n").endswith(out.rstrip("\n"))


def test_resize_confirm_changes_the_domain(lv, vm1):
    cloud, uuid = lv.cloud, vm1["id"]
    wait_markers(cloud, "vm1", 1)
    action(cloud, "resize", "--flavor", "e2e.resized", "vm1")
    shown = wait_status(cloud, "vm1", ["VERIFY_RESIZE"], timeout=240)
    assert shown["status"] == "VERIFY_RESIZE", shown
    action(cloud, "resize", "confirm", "vm1")
    assert wait_status(cloud, "vm1", ["ACTIVE"])["status"] == "ACTIVE"
    info = virsh("dominfo", domain(uuid))
    assert re.search(r"CPU\(s\):\s+2\b", info), info
    assert re.search(r"Max memory:\s+655360 KiB", info), info
    assert domstate(uuid) == "running"
    assert not os.path.exists(os.path.join(lv.instances_path(), uuid + "_resize"))


def test_resize_revert_restores_the_domain(lv, vm1):
    """After the confirmed resize vm1 is e2e.resized (2 vCPU, 640 MiB): a
    resize to m1.tiny then revert brings that back."""
    cloud, uuid = lv.cloud, vm1["id"]
    action(cloud, "resize", "--flavor", "m1.tiny", "vm1")
    shown = wait_status(cloud, "vm1", ["VERIFY_RESIZE"], timeout=240)
    assert shown["status"] == "VERIFY_RESIZE", shown
    assert re.search(r"CPU\(s\):\s+1\b", virsh("dominfo", domain(uuid)))
    action(cloud, "resize", "revert", "vm1")
    assert wait_status(cloud, "vm1", ["ACTIVE"], timeout=240)["status"] == "ACTIVE"
    info = virsh("dominfo", domain(uuid))
    assert re.search(r"CPU\(s\):\s+2\b", info), info
    assert re.search(r"Max memory:\s+655360 KiB", info), info
    assert domstate(uuid) == "running"
    assert not os.path.exists(os.path.join(lv.instances_path(), uuid + "_resize"))


def disks_of(uuid):
    """target -> source file of the domain's disks (virsh domblklist)."""
    rows = [line.split() for line in virsh("domblklist", domain(uuid)).splitlines()]
    return {r[0]: r[1] for r in rows if len(r) == 2}


def test_rescue_boots_the_rescue_disk_then_unrescue_restores(lv, vm1):
    cloud, uuid = lv.cloud, vm1["id"]
    folder = os.path.join(lv.instances_path(), uuid)
    boots = len(wait_markers(cloud, "vm1", 1))
    action(cloud, "rescue", "--image", "tiny", "vm1")
    assert wait_status(cloud, "vm1", ["RESCUE"], timeout=240)["status"] == "RESCUE"
    assert domstate(uuid) == "running"
    disks = disks_of(uuid)
    assert disks["vda"] == os.path.join(folder, "disk.rescue"), disks
    assert disks["vdb"] == os.path.join(folder, "disk"), disks
    wait_markers(cloud, "vm1", boots + 1)
    action(cloud, "unrescue", "vm1")
    assert wait_status(cloud, "vm1", ["ACTIVE"], timeout=240)["status"] == "ACTIVE"
    assert domstate(uuid) == "running"
    disks = disks_of(uuid)
    assert disks["vda"] == os.path.join(folder, "disk"), disks
    assert "disk.rescue" not in os.listdir(folder) and "unrescue.xml" not in os.listdir(folder)


def test_snapshot_boots_a_second_server_then_delete_cleans_up(lv, vm1):
    cloud = lv.cloud
    wait_markers(cloud, "vm1", 1)
    res = cloud.openstack("server", "image", "create", "--name", "vm1-snap", "vm1")
    _compute.wait_image(cloud, res["id"], timeout=BOOT_TIMEOUT)
    image = cloud.openstack("image", "show", "vm1-snap")
    assert image["status"] == "active" and image["disk_format"] == "qcow2", image
    vm2 = boot(cloud, "--image", "vm1-snap", "--flavor", "m1.tiny", "--network", "none", "vm2")
    assert vm2["status"] == "ACTIVE", vm2
    found = wait_markers(cloud, "vm2", 1)
    assert found[-1][1] == vm2["id"]
    _, vm1_console = markers(cloud, "vm1")
    _, out = markers(cloud, "vm2")
    if "user-data-ran" in vm1_console:
        # vm1's user_data wrote the file onto its disk: the snapshot carries it.
        assert "disk marker: snapshot-of-vm1" in out, out[-2000:]

    uuid = vm2["id"]
    _compute.delete(cloud, "vm2")
    assert domain(uuid) not in virsh("list", "--all", "--name").split()
    assert not os.path.exists(os.path.join(lv.instances_path(), uuid))
    token = cloud.admin_token()
    req = urllib.request.Request(cloud.placement_url + "/allocations/" + uuid,
                                 headers={"X-Auth-Token": token,
                                          "OpenStack-API-Version": "placement 1.28"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert json.load(resp)["allocations"] == {}


def test_kernel_and_ramdisk_boot(lv, tiny_image_file):
    """An image with kernel_id/ramdisk_id (AKI/ARI) boots by direct kernel boot."""
    cloud = lv.cloud
    folder = os.path.dirname(tiny_image_file)
    aki = cloud.openstack("image", "create", "--public", "--disk-format", "aki",
                          "--container-format", "aki", "--file",
                          os.path.join(folder, "vmlinuz"), "tiny-kernel")["id"]
    ari = cloud.openstack("image", "create", "--public", "--disk-format", "ari",
                          "--container-format", "ari", "--file",
                          os.path.join(folder, "initrd.img"), "tiny-ramdisk")["id"]
    cloud.openstack("image", "create", "--public", "--disk-format", "qcow2",
                    "--container-format", "bare", "--file", tiny_image_file, "--property",
                    "kernel_id=%s" % aki, "--property", "ramdisk_id=%s" % ari, "tiny-ami")
    vmk = boot(cloud, "--image", "tiny-ami", "--flavor", "m1.tiny", "--network", "none", "vmk")
    assert vmk["status"] == "ACTIVE", vmk
    xml = virsh("dumpxml", domain(vmk["id"]))
    assert "<kernel>%s</kernel>" % os.path.join(lv.instances_path(), "_base", aki) in xml
    assert "<initrd>%s</initrd>" % os.path.join(lv.instances_path(), "_base", ari) in xml
    assert wait_markers(cloud, "vmk", 1)[-1][1] == vmk["id"]
    _compute.delete(cloud, "vmk")
    assert domain(vmk["id"]) not in virsh("list", "--all", "--name").split()


def test_sigkill_during_boot_then_restart_settles(lv, vm1):
    """SIGKILL of the all-in-one while a guest boots; after the restart every
    server is ACTIVE or ERROR, no domain of ours lacks an instance, and no
    ACTIVE instance lacks a running domain."""
    cloud = lv.cloud
    vm3 = create(cloud, "--image", "tiny", "--flavor", "m1.tiny", "--network", "none", "vm3")
    deadline = time.time() + 120
    while time.time() < deadline:
        shown = _compute.api(cloud, "GET", "/servers/" + vm3["id"])[1]["server"]
        if shown.get("OS-EXT-STS:task_state") == "spawning" or shown["status"] != "BUILD":
            break
        time.sleep(0.1)
    lv.kill()
    # A domain of this cloud whose instance is gone (deleted while the agent
    # was down): orphan_policy=destroy removes it at init_host.
    orphan = str(uuid.uuid4())
    xml = os.path.join(lv.workdir, "orphan.xml")
    with open(xml, "w") as f:
        f.write("<domain type='qemu'><name>%s</name><uuid>%s</uuid><metadata>"
                "<onestack:instance xmlns:onestack='https://onestack.dev/xmlns/libvirt/instance/1'>"
                "<onestack:owner>%s</onestack:owner></onestack:instance></metadata>"
                "<memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os>"
                "</domain>" % (domain(orphan), orphan, lv.instances_path()))
    virsh("define", xml)
    assert orphan in lv.our_domains()
    lv.restart()
    cloud = lv.cloud
    deadline = time.time() + 180
    while time.time() < deadline:
        listed = _compute.api(cloud, "GET", "/servers/detail?all_tenants=1")[1]["servers"]
        if all(s["status"] in ("ACTIVE", "ERROR") for s in listed):
            break
        time.sleep(0.5)
    servers = cloud.openstack("server", "list", "--all-projects", "--long")
    assert servers and all(s["Status"] in ("ACTIVE", "ERROR") for s in servers), servers
    known = {s["ID"] for s in servers}
    domains = set(lv.our_domains())
    assert domains <= known, (domains, known)
    assert domain(orphan) not in virsh("list", "--all", "--name").split()
    for s in servers:
        if s["Status"] == "ACTIVE":
            assert domstate(s["ID"]) == "running", s
