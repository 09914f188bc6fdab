"""Shared pieces of the Python benchmarks (bench/placement.py, bench/compute.py):
a keep-alive JSON client, keystone tokens, starting onestack's all-in-one in a
temporary state directory, wrk runs with medians, RSS of a process tree."""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


class Api:
    """One keep-alive connection; `version` goes out as OpenStack-API-Version."""

    def __init__(self, port, token, service="placement", version=None):
        self.port, self.token = port, token
        self.service, self.version = service, version
        self.conn = None

    def call(self, method, path, body=None, version=None):
        headers = {"X-Auth-Token": self.token, "Accept": "application/json"}
        if version or self.version:
            headers["OpenStack-API-Version"] = "%s %s" % (self.service, version or self.version)
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        for attempt in range(2):  # upstream's uwsgi closes every connection
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                text = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return resp.status, (json.loads(text) if text else None)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise


def keystone_token(auth_url, user, password, project):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": user, "domain": {"name": "Default"}, "password": password}}},
        "scope": {"project": {"name": project, "domain": {"name": "Default"}}}}}
    host, port = re.match(r"http://([^:/]+):(\d+)", auth_url).groups()
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.request("POST", "/v3/auth/tokens?nocatalog", body=json.dumps(body),
                 headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    resp.read()
    assert resp.status == 201, resp.status
    return resp.getheader("X-Subject-Token")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_up(port, path="/"):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        c.request("GET", path)
        c.getresponse().read()
        return True
    except OSError:
        return False


def wait_http(url, proc=None, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("process exited while starting")
        try:
            host, port = re.match(r"http://([^:/]+):(\d+)", url).groups()
            c = http.client.HTTPConnection(host, int(port), timeout=2)
            c.request("GET", "/")
            c.getresponse().read()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("%s did not answer" % url)


def wrk(name, url, conns, script, env, reps, dur):
    """`reps` wrk runs; the median rps/p50/p99 and the summed non-2xx count."""
    runs = []
    threads = 2 if conns >= 2 else 1
    for _ in range(reps):
        out = subprocess.run(
            ["wrk", "-t%d" % threads, "-c%d" % conns, "-d" + dur, "--timeout", "30s",
             "-s", os.path.join(HERE, script), url],
            env=dict(os.environ, BENCH_DIR=HERE, **env),
            capture_output=True, text=True).stdout
        line = [entry for entry in out.splitlines() if entry.startswith("RESULT")]
        if line:
            runs.append(dict(kv.split("=") for kv in line[0].split()[1:]))
    if not runs:
        return {"name": name, "rps": "nan", "p50_ms": "nan", "p99_ms": "nan", "non2xx": "nan"}
    med = {k: statistics.median(float(r[k]) for r in runs) for k in ("rps", "p50_ms", "p99_ms")}
    errors = sum(int(r["non2xx3xx"]) + int(r["errors"]) for r in runs)
    return {"name": name, "rps": "%.1f" % med["rps"], "p50_ms": "%.2f" % med["p50_ms"],
            "p99_ms": "%.2f" % med["p99_ms"], "non2xx": str(errors)}


def emit(row, rows, out):
    line = "\t".join(row[k] for k in ("name", "rps", "p50_ms", "p99_ms", "non2xx"))
    print(line, flush=True)
    out.write(line + "\n")
    out.flush()
    rows[row["name"]] = row


def rss_kib(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS"):
            return int(line.split()[1])
    return 0


def group_rss_kib(pid):
    """RSS of a process and its descendants (uwsgi's master and workers)."""
    total = rss_kib(pid)
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                              text=True).stdout.split()
    return total + sum(group_rss_kib(int(c)) for c in children)


class Onestack:
    """`onestack all-in-one` on free loopback ports in a temporary state
    directory; `sets` are extra `--set section.option=value` pairs."""

    SERVICES = ("identity", "image", "placement", "compute_api", "metadata")

    def __init__(self, binary, prefix, sets=()):
        self.work = tempfile.mkdtemp(prefix=prefix)
        self.ports = {s: free_port() for s in self.SERVICES}
        cmd = [binary, "--set", "DEFAULT.state_path=%s" % os.path.join(self.work, "data"),
               "--set", "identity.password_hash_rounds=4",
               "--set", "DEFAULT.access_log=false", "--set", "DEFAULT.log_level=warning",
               # compute's default (auto) would run a libvirt agent where libvirtd runs
               "--set", "compute.driver=fake"]
        for s, p in self.ports.items():
            cmd += ["--set", "%s.bind_port=%d" % (s, p)]
        for kv in sets:
            cmd += ["--set", kv]
        self.log_path = os.path.join(self.work, "onestack.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd + ["all-in-one"], stdout=self.log,
                                     stderr=subprocess.STDOUT)
        try:
            wait_http("http://127.0.0.1:%d" % self.ports["identity"], self.proc)
            clouds_yaml = os.path.join(self.work, "data", "clouds.yaml")
            for _ in range(1200):  # written once identity is bootstrapped
                if os.path.exists(clouds_yaml) and "password" in open(clouds_yaml).read():
                    break
                time.sleep(0.05)
            self.password = re.search(r"password:\s*(\S+)", open(clouds_yaml).read()).group(1)
        except Exception:
            self.stop()
            raise

    def url(self, service):
        return "http://127.0.0.1:%d" % self.ports[service]

    def admin_token(self):
        return keystone_token(self.url("identity"), "admin", self.password, "admin")

    def rss_mib(self):
        return rss_kib(self.proc.pid) / 1024

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait()
        self.log.close()
        if os.environ.get("BENCH_KEEP") is None:
            shutil.rmtree(self.work, ignore_errors=True)
