"""One `onestack serve placement` with noauth2 and its own state directory
(database included), on a free loopback port: what the gabbi files and the
claim race run against."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))


def binary():
    return os.environ.get("ONESTACK_BIN", os.path.join(REPO, "build", "src", "cmd", "onestack"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
