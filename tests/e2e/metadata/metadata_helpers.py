"""Helpers of the metadata e2e tests (a unique module name: every e2e
directory has a conftest.py)."""
import hashlib
import hmac
import importlib.util
import os
import urllib.error
import urllib.request

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
boot, delete, keygen = _compute.boot, _compute.delete, _compute.keygen

SECRET = "e2e-metadata-proxy-secret"
# Bytes a guest must get back unchanged: a cloud-config with non-ASCII text.
USER_DATA = "#cloud-config\nruncmd:\n  - echo 'h\u00e9llo w\u00f6rld' > /tmp/x\n".encode()


def compute_env(cloud):
    """CLI environment at a microversion that knows --network none."""
    return cloud.env(OS_COMPUTE_API_VERSION="2.79")


def sign(instance_id, secret=SECRET):
    """X-Instance-ID-Signature as the metadata proxy computes it."""
    return hmac.new(secret.encode(), instance_id.encode(), hashlib.sha256).hexdigest()


def get(cloud, path, headers=None, method="GET", data=None):
    """(status, headers, body bytes) of a request to the metadata service."""
    req = urllib.request.Request(cloud.metadata_url + path, method=method, data=data)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def as_guest(guest, **extra):
    """The headers the metadata proxy adds for this guest (extra ones override)."""
    headers = {"X-Instance-ID": guest["id"], "X-Tenant-ID": guest["project"],
               "X-Instance-ID-Signature": sign(guest["id"])}
    headers.update(extra)
    return headers
