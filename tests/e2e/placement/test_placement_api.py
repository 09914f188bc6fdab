"""Placement in the all-in-one, with keystone tokens: the `openstack
resource provider ...` CLI (osc-placement), openstacksdk, and raw HTTP for
generations and 409s, microversion differences, placement's error format and
the 403 a project member gets."""
import json
import multiprocessing
import urllib.error
import urllib.request
import uuid

import pytest

from placement_server import request


def call(cloud, method, path, token, body=None, version="latest", headers=None):
    """(status, headers, parsed body) of one placement request."""
    # A Location header is absolute, as webob makes it upstream.
    url = path if path.startswith("http") else cloud.placement_url + path
    return request(method, url, body, token, version, headers)


@pytest.fixture(scope="module")
def admin(cloud):
    return cloud.admin_token()


def new_provider(cloud, admin, vcpus=4, name=None):
    rp = str(uuid.uuid4())
    status, _, _ = call(cloud, "POST", "/resource_providers", admin,
                        {"name": name or "rp-" + rp[:8], "uuid": rp})
    assert status == 200
    status, _, body = call(cloud, "PUT", "/resource_providers/%s/inventories" % rp, admin,
                           {"resource_provider_generation": 0,
                            "inventories": {"VCPU": {"total": vcpus},
                                            "MEMORY_MB": {"total": 8192}}})
    assert status == 200, body
    return rp


def test_catalog_lists_placement(cloud):
    services = {s["Type"]: s for s in cloud.openstack("catalog", "list")}
    assert "placement" in services
    assert cloud.placement_url in json.dumps(services["placement"])


def test_version_document_needs_no_token(cloud):
    with urllib.request.urlopen(cloud.placement_url + "/", timeout=10) as resp:
        doc = json.loads(resp.read())
    assert doc["versions"][0]["max_version"] == "1.39"
    assert doc["versions"][0]["min_version"] == "1.0"


def test_cli_provider_inventory_trait_and_allocation(cloud, unique):
    os_ = lambda *a, **kw: cloud.openstack("--os-placement-api-version", "1.39", *a, **kw)  # noqa
    name = unique("cli-rp")
    rp = os_("resource", "provider", "create", name)
    assert rp["name"] == name and rp["generation"] == 0
    listed = [p["uuid"] for p in os_("resource", "provider", "list", "--name", name)]
    assert listed == [rp["uuid"]]
    os_("resource", "provider", "inventory", "set", rp["uuid"],
        "--resource", "VCPU=8", "--resource", "VCPU:allocation_ratio=2.0",
        "--resource", "MEMORY_MB=4096")
    inv = {i["resource_class"]: i for i in os_("resource", "provider", "inventory", "list",
                                               rp["uuid"])}
    assert inv["VCPU"]["total"] == 8 and inv["VCPU"]["allocation_ratio"] == 2.0
    os_("trait", "create", "CUSTOM_E2E_GOLD", parse=False)
    os_("resource", "provider", "trait", "set", rp["uuid"], "--trait", "CUSTOM_E2E_GOLD",
        "--trait", "HW_CPU_X86_AVX2")
    traits = {t["name"] for t in os_("resource", "provider", "trait", "list", rp["uuid"])}
    assert traits == {"CUSTOM_E2E_GOLD", "HW_CPU_X86_AVX2"}
    cands = os_("allocation", "candidate", "list", "--resource", "VCPU=2",
                "--required", "CUSTOM_E2E_GOLD")
    assert any(c["resource provider"] == rp["uuid"] for c in cands)
    consumer = str(uuid.uuid4())
    os_("resource", "provider", "allocation", "set", consumer,
        "--allocation", "rp=%s,VCPU=2,MEMORY_MB=512" % rp["uuid"],
        "--project-id", str(uuid.uuid4()), "--user-id", str(uuid.uuid4()),
        "--consumer-type", "INSTANCE")
    usage = {u["resource_class"]: u["usage"]
             for u in os_("resource", "provider", "usage", "show", rp["uuid"])}
    assert usage == {"VCPU": 2, "MEMORY_MB": 512}
    os_("resource", "provider", "allocation", "delete", consumer, parse=False)
    os_("resource", "provider", "delete", rp["uuid"], parse=False)
    assert os_("resource", "provider", "list", "--name", name) == []


def test_sdk_lists_and_shows_providers(cloud, admin):
    rp = new_provider(cloud, admin)
    conn = cloud.sdk()
    found = conn.placement.get_resource_provider(rp)
    assert found.id == rp and found.generation == 1
    assert rp in [p.id for p in conn.placement.resource_providers()]


def test_stale_generation_is_409_concurrent_update(cloud, admin):
    rp = new_provider(cloud, admin)
    status, _, body = call(cloud, "PUT", "/resource_providers/%s/inventories" % rp, admin,
                           {"resource_provider_generation": 0,
                            "inventories": {"VCPU": {"total": 2}}})
    assert status == 409
    err = body["errors"][0]
    assert err["code"] == "placement.concurrent_update"
    assert err["title"] == "Conflict"
    assert "resource provider generation conflict" in err["detail"]
    assert err["request_id"].startswith("req-")


def test_deleting_inventory_in_use_is_409_inuse(cloud, admin):
    rp = new_provider(cloud, admin)
    consumer = str(uuid.uuid4())
    status, _, _ = call(cloud, "PUT", "/allocations/%s" % consumer, admin, {
        "allocations": {rp: {"resources": {"VCPU": 1}}}, "project_id": "p", "user_id": "u",
        "consumer_generation": None, "consumer_type": "INSTANCE"})
    assert status == 204
    status, _, body = call(cloud, "PUT", "/resource_providers/%s/inventories" % rp, admin,
                           {"resource_provider_generation": 2,
                            "inventories": {"MEMORY_MB": {"total": 8192}}})
    assert status == 409
    assert body["errors"][0]["code"] == "placement.inventory.inuse"
    status, _, body = call(cloud, "DELETE", "/resource_providers/%s" % rp, admin)
    assert status == 409
    assert body["errors"][0]["code"] == "placement.resource_provider.inuse"


def test_error_code_only_from_1_23(cloud, admin):
    missing = str(uuid.uuid4())
    status, hdrs, body = call(cloud, "GET", "/resource_providers/%s" % missing, admin,
                              version="1.22")
    assert status == 404 and "code" not in body["errors"][0]
    assert hdrs["openstack-api-version"] == "placement 1.22"
    status, _, body = call(cloud, "GET", "/resource_providers/%s" % missing, admin,
                           version="1.23")
    assert body["errors"][0]["code"] == "placement.undefined_code"
    assert body["errors"][0]["detail"] == (
        "The resource could not be found.\n\n No resource provider with uuid %s found  "
        % missing)


def test_microversion_out_of_range_is_406(cloud, admin):
    status, _, body = call(cloud, "GET", "/resource_providers", admin, version="1.40")
    assert status == 406
    err = body["errors"][0]
    assert err["max_version"] == "1.39" and err["min_version"] == "1.0"


def test_microversion_differences(cloud, admin):
    # 1.20: POST returns the provider (before: 201, empty).
    status, hdrs, body = call(cloud, "POST", "/resource_providers", admin,
                              {"name": "mv-" + str(uuid.uuid4())}, version="1.19")
    assert status == 201 and body is None and "/resource_providers/" in hdrs["Location"]
    # 1.14: parent/root in the representation.
    status, _, body = call(cloud, "POST", "/resource_providers", admin,
                           {"name": "mv-" + str(uuid.uuid4())}, version="1.14")
    status, _, shown = call(cloud, "GET", hdrs["Location"], admin, version="1.13")
    assert "root_provider_uuid" not in shown
    status, _, shown = call(cloud, "GET", hdrs["Location"], admin, version="1.14")
    assert shown["root_provider_uuid"] == shown["uuid"]
    # 1.15: Last-Modified and Cache-Control.
    _, h, _ = call(cloud, "GET", hdrs["Location"], admin, version="1.15")
    assert h["cache-control"] == "no-cache" and h["last-modified"].endswith("GMT")
    # Below 1.10 there are no allocation candidates.
    status, _, _ = call(cloud, "GET", "/allocation_candidates?resources=VCPU:1", admin,
                        version="1.9")
    assert status == 404


def test_project_member_is_forbidden(cloud, admin, unique):
    name = unique("pl-member")
    status, _, user = cloud.request("POST", "/v3/users", token=admin, body={
        "user": {"name": name, "password": "pw-member-1", "domain_id": "default"}})
    assert status == 201
    projects = cloud.openstack("project", "list")
    admin_project = [p["ID"] for p in projects if p["Name"] == "admin"][0]
    cloud.openstack("role", "add", "--user", user["user"]["id"], "--project", admin_project,
                    "member", parse=False)
    env = cloud.user_env(name, "pw-member-1", "admin")
    res = cloud.openstack("resource", "provider", "list", env=env, check=False)
    assert res.returncode != 0 and "403" in (res.stderr + res.stdout)
    status, hdrs, _ = cloud.request("POST", "/v3/auth/tokens", body={"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": name, "domain": {"id": "default"}, "password": "pw-member-1"}}},
        "scope": {"project": {"id": admin_project}}}})
    member = hdrs["X-Subject-Token"]
    for method, path in (("GET", "/resource_providers"),
                         ("GET", "/allocation_candidates?resources=VCPU:1"),
                         ("GET", "/usages?project_id=other")):
        status, _, body = call(cloud, method, path, member)
        assert status == 403, path
        assert body["errors"][0]["detail"].startswith("Access was denied to this resource.")
    # A reader of their own project may see its usages (placement:usages).
    status, _, body = call(cloud, "GET", "/usages?project_id=%s" % admin_project, member)
    assert status == 200 and body == {"usages": {}}


def test_no_token_is_401(cloud):
    req = urllib.request.Request(cloud.placement_url + "/resource_providers")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=10)
    assert e.value.code == 401
    assert "Keystone uri=" in e.value.headers["WWW-Authenticate"]


def _racer(args):
    """One scheduler process: claim the host's last slot for a consumer."""
    url, token, rp, consumer, barrier = args
    barrier.wait()
    body = {"allocations": {rp: {"resources": {"VCPU": 1}}},
            "project_id": "p", "user_id": "u", "consumer_generation": None,
            "consumer_type": "INSTANCE"}
    return request("PUT", url + "/allocations/" + consumer, body, token, "1.39")[0]


def test_two_scheduler_processes_racing_for_the_last_slot(cloud, admin):
    """Issue 4 acceptance: concurrent claims by two schedulers racing for the
    last slot of a host never over-commit."""
    rp = new_provider(cloud, admin, vcpus=1)
    ctx = multiprocessing.get_context("fork")
    with ctx.Manager() as manager, ctx.Pool(2) as pool:
        for round_ in range(30):
            barrier = manager.Barrier(2)
            consumers = [str(uuid.uuid4()), str(uuid.uuid4())]
            statuses = pool.map(_racer, [(cloud.placement_url, admin, rp, c, barrier)
                                         for c in consumers])
            assert sorted(statuses) == [204, 409], (round_, statuses)
            _, _, usage = call(cloud, "GET", "/resource_providers/%s/usages" % rp, admin)
            assert usage["usages"]["VCPU"] == 1
            winner = consumers[statuses.index(204)]
            status, _, _ = call(cloud, "DELETE", "/allocations/%s" % winner, admin)
            assert status == 204
