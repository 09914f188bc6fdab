"""Helpers of the compute e2e tests."""
import json
import subprocess
import time


def wait_status(cloud, server, statuses, env=None, timeout=60):
    """Polls `server show` until the status is one of `statuses` (or ERROR)."""
    deadline = time.time() + timeout
    shown = None
    while time.time() < deadline:
        shown = cloud.openstack("server", "show", server, env=env)
        if shown["status"] in statuses or shown["status"] == "ERROR":
            return shown
        time.sleep(0.2)
    return shown


def boot(cloud, image, flavor, name, *extra, env=None):
    """server create --wait; returns the shown server (the CLI prints its
    progress, "Complete", before the JSON)."""
    out = cloud.openstack("server", "create", "--image", image, "--flavor", flavor,
                          "--network", "none", "--wait", *extra, name, "-f", "json", env=env,
                          parse=False,
                          check=False)
    assert out.returncode == 0 and "{" in out.stdout, (out.stdout, out.stderr)
    return json.loads(out.stdout[out.stdout.index("{"):])


def keygen(tmp_path, kind="ed25519"):
    key = str(tmp_path / ("id_" + kind))
    subprocess.run(["ssh-keygen", "-q", "-t", kind, "-N", "", "-f", key], check=True)
    fp = subprocess.run(["ssh-keygen", "-l", "-E", "md5", "-f", key + ".pub"], check=True,
                        capture_output=True, text=True).stdout.split()[1]
    return key + ".pub", fp[len("MD5:"):]


def failed_with(res, status):
    """The CLI failed with that HTTP status (novaclient and openstacksdk word it differently)."""
    return res.returncode != 0 and ("HTTP %d" % status in res.stderr or
                                    "%d: Client Error" % status in res.stderr or
                                    "(HTTP %d)" % status in res.stderr)
