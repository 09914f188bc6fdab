"""One `onestack serve placement` with noauth2 and its own state directory
(database included), on a free loopback port: what the gabbi files and the
claim race run against; and one placement request, as the tests make them."""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

from ports import free_port

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))


def request(method, url, body=None, token="admin", version="latest", headers=None):
    """(status, headers, parsed body) of one placement request; the headers
    are read case-insensitively, as HTTP defines them."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("X-Auth-Token", token)
    if version:
        req.add_header("OpenStack-API-Version", "placement %s" % version)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            status, hdrs, text = resp.status, resp.headers, resp.read().decode()
    except urllib.error.HTTPError as e:
        status, hdrs, text = e.code, e.headers, e.read().decode()
    return status, hdrs, (json.loads(text) if text else None)


def binary():
    return os.environ.get("ONESTACK_BIN", os.path.join(REPO, "build", "src", "cmd", "onestack"))


class Server:
    def __init__(self):
        self.workdir = tempfile.mkdtemp(prefix="onestack-placement-")
        self.port = free_port()
        cmd = [binary(), "--set", "DEFAULT.state_path=%s" % self.workdir,
               "--set", "placement.bind_port=%d" % self.port,
               "--set", "placement.auth_strategy=noauth2",
               "--set", "DEFAULT.access_log=false", "serve", "placement"]
        self.log = open(os.path.join(self.workdir, "placement.log"), "w")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = "http://127.0.0.1:%d" % self.port
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("placement exited: %s" % open(self.log.name).read())
            try:
                urllib.request.urlopen(self.url + "/", timeout=1)
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("placement did not answer")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.workdir, ignore_errors=True)
