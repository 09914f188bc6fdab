"""The image lifecycle through the real `openstack` CLI: create with a file,
list/show, set/unset properties and tags, save (identical bytes), protected
images, deactivation, delete."""
import hashlib
import os


def test_create_with_file_list_show_and_save(cloud, payload, unique, tmp_path):
    path, md5, sha512 = payload(3 * 1024 * 1024 + 17)
    name = unique("img")
    img = cloud.openstack("image", "create", "--file", path, "--disk-format", "raw",
                          "--container-format", "bare", name)
    # The CLI prints the image as created, before its data went up.
    shown = cloud.openstack("image", "show", img["id"])
    assert shown["status"] == "active"
    assert shown["checksum"] == md5
    assert shown["size"] == os.path.getsize(path)
    assert shown["properties"]["os_hash_algo"] == "sha512"
    assert shown["properties"]["os_hash_value"] == sha512
    assert shown["virtual_size"] == os.path.getsize(path)
    listed = cloud.openstack("image", "list")
    assert name in [i["Name"] for i in listed]
    out = str(tmp_path / "saved.bin")
    cloud.openstack("image", "save", "--file", out, img["id"], parse=False)
    with open(out, "rb") as f, open(path, "rb") as src:
        saved = f.read()
        assert saved == src.read()
    assert hashlib.md5(saved).hexdigest() == md5
    cloud.openstack("image", "delete", img["id"], parse=False)
    res = cloud.openstack("image", "show", img["id"], check=False)
    assert res.returncode != 0 and "No Image found" in res.stderr or "404" in res.stderr


def test_set_and_unset_properties_and_tags(cloud, unique):
    name = unique("props")
    img = cloud.openstack("image", "create", "--disk-format", "qcow2",
                          "--container-format", "bare", "--property", "os_distro=debian", name)
    cloud.openstack("image", "set", "--property", "hw_disk_bus=scsi", "--tag", "gold",
                    "--tag", "x86", "--min-ram", "512", img["id"], parse=False)
    shown = cloud.openstack("image", "show", img["id"])
    props = shown["properties"]
    assert props["os_distro"] == "debian" and props["hw_disk_bus"] == "scsi"
    assert sorted(shown["tags"]) == ["gold", "x86"]
    assert shown["min_ram"] == 512
    cloud.openstack("image", "unset", "--property", "hw_disk_bus", "--tag", "gold", img["id"],
                    parse=False)
    shown = cloud.openstack("image", "show", img["id"])
    assert "hw_disk_bus" not in shown["properties"]
    assert shown["tags"] == ["x86"]
    tagged = cloud.openstack("image", "list", "--tag", "x86")
    assert [i["ID"] for i in tagged] == [img["id"]]
    cloud.openstack("image", "delete", img["id"], parse=False)


def test_protected_image_refuses_delete(cloud, unique):
    img = cloud.openstack("image", "create", "--protected", "--disk-format", "raw",
                          "--container-format", "bare", unique("prot"))
    res = cloud.openstack("image", "delete", img["id"], check=False, parse=False)
    assert res.returncode != 0
    assert "protected" in (res.stderr + res.stdout)
    assert cloud.openstack("image", "show", img["id"])["id"] == img["id"]
    cloud.openstack("image", "set", "--unprotected", img["id"], parse=False)
    cloud.openstack("image", "delete", img["id"], parse=False)


def test_deactivated_image_refuses_download_to_non_admins(cloud, alice, payload, unique,
                                                          tmp_path, image_api):
    path, md5, _ = payload(4096)
    img = cloud.openstack("image", "create", "--file", path, "--disk-format", "raw",
                          "--container-format", "bare", unique("deact"),
                          env=alice["env"])
    out = str(tmp_path / "out.bin")
    # Deactivation by the owner; then the owner (not an admin) cannot download.
    cloud.openstack("image", "set", "--deactivate", img["id"], env=alice["env"], parse=False)
    assert cloud.openstack("image", "show", img["id"])["status"] == "deactivated"
    res = cloud.openstack("image", "save", "--file", out, img["id"], env=alice["env"],
                          check=False, parse=False)
    assert res.returncode != 0
    status, _, body = image_api.call("GET", "/v2/images/%s/file" % img["id"], alice["token"])
    assert status == 403 and "deactivated" in body["message"]
    # An admin still can.
    cloud.openstack("image", "save", "--file", out, img["id"], parse=False)
    with open(out, "rb") as f:
        assert hashlib.md5(f.read()).hexdigest() == md5
    cloud.openstack("image", "set", "--activate", img["id"], env=alice["env"], parse=False)
    cloud.openstack("image", "save", "--file", out, img["id"], env=alice["env"], parse=False)
    cloud.openstack("image", "delete", img["id"], env=alice["env"], parse=False)
