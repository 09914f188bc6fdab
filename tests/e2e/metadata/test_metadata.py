"""The metadata service (port 8775's equivalent) and config drive contents,
as a guest behind the metadata proxy sees them."""
import base64
import json
import os
import shutil
import tempfile
import uuid

import pytest

from metadata_helpers import (SECRET, USER_DATA, as_guest, boot, compute_env, delete, get, keygen,
                              sign, start_cloud, stop_cloud)

# The fixtures live here, not in a conftest.py: a second bare "conftest"
# module would shadow the one other e2e directories import by name.


@pytest.fixture(scope="module")
def cloud():
    workdir = tempfile.mkdtemp(prefix="onestack-e2e-metadata-")
    c = start_cloud(workdir, extra_sets=["compute.driver=fake",
                                         "metadata.metadata_proxy_shared_secret=" + SECRET])
    yield c
    stop_cloud(c)
    if os.environ.get("ONESTACK_KEEP_E2E") is None:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def guest(cloud, tmp_path_factory):
    """A server with --config-drive true, --user-data, --key-name and --property a=b."""
    tmp = tmp_path_factory.mktemp("guest")
    image_file = tmp / "boot.img"
    image_file.write_bytes(os.urandom(64 * 1024))
    image = cloud.openstack("image", "create", "--file", str(image_file), "--disk-format", "raw",
                            "--container-format", "bare", "md-image")["id"]
    flavor = cloud.openstack("flavor", "create", "--ram", "256", "--vcpus", "1", "--disk", "1",
                             "md.small")["id"]
    pub, _ = keygen(tmp)
    key = cloud.openstack("keypair", "create", "--public-key", pub, "md-key")
    user_data = tmp / "user-data"
    user_data.write_bytes(USER_DATA)
    server = boot(cloud, image, flavor, "md-guest", "--config-drive", "true", "--user-data",
                  str(user_data), "--key-name", "md-key", "--property", "a=b",
                  env=compute_env(cloud))
    assert server["status"] == "ACTIVE", server
    project = cloud.openstack("project", "show", "admin")["id"]
    with open(pub) as f:
        public_key = f.read()
    return {"id": server["id"], "project": project, "image": image, "flavor": flavor,
            "key": key["name"], "public_key": public_key, "server": server}


def test_meta_data_json_for_a_signed_request(cloud, guest):
    status, headers, body = get(cloud, "/openstack/latest/meta_data.json", as_guest(guest))
    assert status == 200, body
    assert headers["Content-Type"] == "application/json"
    md = json.loads(body)
    assert md["uuid"] == guest["id"]
    assert md["name"] == "md-guest"
    assert md["hostname"] == "md-guest.novalocal"
    assert md["meta"] == {"a": "b"}
    assert md["public_keys"] == {guest["key"]: guest["public_key"]}
    assert md["keys"] == [{"name": guest["key"], "type": "ssh", "data": guest["public_key"]}]
    assert md["project_id"] == guest["project"]
    assert md["launch_index"] == 0 and md["availability_zone"] == "nova"
    assert len(base64.b64decode(md["random_seed"])) == 512
    assert md["devices"] == [] and md["dedicated_cpus"] == []
    # Nova's key order and Python's json.dumps spacing.
    assert body.startswith(b'{"uuid": "%s", "meta": {"a": "b"}, "public_keys": ' %
                           guest["id"].encode())
    # Older versions lack what came later.
    _, _, old = get(cloud, "/openstack/2012-08-10/meta_data.json", as_guest(guest))
    assert "random_seed" not in json.loads(old) and "project_id" not in json.loads(old)


def test_user_data_bytes_are_returned_unchanged(cloud, guest):
    for path in ("/openstack/latest/user_data", "/latest/user-data", "/2009-04-04/user-data"):
        status, _, body = get(cloud, path, as_guest(guest))
        assert status == 200 and body == USER_DATA, path


def test_listings_and_other_documents(cloud, guest):
    h = as_guest(guest)
    status, headers, body = get(cloud, "/openstack", h)
    assert status == 200 and headers["Content-Type"] == "text/plain; charset=UTF-8"
    assert body.decode().split("\n") == [
        "2012-08-10", "2013-04-04", "2013-10-17", "2015-10-15", "2016-06-30", "2016-10-06",
        "2017-02-22", "2018-08-27", "2020-10-14", "latest"]
    assert get(cloud, "/openstack/latest/", h)[2].decode().split("\n") == [
        "meta_data.json", "user_data", "password", "vendor_data.json", "network_data.json",
        "vendor_data2.json"]
    assert get(cloud, "/openstack/latest/network_data.json", h)[2] == b"{}"
    assert get(cloud, "/openstack/latest/vendor_data.json", h)[2] == b"{}"
    assert get(cloud, "/openstack/latest/vendor_data2.json", h)[2] == b'{"static": {}}'
    # The EC2 version list needs no instance.
    status, _, body = get(cloud, "/")
    assert status == 200 and body.decode().split("\n")[-2:] == ["2009-04-04", "latest"]
    assert get(cloud, "/openstack/2000-01-01/meta_data.json", h)[0] == 404
    assert get(cloud, "/openstack/latest/nothing", h)[0] == 404


def test_ec2_tree(cloud, guest):
    h = as_guest(guest)
    status, headers, body = get(cloud, "/latest/meta-data/", h)
    assert status == 200 and headers["Content-Type"] == "text/plain; charset=UTF-8"
    items = body.decode().split("\n")
    for item in ("ami-id", "ami-launch-index", "block-device-mapping/", "hostname",
                 "instance-id", "instance-type", "local-hostname", "placement/",
                 "public-keys/", "reservation-id", "security-groups"):
        assert item in items, item
    assert items == sorted(items)

    def leaf(path):
        status, _, body = get(cloud, "/latest/meta-data/" + path, h)
        assert status == 200, (path, status)
        return body.decode()

    assert leaf("hostname") == "md-guest.novalocal"
    assert leaf("local-hostname") == "md-guest.novalocal"
    assert leaf("instance-type") == "md.small"
    assert leaf("placement/availability-zone") == "nova"
    assert leaf("ami-launch-index") == "0"
    assert leaf("reservation-id").startswith("r-")
    assert leaf("instance-id").startswith("i-")
    assert leaf("public-keys/") == "0=" + guest["key"]
    assert leaf("public-keys/0/") == "openssh-key"
    assert leaf("public-keys/0/openssh-key") == guest["public_key"]
    assert get(cloud, "/latest/meta-data/no-such-thing", h)[0] == 404
    assert get(cloud, "/1999-01-01/meta-data/", h)[0] == 404


def test_unsigned_wrongly_signed_and_unknown_instances(cloud, guest):
    path = "/openstack/latest/meta_data.json"
    # No signature header: Nova's 400; an empty or wrong one: 403.
    h = as_guest(guest)
    del h["X-Instance-ID-Signature"]
    status, _, body = get(cloud, path, h)
    assert status == 400 and b"X-Instance-ID-Signature header is missing from request." in body
    good = sign(guest["id"])
    off_by_one = good[:-1] + ("1" if good.endswith("0") else "0")  # never the good one
    for bad in ("", sign(guest["id"], "another-secret"), off_by_one):
        status, _, body = get(cloud, path, as_guest(guest, **{"X-Instance-ID-Signature": bad}))
        assert status == 403 and b"Invalid proxy request signature." in body, bad
    # Correctly signed, but no such instance; or another project's instance.
    other = str(uuid.uuid4())
    status, _, body = get(cloud, path, {"X-Instance-ID": other, "X-Tenant-ID": guest["project"],
                                        "X-Instance-ID-Signature": sign(other)})
    assert status == 404 and b"The resource could not be found." in body
    assert get(cloud, path, as_guest(guest, **{"X-Tenant-ID": "someone-else"}))[0] == 404
    h = as_guest(guest)
    del h["X-Instance-ID"]
    status, _, body = get(cloud, path, h)
    assert status == 400 and b"X-Instance-ID header is missing from request." in body


def test_password_is_set_once(cloud, guest):
    path = "/openstack/latest/password"
    h = as_guest(guest)
    assert get(cloud, path, h)[:3:2] == (200, b"")
    assert get(cloud, path, h, method="POST", data=b"encrypted-password")[0] == 200
    assert get(cloud, path, h)[:3:2] == (200, b"encrypted-password")
    assert get(cloud, path, h, method="POST", data=b"again")[0] == 409
    assert get(cloud, path, h)[2] == b"encrypted-password"


def test_config_drive_files_reach_the_driver(cloud, guest):
    drive = os.path.join(cloud.state, "fake", "config-drives", guest["id"])

    def read(path):
        with open(os.path.join(drive, path), "rb") as f:
            return f.read()

    assert cloud.openstack("server", "show", guest["id"])["config_drive"] == "True"
    md = json.loads(read("openstack/latest/meta_data.json"))
    assert md["uuid"] == guest["id"] and md["meta"] == {"a": "b"}
    assert md["public_keys"] == {guest["key"]: guest["public_key"]}
    assert read("openstack/latest/user_data") == USER_DATA
    assert read("ec2/latest/user-data") == USER_DATA
    ec2 = json.loads(read("ec2/2009-04-04/meta-data.json"))
    assert ec2["hostname"] == "md-guest.novalocal"
    assert ec2["public-keys"]["0"]["openssh-key"] == guest["public_key"]
    versions = sorted(os.listdir(os.path.join(drive, "openstack")))
    assert versions[0] == "2012-08-10" and versions[-1] == "latest" and len(versions) == 10
    assert sorted(os.listdir(os.path.join(drive, "ec2"))) == ["2009-04-04", "latest"]
    assert read("openstack/latest/network_data.json") == b"{}"


def test_no_config_drive_unless_asked(cloud, guest):
    server = _boot_plain(cloud, guest)
    try:
        drive = os.path.join(cloud.state, "fake", "config-drives", server["id"])
        assert not os.path.exists(drive)
        assert cloud.openstack("server", "show", server["id"])["config_drive"] == ""
    finally:
        delete(cloud, server["id"])


def _boot_plain(cloud, guest):
    return boot(cloud, guest["image"], guest["flavor"], "md-plain", env=compute_env(cloud))
