"""Image data and bad input over plain HTTP: status codes, streaming (Content-Length
and chunked), ranges, 409 on uploads to active images and concurrent uploads."""
import hashlib
import os
import threading


def test_unknown_disk_format_is_400(image_api, admin_token):
    status, _, body = image_api.call("POST", "/v2/images", admin_token,
                                     body={"name": "x", "disk_format": "floppy"})
    assert status == 400
    assert "floppy" in body["message"]


def test_readonly_and_reserved_attributes(image_api, admin_token):
    status, _, _ = image_api.call("POST", "/v2/images", admin_token, body={"status": "active"})
    assert status in (400, 403)
    status, _, _ = image_api.call("POST", "/v2/images", admin_token, body={"self": "x"})
    assert status == 403
    img = image_api.create(admin_token, name="patchme")
    path = "/v2/images/%s" % img["id"]
    patch = {"Content-Type": "application/openstack-images-v2.1-json-patch"}
    status, _, _ = image_api.call("PATCH", path, admin_token,
                                  body=[{"op": "replace", "path": "/size", "value": 3}],
                                  headers=patch)
    assert status == 403
    status, _, _ = image_api.call("PATCH", path, admin_token,
                                  body=[{"op": "add", "path": "/os_glance_x", "value": "1"}],
                                  headers=patch)
    assert status == 403
    status, hdrs, _ = image_api.call("PATCH", path, admin_token,
                                     body=[{"op": "add", "path": "/a", "value": "1"}])
    assert status == 415 and "accept-patch" in hdrs
    status, _, body = image_api.call("PATCH", path, admin_token,
                                     body=[{"op": "add", "path": "/a", "value": "1"},
                                           {"op": "replace", "path": "/name", "value": "n2"}],
                                     headers=patch)
    assert status == 200 and body["a"] == "1" and body["name"] == "n2"
    status, _, _ = image_api.call("PATCH", path, admin_token,
                                  body=[{"op": "remove", "path": "/nope"}], headers=patch)
    assert status == 409
    image_api.call("DELETE", path, admin_token)


def test_upload_download_range_and_409_on_active(image_api, admin_token):
    data = os.urandom(1024 * 1024 + 3)
    img = image_api.create(admin_token, name="data")
    path = "/v2/images/%s" % img["id"]
    status, _, _ = image_api.call("GET", path + "/file", admin_token)
    assert status == 204
    status, _, _ = image_api.call("PUT", path + "/file", admin_token, raw=data)
    assert status == 204
    shown = image_api.show(admin_token, img["id"])
    assert shown["status"] == "active" and shown["size"] == len(data)
    assert shown["checksum"] == hashlib.md5(data).hexdigest()
    assert shown["os_hash_value"] == hashlib.sha512(data).hexdigest()
    status, hdrs, body = image_api.call("GET", path + "/file", admin_token)
    assert status == 200 and body == data
    assert hdrs["content-md5"] == shown["checksum"]
    status, hdrs, body = image_api.call("GET", path + "/file", admin_token,
                                        headers={"Range": "bytes=10-19"})
    assert status == 206 and body == data[10:20]
    assert hdrs["content-range"] == "bytes 10-19/%d" % len(data)
    status, _, body = image_api.call("GET", path + "/file", admin_token,
                                     headers={"Range": "bytes=-5"})
    assert status == 206 and body == data[-5:]
    status, _, _ = image_api.call("GET", path + "/file", admin_token,
                                  headers={"Range": "bytes=%d-" % len(data)})
    assert status == 416
    status, _, _ = image_api.call("PUT", path + "/file", admin_token, raw=b"again")
    assert status == 409
    image_api.call("DELETE", path, admin_token)


def test_chunked_upload_and_qcow2_virtual_size(image_api, admin_token, tmp_path):
    # A qcow2 header: magic, version 3, virtual size 10 GiB at offset 24.
    header = b"QFI\xfb" + (3).to_bytes(4, "big") + b"\0" * 16 + (10 << 30).to_bytes(8, "big")
    data = header + b"\0" * (512 * 1024 - len(header))
    img = image_api.create(admin_token, name="qcow", disk_format="qcow2")
    path = "/v2/images/%s" % img["id"]
    chunks = [data[i:i + 65536] for i in range(0, len(data), 65536)]
    status, _, _ = image_api.call("PUT", path + "/file", admin_token, chunks=chunks)
    assert status == 204
    shown = image_api.show(admin_token, img["id"])
    assert shown["size"] == len(data) and shown["virtual_size"] == 10 << 30
    image_api.call("DELETE", path, admin_token)


def test_missing_formats_refuse_upload(image_api, admin_token):
    status, _, body = image_api.call("POST", "/v2/images", admin_token, body={"name": "nf"})
    assert status == 201
    path = "/v2/images/%s" % body["id"]
    status, _, _ = image_api.call("PUT", path + "/file", admin_token, raw=b"abc")
    assert status == 400
    assert image_api.show(admin_token, body["id"])["status"] == "queued"
    image_api.call("DELETE", path, admin_token)


def test_concurrent_uploads_one_wins(image_api, admin_token):
    img = image_api.create(admin_token, name="race")
    path = "/v2/images/%s/file" % img["id"]
    gate = threading.Event()
    results = []

    def slow_chunks():
        yield b"x" * 65536
        gate.wait(10)
        for _ in range(15):
            yield b"y" * 65536

    def first():
        results.append(image_api.call("PUT", path, admin_token, chunks=slow_chunks())[0])

    t = threading.Thread(target=first)
    t.start()
    # Wait until the first upload has claimed the image (status saving).
    for _ in range(200):
        if image_api.show(admin_token, img["id"])["status"] == "saving":
            break
        threading.Event().wait(0.02)
    second = image_api.call("PUT", path, admin_token, raw=b"z" * 1000)[0]
    gate.set()
    t.join()
    assert sorted(results + [second]) == [204, 409]
    shown = image_api.show(admin_token, img["id"])
    assert shown["status"] == "active" and shown["size"] == 16 * 65536
    image_api.call("DELETE", "/v2/images/%s" % img["id"], admin_token)


def test_interrupted_upload_leaves_queued_and_no_file(cloud, image_api, admin_token):
    import socket
    img = image_api.create(admin_token, name="cut")
    sock = socket.create_connection((image_api.host, image_api.port))
    sock.sendall(("PUT /v2/images/%s/file HTTP/1.1\r\nHost: x\r\nX-Auth-Token: %s\r\n"
                  "Content-Type: application/octet-stream\r\nContent-Length: 10000000\r\n\r\n"
                  % (img["id"], admin_token)).encode() + b"a" * 300000)
    for _ in range(200):
        if image_api.show(admin_token, img["id"])["status"] == "saving":
            break
        threading.Event().wait(0.02)
    sock.close()
    for _ in range(200):
        if image_api.show(admin_token, img["id"])["status"] == "queued":
            break
        threading.Event().wait(0.05)
    assert image_api.show(admin_token, img["id"])["status"] == "queued"
    store_dir = os.path.join(cloud.state, "images", "file")
    assert [f for f in os.listdir(store_dir) if img["id"] in f] == []
    image_api.call("DELETE", "/v2/images/%s" % img["id"], admin_token)


def test_list_filters_sort_and_paging(image_api, admin_token):
    ids = []
    for i in range(5):
        ids.append(image_api.create(admin_token, name="page-%d" % i, min_ram=i,
                                    tags=["paging"])["id"])
    status, _, body = image_api.call("GET", "/v2/images?tag=paging&limit=2&sort=name:asc",
                                     admin_token)
    assert status == 200
    assert [i["name"] for i in body["images"]] == ["page-0", "page-1"]
    assert body["next"].startswith("/v2/images?")
    status, _, body2 = image_api.call("GET", body["next"], admin_token)
    assert [i["name"] for i in body2["images"]] == ["page-2", "page-3"]
    status, _, body = image_api.call("GET", "/v2/images?tag=paging&name=in:page-1,page-4",
                                     admin_token)
    assert sorted(i["name"] for i in body["images"]) == ["page-1", "page-4"]
    status, _, body = image_api.call("GET", "/v2/images?tag=paging&min_ram=3", admin_token)
    assert [i["name"] for i in body["images"]] == ["page-3"]
    status, _, body = image_api.call("GET", "/v2/images?sort_key=bogus", admin_token)
    assert status == 400
    status, _, body = image_api.call("GET", "/v2/images?created_at=lt:2000-01-01T00:00:00Z",
                                     admin_token)
    assert status == 200 and body["images"] == []
    for i in ids:
        image_api.call("DELETE", "/v2/images/%s" % i, admin_token)


def test_schemas_versions_and_discovery(image_api, admin_token):
    for name in ("image", "images", "member", "members"):
        status, _, body = image_api.call("GET", "/v2/schemas/" + name, admin_token)
        assert status == 200 and body["name"] == name
    status, _, body = image_api.call("GET", "/versions", admin_token)
    assert status == 200 and body["versions"][0]["status"] == "CURRENT"
    status, _, body = image_api.call("GET", "/v2/info/import", admin_token)
    assert body["import-methods"]["value"] == ["glance-direct", "copy-image"]
    status, _, body = image_api.call("GET", "/v2/info/stores", admin_token)
    assert body["stores"][0]["id"] == "file"
