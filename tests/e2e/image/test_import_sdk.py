"""openstacksdk against the image service: create_image's interoperable
import flow (stage + glance-direct), copy-image between stores, and the
tasks that record them."""
import hashlib
import os
import time


def wait_status(conn, image_id, want, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        img = conn.image.get_image(image_id)
        if img.status == want:
            return img
        time.sleep(0.2)
    raise AssertionError("image %s stayed %s" % (image_id, img.status))


def test_create_image_with_import_method(cloud, payload, unique):
    conn = cloud.sdk()
    path, md5, sha512 = payload(2 * 1024 * 1024 + 5)
    name = unique("imported")
    img = conn.image.create_image(name=name, filename=path, disk_format="raw",
                                  container_format="bare", use_import=True, wait=True,
                                  allow_duplicates=True)
    img = wait_status(conn, img.id, "active")
    assert img.checksum == md5
    assert img.hash_value == sha512
    tasks = conn.image.get(
        "/images/%s/tasks" % img.id).json()["tasks"]
    assert tasks and tasks[0]["status"] == "success"
    data = b"".join(conn.image.download_image(img, stream=True).iter_content(65536))
    assert hashlib.md5(data).hexdigest() == md5
    conn.image.delete_image(img)


def test_plain_upload_through_sdk(cloud, payload, unique):
    conn = cloud.sdk()
    path, md5, _ = payload(100000)
    img = conn.image.create_image(name=unique("sdk"), filename=path, disk_format="raw",
                                  container_format="bare", allow_duplicates=True)
    assert conn.image.get_image(img.id).checksum == md5
    conn.image.delete_image(img)


def test_import_requires_staging(cloud, image_api, admin_token):
    img = image_api.create(admin_token, name="notstaged")
    status, _, _ = image_api.call("POST", "/v2/images/%s/import" % img["id"], admin_token,
                                  body={"method": {"name": "glance-direct"}})
    assert status == 409
    status, _, _ = image_api.call("POST", "/v2/images/%s/import" % img["id"], admin_token,
                                  body={"method": {"name": "web-download",
                                                   "uri": "http://example.com/x"}})
    assert status == 400
    image_api.call("DELETE", "/v2/images/%s" % img["id"], admin_token)
