"""libvirt e2e fixtures: libvirtd (scripts/start-libvirt), the tiny test
guest (scripts/make-test-image, cached), and one all-in-one on the libvirt
driver with the image `tiny` and flavor m1.tiny registered. The module is
skipped, with the reason, only when libvirtd cannot be started."""
import importlib.util
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request

import pytest

from libvirt_helpers import compute as _compute, domain, virsh

_spec = importlib.util.spec_from_file_location(
    "e2e_root_conftest", os.path.join(os.path.dirname(os.path.dirname(__file__)), "conftest.py"))
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
REPO = _root.REPO

# Short waits: the guest's acpid answers a power button press in ~4 s.
CLOUD_SETS = ["compute.driver=libvirt", "compute.allow_resize_to_same_host=true",
              "libvirt.shutdown_timeout=30", "compute.sync_power_state_interval=600"]


def launch(workdir, ports, extra_sets=()):
    """The all-in-one on given ports (a restart keeps them: clients and the
    catalog stay valid)."""
    sets = ["identity.bind_port=%d" % ports["identity"], "image.bind_port=%d" % ports["image"],
            "placement.bind_port=%d" % ports["placement"],
            "compute_api.bind_port=%d" % ports["compute"],
            "metadata.bind_port=%d" % ports["metadata"], "identity.password_hash_rounds=4",
            "DEFAULT.state_path=%s" % os.path.join(workdir, "data")] + CLOUD_SETS + list(extra_sets)
    cmd = [_root.binary()]
    for s in sets:
        cmd += ["--set", s]
    cmd.append("all-in-one")
    log = open(os.path.join(workdir, "onestack.log"), "a")
    proc = subprocess.Popen(cmd, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    cloud = _root.Cloud(workdir, proc, ports)
    # `--network none` needs compute microversion 2.37 or later.
    base_env = cloud.env
    cloud.env = lambda **extra: base_env(**{"OS_COMPUTE_API_VERSION": "2.79", **extra})
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("onestack exited: see %s/onestack.log" % workdir)
        try:
            urllib.request.urlopen(cloud.compute_url.rsplit("/v2.1", 1)[0], timeout=1)
            if os.path.exists(cloud.clouds_yaml):
                return cloud
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("onestack did not answer in time")


@pytest.fixture(scope="session")
def libvirtd():
    res = subprocess.run([os.path.join(REPO, "scripts", "start-libvirt")], capture_output=True,
                         text=True, timeout=180)
    if res.returncode != 0:
        pytest.skip("libvirtd cannot be started here: %s" % (res.stderr or res.stdout).strip())
    return True


@pytest.fixture(scope="session")
def tiny_image_file(libvirtd):
    res = subprocess.run([os.path.join(REPO, "scripts", "make-test-image")], capture_output=True,
                         text=True, timeout=900)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip().splitlines()[-1]


class LibvirtCloud:
    """The running all-in-one, restartable on its ports and state."""

    def __init__(self, workdir):
        self.workdir = workdir
        # Every port free (the metadata default, 8775, may be another cloud's).
        self.ports = {k: _root.free_port()
                      for k in ("identity", "placement", "image", "compute", "metadata")}
        self.cloud = launch(workdir, self.ports)

    def kill(self):
        self.cloud.proc.send_signal(signal.SIGKILL)
        self.cloud.proc.wait()

    def restart(self):
        self.cloud = launch(self.workdir, self.ports)

    def instances_path(self):
        return os.path.join(self.workdir, "data", "instances")

    def our_domains(self):
        """uuids of the domains this cloud owns (its instances path in <metadata>)."""
        out = []
        for name in virsh("list", "--all", "--name").split():
            meta = virsh("metadata", name, "https://onestack.dev/xmlns/libvirt/instance/1",
                         check=False)
            if "owner>%s<" % self.instances_path() in meta:
                out.append(virsh("domuuid", name))
        return out


@pytest.fixture(scope="session")
def lv(libvirtd, tiny_image_file):
    workdir = tempfile.mkdtemp(prefix="onestack-e2e-libvirt-")
    holder = LibvirtCloud(workdir)
    c = holder.cloud
    c.openstack("image", "create", "--public", "--disk-format", "qcow2", "--container-format",
                "bare", "--file", tiny_image_file, "tiny")
    c.openstack("flavor", "create", "--public", "--ram", "512", "--disk", "1", "--vcpus", "1",
                "m1.tiny")
    c.openstack("flavor", "create", "--public", "--ram", "640", "--disk", "1", "--vcpus", "2",
                "e2e.resized")
    yield holder
    # Every server (hence domain and disk) goes with the cloud (through the
    # API: a CLI --wait sleeps 5 s per server).
    try:
        api = _compute.api
        servers = api(holder.cloud, "GET", "/servers?all_tenants=1")[1]["servers"]
        for s in servers:
            api(holder.cloud, "DELETE", "/servers/" + s["id"])
        for s in servers:
            _compute.wait_gone(holder.cloud, s["id"])
    except Exception:  # noqa: BLE001 - best effort before the hard cleanup below
        pass
    _root.stop_cloud(holder.cloud)
    for uuid in holder.our_domains():
        virsh("destroy", domain(uuid), check=False)
        virsh("undefine", "--managed-save", domain(uuid), check=False)
    if os.environ.get("ONESTACK_KEEP_E2E") is None:
        shutil.rmtree(workdir, ignore_errors=True)
