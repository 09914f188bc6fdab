"""Quotas on a cloud of its own: image count and stored bytes per project,
413 with nothing left behind, and the image size cap."""
import importlib.util
import os
import shutil
import tempfile

import pytest

from image_helpers import ImageApi

# The session fixtures' module, loaded by path: its start_cloud takes extra options.
_spec = importlib.util.spec_from_file_location(
    "e2e_root_conftest", os.path.join(os.path.dirname(os.path.dirname(__file__)), "conftest.py"))
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
start_cloud, stop_cloud = _root.start_cloud, _root.stop_cloud


@pytest.fixture(scope="module")
def small_cloud():
    workdir = tempfile.mkdtemp(prefix="onestack-e2e-quota-")
    c = start_cloud(workdir, ["image.user_storage_quota=1MB", "image.image_count_quota=3",
                              "image.image_size_cap=3000000"])
    yield c
    stop_cloud(c)
    shutil.rmtree(workdir, ignore_errors=True)


def store_files(cloud):
    d = os.path.join(cloud.state, "images", "file")
    return sorted(os.listdir(d))


def test_upload_past_storage_quota_is_413_and_leaves_nothing(small_cloud):
    api = ImageApi(small_cloud)
    token = small_cloud.admin_token()
    first = api.create(token, name="fits")
    status, _, _ = api.call("PUT", "/v2/images/%s/file" % first["id"], token,
                            raw=b"a" * 700000)
    assert status == 204
    before = store_files(small_cloud)
    second = api.create(token, name="too-much")
    # Declared length over the remaining quota: refused before any byte is stored.
    status, _, body = api.call("PUT", "/v2/images/%s/file" % second["id"], token,
                               raw=b"b" * 400000)
    assert status == 413, body
    assert "quota" in body["message"]
    # Chunked (no length): refused once the stream passes the quota.
    status, _, body = api.call("PUT", "/v2/images/%s/file" % second["id"], token,
                               chunks=[b"c" * 100000] * 4)
    assert status == 413, body
    assert api.show(token, second["id"])["status"] == "queued"
    assert api.show(token, second["id"])["size"] is None
    assert store_files(small_cloud) == before
    for i in (first, second):
        api.call("DELETE", "/v2/images/%s" % i["id"], token)
    assert store_files(small_cloud) == []


def test_image_count_quota_is_413(small_cloud):
    api = ImageApi(small_cloud)
    token = small_cloud.admin_token()
    made = [api.create(token, name="n%d" % i)["id"] for i in range(3)]
    status, _, body = api.call("POST", "/v2/images", token,
                               body={"name": "one-too-many"})
    assert status == 413
    assert "image_count_total" in body["message"]
    for i in made:
        api.call("DELETE", "/v2/images/%s" % i, token)
