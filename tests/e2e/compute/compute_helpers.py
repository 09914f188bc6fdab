"""Helpers of the compute e2e tests.

Waiting polls the compute API over plain HTTP (cheap, every 0.1 s) and shows
the result through the CLI once: the CLI's own `--wait` sleeps 5 s between
its polls, and a CLI process per poll would compete with the cloud for the
two cores."""
import json
import subprocess
import time

POLL = 0.1


def api_token(cloud):
    """An admin token kept on the cloud for the helpers' polls."""
    if getattr(cloud, "_helpers_admin_token", None) is None:
        cloud._helpers_admin_token = cloud.admin_token()
    return cloud._helpers_admin_token


def api(cloud, method, path, body=None, version="2.79"):
    """A compute API request as admin: (status, parsed body or None)."""
    for attempt in (1, 2):
        status, _, parsed = cloud.request(method, cloud.compute_url + path, api_token(cloud), body,
                                          {"OpenStack-API-Version": "compute " + version})
        if status == 401 and attempt == 1:
            cloud._helpers_admin_token = None  # expired: once more with a new token
            continue
        return status, parsed


def server_id(cloud, server):
    """The id of a server given by id or by (unique) name, any project's."""
    status, body = api(cloud, "GET", "/servers/" + server)
    if status == 200:
        return body["server"]["id"]
    status, body = api(cloud, "GET", "/servers?all_tenants=1&name=^%s$" % server)
    assert status == 200 and len(body["servers"]) == 1, (server, status, body)
    return body["servers"][0]["id"]


def api_status(cloud, uuid):
    """The server's status through the API, or None once it is gone."""
    status, body = api(cloud, "GET", "/servers/" + uuid)
    if status == 404:
        return None
    assert status == 200, (status, body)
    return body["server"]["status"]


def settle(cloud, server, statuses, timeout=60):
    """Polls the API until the status is one of `statuses` (or ERROR);
    returns the last status seen."""
    uuid = server_id(cloud, server)
    deadline = time.time() + timeout
    status = api_status(cloud, uuid)
    while status not in statuses and status != "ERROR" and time.time() < deadline:
        time.sleep(POLL)
        status = api_status(cloud, uuid)
    return status


def wait_status(cloud, server, statuses, env=None, timeout=60):
    """Waits until the status is one of `statuses` (or ERROR), then returns
    `server show` through the CLI."""
    settle(cloud, server, statuses, timeout)
    return cloud.openstack("server", "show", server, env=env)


def wait_image(cloud, image_id, status="active", timeout=60):
    """Polls the image API until the image has `status` (or is killed)."""
    deadline = time.time() + timeout
    while True:
        code, _, image = cloud.request("GET", cloud.image_url + "/v2/images/" + image_id,
                                       api_token(cloud))
        assert code == 200, (code, image)
        if image["status"] in (status, "killed") or time.time() > deadline:
            return image["status"]
        time.sleep(POLL)


def wait_gone(cloud, uuid, timeout=60):
    deadline = time.time() + timeout
    while api_status(cloud, uuid) is not None:
        assert time.time() < deadline, "server %s still there after %d s" % (uuid, timeout)
        time.sleep(POLL)


def delete(cloud, server, env=None):
    """`server delete` through the CLI, then waits until the server is gone."""
    uuid = server_id(cloud, server)
    cloud.openstack("server", "delete", server, env=env, parse=False)
    wait_gone(cloud, uuid)


def boot(cloud, image, flavor, name, *extra, env=None, wait=False):
    """server create, then the server shown once it is ACTIVE (or ERROR).
    wait=True uses the CLI's own `--wait` (it prints its progress,
    "Complete", before the JSON)."""
    if wait:
        out = cloud.openstack("server", "create", "--image", image, "--flavor", flavor,
                              "--network", "none", "--wait", *extra, name, "-f", "json",
                              env=env, parse=False, check=False)
        assert out.returncode == 0 and "{" in out.stdout, (out.stdout, out.stderr)
        return json.loads(out.stdout[out.stdout.index("{"):])
    created = cloud.openstack("server", "create", "--image", image, "--flavor", flavor,
                              "--network", "none", *extra, name, env=env)
    return wait_status(cloud, created["id"], ["ACTIVE"], env=env)


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
