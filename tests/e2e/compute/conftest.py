"""Compute e2e fixtures: an all-in-one on the fake driver with three fake
hosts (anti-affinity needs them; resizes may land on the same host), an
image and flavors to boot from, a non-admin member, and a status waiter."""
import importlib.util
import os
import shutil
import tempfile
import uuid

import pytest

# tests/e2e/conftest.py, by path: both conftest modules share a basename.
_spec = importlib.util.spec_from_file_location(
    "e2e_root_conftest", os.path.join(os.path.dirname(os.path.dirname(__file__)), "conftest.py"))
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
start_cloud, stop_cloud = _root.start_cloud, _root.stop_cloud


@pytest.fixture(scope="session")
def cloud():
    workdir = tempfile.mkdtemp(prefix="onestack-e2e-compute-")
    c = start_cloud(workdir, extra_sets=["compute.driver=fake", "fake.hosts=3",
                                         "compute.allow_resize_to_same_host=true"])
    yield c
    stop_cloud(c)
    if os.environ.get("ONESTACK_KEEP_E2E") is None:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def crash_cloud():
    """A cloud of its own for test_crash_safety: two fake hosts whose spawns
    take 4 s, a 20 s task deadline and a reconciler sweeping every 2 s."""
    workdir = tempfile.mkdtemp(prefix="onestack-e2e-crash-")
    c = start_cloud(workdir, extra_sets=["compute.driver=fake", "fake.hosts=2",
                                         "fake.spawn_delay_ms=4000",
                                         "compute.task_deadline=20", "reconciler.interval=2"])
    c.task_deadline, c.reconciler_interval = 20, 2
    yield c
    stop_cloud(c)
    if os.environ.get("ONESTACK_KEEP_E2E") is None:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def image(cloud):
    """A small active public image."""
    path = os.path.join(cloud.workdir, "boot.img")
    with open(path, "wb") as f:
        f.write(os.urandom(64 * 1024))
    img = cloud.openstack("image", "create", "--file", path, "--disk-format", "raw",
                          "--container-format", "bare", "--public", "e2e-boot-image")
    return img["id"]


@pytest.fixture(scope="session")
def flavors(cloud):
    """Public flavors: small (1 vCPU, 256 MiB, 1 GB), medium and large."""
    out = {}
    for name, ram, vcpus, disk in (("e2e.small", 256, 1, 1), ("e2e.medium", 512, 2, 2),
                                    ("e2e.large", 768, 2, 3)):
        out[name.split(".")[1]] = cloud.openstack(
            "flavor", "create", "--ram", str(ram), "--vcpus", str(vcpus), "--disk", str(disk),
            name)["id"]
    return out


@pytest.fixture(scope="session")
def member(cloud):
    """A non-admin user with the member role on its own project: CLI env."""
    suffix = uuid.uuid4().hex[:8]
    project, user, password = "p-" + suffix, "u-" + suffix, "pw-" + suffix
    cloud.openstack("project", "create", project)
    cloud.openstack("user", "create", "--password", password, user)
    cloud.openstack("role", "add", "--user", user, "--project", project, "member", parse=False)
    env = cloud.user_env(user, password, project)
    env["OS_COMPUTE_API_VERSION"] = "2.79"
    return {"env": env, "project": project, "user": user}
