"""End-to-end fixtures: a real onestack all-in-one, driven by the real
`openstack` CLI and openstacksdk (Debian's packages, /usr/bin/python3).

Environment:
  ONESTACK_BIN            the binary (default: build/src/cmd/onestack)
  ONESTACK_IDENTITY_DB    identity's database URL (default: SQLite in the state dir);
                          tests/e2e/run-postgres sets a PostgreSQL one.
  ONESTACK_E2E_CLI=exec   a fresh `openstack` process per CLI call instead of a fork
                          of a pre-imported one (cli_runner.py); slower, same results.
"""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request

import pytest

import cli_runner
from ports import free_port

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# The longest files first (about 130, 60, 30 and 30 s of a quiet run): with
# two workers taking files in collection order, one of them last would keep
# its worker busy after the other has finished everything else.
LONGEST_FIRST = ["libvirt/test_libvirt_servers.py", "compute/test_servers.py",
                 "identity/test_catalog.py", "placement/test_gabbits.py"]


def pytest_collection_modifyitems(items):
    def rank(item):
        path = item.nodeid.split("::", 1)[0]
        return next((n for n, f in enumerate(LONGEST_FIRST) if path.endswith(f)),
                    len(LONGEST_FIRST))
    items.sort(key=rank)  # stable: a file's tests keep their order


class Cloud:
    """One running all-in-one and the ways to talk to it."""

    def __init__(self, workdir, proc, ports):
        self.workdir = workdir
        self.proc = proc
        self.ports = ports
        self.state = os.path.join(workdir, "data")
        self.auth_url = "http://127.0.0.1:%d/v3" % ports["identity"]
        self.image_url = "http://127.0.0.1:%d" % ports["image"]
        self.clouds_yaml = os.path.join(self.state, "clouds.yaml")
        self.placement_url = "http://127.0.0.1:%d" % ports["placement"]
        self.compute_url = "http://127.0.0.1:%d/v2.1" % ports["compute"]
        self.metadata_url = "http://127.0.0.1:%d" % ports.get("metadata", 8775)

    def env(self, **extra):
        env = dict(os.environ)
        for key in list(env):
            if key.startswith("OS_"):
                del env[key]
        env["OS_CLIENT_CONFIG_FILE"] = self.clouds_yaml
        env["OS_CLOUD"] = "onestack"
        env.update(extra)
        return env

    def openstack(self, *args, env=None, check=True, parse=True):
        """Runs the openstack CLI; returns parsed JSON output when -f json applies."""
        cmd = ["openstack", *args]
        if parse and not any(a.startswith("-f") for a in args):
            cmd += ["-f", "json"]
        res = cli_runner.run(cmd, env or self.env(), timeout=120)
        if check and res.returncode != 0:
            raise AssertionError("%s failed (%d):\n%s\n%s" % (" ".join(cmd), res.returncode,
                                                              res.stdout, res.stderr))
        if not check:
            return res
        if parse and res.stdout.strip():
            return json.loads(res.stdout)
        return res.stdout

    def user_env(self, username, password, project, domain="Default"):
        """CLI environment for another user, without clouds.yaml."""
        env = dict(os.environ)
        for key in list(env):
            if key.startswith("OS_"):
                del env[key]
        env.update(OS_AUTH_URL=self.auth_url, OS_USERNAME=username, OS_PASSWORD=password,
                   OS_PROJECT_NAME=project, OS_USER_DOMAIN_NAME=domain,
                   OS_PROJECT_DOMAIN_NAME=domain, OS_IDENTITY_API_VERSION="3")
        return env

    def sdk(self, **auth):
        import openstack
        import openstack.config
        if not auth:
            config = openstack.config.OpenStackConfig(config_files=[self.clouds_yaml])
            return openstack.connection.Connection(config=config.get_one("onestack"))
        return openstack.connect(auth_url=self.auth_url, user_domain_name="Default",
                                 project_domain_name="Default", identity_api_version="3",
                                 **auth)

    def admin_password(self):
        import yaml
        with open(self.clouds_yaml) as f:
            return yaml.safe_load(f)["clouds"]["onestack"]["auth"]["password"]

    def request(self, method, path, token=None, body=None, headers=None, raw_body=None):
        """A raw HTTP request to identity, or to any service when `path` is a
        whole URL: (status, headers, parsed-or-text body)."""
        data = raw_body if raw_body is not None else (
            json.dumps(body).encode() if body is not None else None)
        base = "" if path.startswith("http") else self.auth_url.rsplit("/v3", 1)[0]
        req = urllib.request.Request(base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("X-Auth-Token", token)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                status, hdrs, text = resp.status, dict(resp.headers), resp.read().decode()
        except urllib.error.HTTPError as e:
            status, hdrs, text = e.code, dict(e.headers), e.read().decode()
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = text
        return status, hdrs, parsed

    def admin_token(self):
        status, hdrs, _ = self.request("POST", "/v3/auth/tokens", body={"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": "admin", "domain": {"id": "default"}, "password": self.admin_password()}}},
            "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}})
        assert status == 201, status
        return hdrs["X-Subject-Token"]


def binary():
    return os.environ.get("ONESTACK_BIN", os.path.join(REPO, "build", "src", "cmd", "onestack"))


def start_cloud(workdir, extra_sets=()):
    ports = {"identity": free_port(), "placement": free_port(), "image": free_port(),
             "compute": free_port(), "metadata": free_port()}
    # The fake hypervisor unless a suite asks for another (extra_sets win):
    # the default, auto, would boot real guests wherever libvirtd runs.
    sets = ["compute.driver=fake",
            "identity.bind_port=%d" % ports["identity"],
            "image.bind_port=%d" % ports["image"],
            "placement.bind_port=%d" % ports["placement"],
            "compute_api.bind_port=%d" % ports["compute"],
            "metadata.bind_port=%d" % ports["metadata"],
            "identity.password_hash_rounds=4",
            "DEFAULT.state_path=%s" % os.path.join(workdir, "data")]
    if os.environ.get("ONESTACK_IDENTITY_DB"):
        url = os.environ["ONESTACK_IDENTITY_DB"]
        # Parallel workers each get their own database (run-postgres creates them).
        if os.environ.get("PYTEST_XDIST_WORKER"):
            url += "_" + os.environ["PYTEST_XDIST_WORKER"]
        sets.append("identity_database.connection=%s" % url)
    sets += list(extra_sets)
    cmd = [binary()]
    for s in sets:
        cmd += ["--set", s]
    cmd.append("all-in-one")
    log = open(os.path.join(workdir, "onestack.log"), "w")
    proc = subprocess.Popen(cmd, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    cloud = Cloud(workdir, proc, ports)
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("onestack exited: see %s/onestack.log" % workdir)
        try:
            urllib.request.urlopen(cloud.auth_url, timeout=1)
            if os.path.exists(cloud.clouds_yaml):
                return cloud
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("onestack did not answer in time")


def stop_cloud(cloud):
    cloud.proc.send_signal(signal.SIGTERM)
    try:
        cloud.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        cloud.proc.kill()
        cloud.proc.wait()


@pytest.fixture(scope="session")
def cloud():
    workdir = tempfile.mkdtemp(prefix="onestack-e2e-")
    c = start_cloud(workdir)
    yield c
    stop_cloud(c)
    if os.environ.get("ONESTACK_KEEP_E2E") is None:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def unique():
    """A fresh name per test."""
    counter = {"n": 0}

    def make(prefix="t"):
        counter["n"] += 1
        return "%s-%d-%d" % (prefix, os.getpid(), int(time.time() * 1000) % 10**8 + counter["n"])
    return make
