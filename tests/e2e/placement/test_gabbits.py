"""Upstream placement's gabbi API tests (gabbits/*.yaml) against onestack.

Each YAML file gets a fresh `onestack serve placement` with noauth2 and its
own database, as upstream gives each file a fresh database; the file's
tests then run in order through gabbi. A failing gabbi test fails the file's
pytest case with gabbi's explanation.
"""
import glob
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import pytest
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gabbi_fixtures  # noqa: E402

from gabbi import handlers, suitemaker  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
GABBITS = sorted(glob.glob(os.path.join(HERE, "gabbits", "*.yaml")))

# gabbi test names (file_stem_test-name) onestack is known not to match, and why.
KNOWN_FAILURES = {
}


def binary():
    return os.environ.get("ONESTACK_BIN", os.path.join(REPO, "build", "src", "cmd", "onestack"))


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self):
        self.workdir = tempfile.mkdtemp(prefix="onestack-gabbi-")
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


@pytest.mark.parametrize("path", GABBITS, ids=[os.path.basename(p) for p in GABBITS])
def test_gabbit_file(path):
    server = Server()
    os.environ["PLACEMENT_URL"] = server.url
    try:
        with open(path) as f:
            suite_dict = yaml.safe_load(f)
        stem = os.path.splitext(os.path.basename(path))[0]
        loader = unittest.TestLoader()
        suite = suitemaker.test_suite_from_dict(
            loader, stem, suite_dict, os.path.dirname(path), "127.0.0.1", server.port,
            gabbi_fixtures, None, handlers=[h() for h in handlers.RESPONSE_HANDLERS])
        out = io.StringIO()
        result = unittest.TextTestRunner(stream=out, verbosity=0).run(suite)
        problems = []
        for test, trace in result.failures + result.errors:
            name = test.id().rsplit(".", 1)[-1] if hasattr(test, "id") else str(test)
            if any(name.endswith(k) for k in KNOWN_FAILURES):
                continue
            problems.append("%s\n%s" % (name, trace[-3000:]))
        assert not problems, "%d of %d gabbi tests failed:\n\n%s" % (
            len(problems), result.testsRun, "\n\n".join(problems))
    finally:
        server.stop()
