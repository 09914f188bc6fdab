"""Metadata e2e fixtures: an all-in-one on the fake driver with a metadata
proxy secret, and one server booted with a config drive, user data, a key
pair and a property, as a guest would be."""
import importlib.util
import os
import shutil
import tempfile

import pytest

_E2E = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# tests/e2e/conftest.py and the compute helpers, by path (conftest basenames clash).
_root = _load("e2e_root_conftest", os.path.join(_E2E, "conftest.py"))
_compute = _load("e2e_compute_helpers", os.path.join(_E2E, "compute", "compute_helpers.py"))
start_cloud, stop_cloud = _root.start_cloud, _root.stop_cloud
boot, keygen = _compute.boot, _compute.keygen

SECRET = "e2e-metadata-proxy-secret"
# Bytes a guest must get back unchanged: a cloud-config with non-ASCII text.
USER_DATA = "#cloud-config\nruncmd:\n  - echo 'h\u00e9llo w\u00f6rld' > /tmp/x\n".encode()


def compute_env(cloud):
    """CLI environment at a microversion that knows --network none."""
    return cloud.env(OS_COMPUTE_API_VERSION="2.79")


@pytest.fixture(scope="session")
def cloud():
    workdir = tempfile.mkdtemp(prefix="onestack-e2e-metadata-")
    c = start_cloud(workdir, extra_sets=["compute.driver=fake",
                                         "metadata.metadata_proxy_shared_secret=" + SECRET])
    yield c
    stop_cloud(c)
    if os.environ.get("ONESTACK_KEEP_E2E") is None:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def guest(cloud, tmp_path_factory):
    """A server with --config-drive true, --user-data, --key-name and --property a=b."""
    tmp = tmp_path_factory.mktemp("guest")
    image_file = tmp / "boot.img"
    image_file.write_bytes(os.urandom(64 * 1024))
    image = cloud.openstack("image", "create", "--file", str(image_file), "--disk-format", "raw",
                            "--container-format", "bare", "md-image")["id"]
    flavor = cloud.openstack("flavor", "create", "--ram", "256", "--vcpus", "1", "--disk", "1",
                             "md.small")["id"]
    pub, _ = keygen(tmp)
    key = cloud.openstack("keypair", "create", "--public-key", pub, "md-key")
    user_data = tmp / "user-data"
    user_data.write_bytes(USER_DATA)
    server = boot(cloud, image, flavor, "md-guest", "--config-drive", "true", "--user-data",
                  str(user_data), "--key-name", "md-key", "--property", "a=b",
                  env=compute_env(cloud))
    assert server["status"] == "ACTIVE", server
    project = cloud.openstack("project", "show", "admin")["id"]
    with open(pub) as f:
        public_key = f.read()
    return {"id": server["id"], "project": project, "image": image, "flavor": flavor,
            "key": key["name"], "public_key": public_key, "server": server}
