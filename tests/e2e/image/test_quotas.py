"""Quotas on clouds of their own: image count and stored bytes per project,
413 with nothing left behind, and the image size cap."""
import pytest

from image_helpers import ImageApi, own_cloud, store_files


@pytest.fixture(scope="module")
def small_cloud():
    with own_cloud("onestack-e2e-quota-",
                   ["image.user_storage_quota=1MB", "image.image_count_quota=3"]) as c:
        yield c


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



@pytest.fixture(scope="module")
def capped_cloud():
    """Only the size cap, so no quota answers first."""
    with own_cloud("onestack-e2e-cap-", ["image.image_size_cap=300000"]) as c:
        yield c


def test_upload_past_image_size_cap_is_413_and_leaves_nothing(capped_cloud):
    api = ImageApi(capped_cloud)
    token = capped_cloud.admin_token()
    img = api.create(token, name="too-big")
    path = "/v2/images/%s/file" % img["id"]
    # Declared length over the cap.
    status, _, body = api.call("PUT", path, token, raw=b"d" * 300001)
    assert status == 413, body
    assert "too large" in body["message"]
    # Chunked: refused once the stream passes the cap.
    status, _, body = api.call("PUT", path, token, chunks=[b"e" * 50000] * 7)
    assert status == 413, body
    assert "too large" in body["message"]
    shown = api.show(token, img["id"])
    assert shown["status"] == "queued" and shown["size"] is None
    assert store_files(capped_cloud) == []
    # At the cap exactly, the image goes in.
    status, _, _ = api.call("PUT", path, token, chunks=[b"f" * 50000] * 6)
    assert status == 204
    assert api.show(token, img["id"])["size"] == 300000
    api.call("DELETE", "/v2/images/%s" % img["id"], token)
    assert store_files(capped_cloud) == []
