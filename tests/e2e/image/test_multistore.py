"""Several filesystem stores on a cloud of their own: discovery, uploads to a
named store, and openstacksdk's copy-image import between stores."""
import hashlib
import time

import pytest

from image_helpers import ImageApi, own_cloud, store_files


@pytest.fixture(scope="module")
def two_stores():
    with own_cloud("onestack-e2e-stores-", ["image.enabled_backends=fast:file,cheap:file",
                                            "image.default_backend=fast",
                                            "image.store_descriptions=fast:Fast disk"]) as c:
        yield c


def wait_stores(api, token, image_id, want, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        shown = api.show(token, image_id)
        if sorted(shown.get("stores", "").split(",")) == sorted(want):
            return shown
        time.sleep(0.2)
    raise AssertionError("image %s is in stores %r" % (image_id, shown.get("stores")))


def test_discovery_lists_both_stores_and_the_default(two_stores):
    api = ImageApi(two_stores)
    status, _, body = api.call("GET", "/v2/info/stores", two_stores.admin_token())
    assert status == 200
    stores = {s["id"]: s for s in body["stores"]}
    assert set(stores) == {"fast", "cheap"}
    # Glance answers the string "true" (discovery.py).
    assert stores["fast"].get("default") == "true" and "default" not in stores["cheap"]
    assert stores["fast"]["description"] == "Fast disk"


def test_upload_to_named_store_then_copy_image_with_sdk(two_stores):
    api = ImageApi(two_stores)
    token = two_stores.admin_token()
    data = hashlib.sha512(b"copy").digest() * 4096
    img = api.create(token, name="copied")
    status, _, _ = api.call("PUT", "/v2/images/%s/file" % img["id"], token, raw=data,
                            headers={"X-Image-Meta-Store": "cheap"})
    assert status == 204
    assert api.show(token, img["id"])["stores"] == "cheap"
    assert [f for f in store_files(two_stores, "cheap") if img["id"] in f]
    assert not [f for f in store_files(two_stores, "fast") if img["id"] in f]
    # An unknown store is refused and leaves the image as it was.
    status, _, _ = api.call("POST", "/v2/images/%s/import" % img["id"], token,
                            body={"method": {"name": "copy-image"}, "stores": ["nowhere"]})
    assert status == 409

    conn = two_stores.sdk()
    conn.image.import_image(conn.image.get_image(img["id"]), method="copy-image",
                            stores=["fast"])
    shown = wait_stores(api, token, img["id"], ["cheap", "fast"])
    assert shown["status"] == "active"
    assert shown["checksum"] == hashlib.md5(data).hexdigest()
    assert [f for f in store_files(two_stores, "fast") if img["id"] in f]
    tasks = conn.image.get("/images/%s/tasks" % img["id"]).json()["tasks"]
    assert [t["status"] for t in tasks] == ["success"]
    # Copying to a store that already holds the data is refused.
    status, _, _ = api.call("POST", "/v2/images/%s/import" % img["id"], token,
                            body={"method": {"name": "copy-image"}, "stores": ["cheap"]})
    assert status == 400
    got = b"".join(conn.image.download_image(img["id"], stream=True).iter_content(65536))
    assert got == data
    conn.image.delete_image(img["id"])
    assert not [f for s in ("fast", "cheap") for f in store_files(two_stores, s)
                if img["id"] in f]
