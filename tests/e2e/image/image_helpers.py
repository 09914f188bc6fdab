"""Helpers of the image e2e tests: raw HTTP to the image API and a project
with a member user."""
import contextlib
import http.client
import importlib.util
import json
import os
import shutil
import tempfile
import urllib.parse

# The session fixtures' module, loaded by path: its start_cloud takes extra options, for
# the modules that need a cloud of their own (quotas, several stores).
_spec = importlib.util.spec_from_file_location(
    "e2e_root_conftest", os.path.join(os.path.dirname(os.path.dirname(__file__)), "conftest.py"))
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
start_cloud, stop_cloud = _root.start_cloud, _root.stop_cloud


@contextlib.contextmanager
def own_cloud(prefix, sets):
    """A cloud of its own with extra options, removed afterwards."""
    workdir = tempfile.mkdtemp(prefix=prefix)
    c = start_cloud(workdir, sets)
    try:
        yield c
    finally:
        stop_cloud(c)
        shutil.rmtree(workdir, ignore_errors=True)


class ImageApi:
    """Plain HTTP to the image endpoint, for status codes and headers."""

    def __init__(self, cloud):
        self.cloud = cloud
        parsed = urllib.parse.urlsplit(cloud.image_url)
        self.host, self.port = parsed.hostname, parsed.port

    def call(self, method, path, token, body=None, headers=None, raw=None, chunks=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        hdrs = {"X-Auth-Token": token, "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        if raw is not None:
            data = raw
            hdrs["Content-Type"] = "application/octet-stream"
        hdrs.update(headers or {})
        if chunks is not None:
            hdrs["Content-Type"] = "application/octet-stream"
            conn.request(method, path, body=iter(chunks), headers=hdrs, encode_chunked=True)
        else:
            conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        payload = resp.read()
        conn.close()
        ctype = resp.getheader("Content-Type", "")
        parsed = payload
        if payload and "json" in ctype:
            parsed = json.loads(payload)
        return resp.status, dict((k.lower(), v) for k, v in resp.getheaders()), parsed

    def create(self, token, **attrs):
        attrs.setdefault("disk_format", "raw")
        attrs.setdefault("container_format", "bare")
        status, _, body = self.call("POST", "/v2/images", token, body=attrs)
        assert status == 201, body
        return body

    def show(self, token, image_id):
        status, _, body = self.call("GET", "/v2/images/%s" % image_id, token)
        assert status == 200, body
        return body


def project_token(cloud, user, password, project):
    status, hdrs, body = cloud.request("POST", "/v3/auth/tokens", body={"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": user, "domain": {"id": "default"}, "password": password}}},
        "scope": {"project": {"name": project, "domain": {"id": "default"}}}}})
    assert status == 201, body
    return hdrs["X-Subject-Token"]


def make_project_user(cloud, name):
    """A project with a user holding 'member' on it; returns its credentials."""
    password = "pw-" + name
    cloud.openstack("project", "create", "--domain", "default", name)
    cloud.openstack("user", "create", "--domain", "default", "--password", password, name)
    cloud.openstack("role", "add", "--project", name, "--user", name, "member", parse=False)
    project_id = cloud.openstack("project", "show", name)["id"]
    return {"name": name, "password": password, "project_id": project_id,
            "env": cloud.user_env(name, password, name),
            "token": project_token(cloud, name, password, name)}


def store_files(cloud, store="file"):
    """The files a filesystem store holds."""
    return sorted(os.listdir(os.path.join(cloud.state, "images", store)))
