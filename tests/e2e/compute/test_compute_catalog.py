"""Version documents, flavors with extra specs and access, key pairs,
services, hypervisors, availability zones, aggregates, quotas and limits,
through the `openstack` CLI, openstacksdk and raw HTTP."""
import json
import urllib.request

from compute_helpers import failed_with, keygen


def get(url, token=None, headers=None):
    req = urllib.request.Request(url)
    if token:
        req.add_header("X-Auth-Token", token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), json.loads(e.read() or b"null")


def test_version_documents(cloud):
    root = cloud.compute_url.rsplit("/v2.1", 1)[0]
    status, _, body = get(root + "/")
    assert status == 200
    current = [v for v in body["versions"] if v["id"] == "v2.1"][0]
    assert (current["min_version"], current["version"], current["status"]) == \
        ("2.1", "2.93", "CURRENT")
    status, _, body = get(cloud.compute_url)
    assert status == 200 and body["version"]["version"] == "2.93"


def test_microversion_negotiation(cloud):
    token = cloud.admin_token()
    status, headers, _ = get(cloud.compute_url + "/flavors", token,
                             {"OpenStack-API-Version": "compute 2.60"})
    assert status == 200
    assert headers["OpenStack-API-Version"] == "compute 2.60"
    status, _, body = get(cloud.compute_url + "/flavors", token,
                          {"OpenStack-API-Version": "compute 2.94"})
    assert status == 406
    assert "notAcceptable" in body or "computeFault" in body or body


def test_flavor_crud_extra_specs_and_access(cloud, member, unique):
    name = unique("flv")
    f = cloud.openstack("flavor", "create", "--ram", "128", "--vcpus", "1", "--disk", "1",
                        "--private", "--property", "hw:cpu_policy=shared", name)
    assert f["os-flavor-access:is_public"] is False
    assert f["properties"] == {"hw:cpu_policy": "shared"}
    cloud.openstack("flavor", "set", "--project", member["project"], name, parse=False)
    shown = cloud.openstack("flavor", "show", name)
    project_id = cloud.openstack("project", "show", member["project"])["id"]
    assert shown["access_project_ids"] == [project_id]
    # The member sees the private flavor it was given; the public list does not show it.
    names = [x["Name"] for x in cloud.openstack("flavor", "list", env=member["env"])]
    assert name in names
    assert name not in [x["Name"] for x in cloud.openstack("flavor", "list")]
    cloud.openstack("flavor", "set", "--property", "k=v", name, parse=False)
    cloud.openstack("flavor", "unset", "--property", "hw:cpu_policy", name, parse=False)
    assert cloud.openstack("flavor", "show", name)["properties"] == {"k": "v"}
    # Only admins manage flavors.
    res = cloud.openstack("flavor", "create", "--ram", "1", "--vcpus", "1", unique("x"),
                          env=member["env"], check=False)
    assert failed_with(res, 403)
    # A duplicate name is a conflict.
    res = cloud.openstack("flavor", "create", "--ram", "1", "--vcpus", "1", name, check=False)
    assert failed_with(res, 409)
    cloud.openstack("flavor", "delete", name, parse=False)
    res = cloud.openstack("flavor", "show", name, check=False)
    assert res.returncode != 0


def test_flavor_description_by_microversion(cloud, unique):
    env = cloud.env(OS_COMPUTE_API_VERSION="2.55")
    name = unique("flvd")
    f = cloud.openstack("flavor", "create", "--ram", "64", "--vcpus", "1", "--description",
                        "first", name, env=env)
    assert f["description"] == "first"
    cloud.openstack("flavor", "set", "--description", "second", name, env=env, parse=False)
    assert cloud.openstack("flavor", "show", name, env=env)["description"] == "second"
    cloud.openstack("flavor", "delete", name, parse=False)


def test_keypair_import_and_generation(cloud, unique, tmp_path):
    pub, fingerprint = keygen(tmp_path)
    name = unique("kp")
    kp = cloud.openstack("keypair", "create", "--public-key", pub, name)
    assert kp["fingerprint"] == fingerprint
    assert name in [k["Name"] for k in cloud.openstack("keypair", "list")]
    shown = cloud.openstack("keypair", "show", name)
    assert shown["fingerprint"] == fingerprint
    res = cloud.openstack("keypair", "create", "--public-key", pub, name, check=False)
    assert failed_with(res, 409)
    cloud.openstack("keypair", "delete", name, parse=False)
    # Generated (microversions before 2.92): an RSA private key comes back once.
    gen = unique("kpg")
    private = cloud.openstack("keypair", "create", gen, parse=False)
    assert "PRIVATE KEY" in private
    key = tmp_path / "gen.pem"
    key.write_text(private)
    key.chmod(0o600)
    import subprocess
    derived = subprocess.run(["ssh-keygen", "-y", "-f", str(key)], check=True,
                             capture_output=True, text=True).stdout.split()[1]
    conn = cloud.sdk()
    assert conn.compute.get_keypair(gen).public_key.split()[1] == derived
    cloud.openstack("keypair", "delete", gen, parse=False)
    # A malformed public key is refused.
    bad = tmp_path / "bad.pub"
    bad.write_text("ssh-rsa AAAAnotakey comment\n")
    res = cloud.openstack("keypair", "create", "--public-key", str(bad), unique("kpb"),
                          check=False)
    assert failed_with(res, 400)


def test_services_hypervisors_and_zones(cloud, member):
    services = cloud.openstack("compute", "service", "list")
    computes = [s for s in services if s["Binary"] == "nova-compute"]
    assert len(computes) == 3
    assert all(s["State"] == "up" and s["Status"] == "enabled" for s in computes)
    host = computes[0]["Host"]
    env = cloud.env(OS_COMPUTE_API_VERSION="2.53")
    cloud.openstack("compute", "service", "set", "--disable", "--disable-reason", "maintenance",
                    host, "nova-compute", env=env, parse=False)
    shown = [s for s in cloud.openstack("compute", "service", "list", "--long")
             if s["Host"] == host and s["Binary"] == "nova-compute"][0]
    assert shown["Status"] == "disabled" and shown["Disabled Reason"] == "maintenance"
    cloud.openstack("compute", "service", "set", "--enable", host, "nova-compute", env=env,
                    parse=False)
    # Non-admins may not see services.
    res = cloud.openstack("compute", "service", "list", env=member["env"], check=False)
    assert failed_with(res, 403)
    hypervisors = cloud.openstack("hypervisor", "list")
    assert len(hypervisors) == 3
    zones = cloud.openstack("availability", "zone", "list", "--compute")
    assert "nova" in [z["Zone Name"] for z in zones]


def test_aggregates_with_zone(cloud, unique):
    host = [s for s in cloud.openstack("compute", "service", "list")
            if s["Binary"] == "nova-compute"][0]["Host"]
    name = unique("agg")
    agg = cloud.openstack("aggregate", "create", "--zone", "az-" + name, name)
    assert agg["availability_zone"] == "az-" + name
    cloud.openstack("aggregate", "add", "host", name, host)
    cloud.openstack("aggregate", "set", "--property", "ssd=true", name, parse=False)
    shown = cloud.openstack("aggregate", "show", name)
    assert shown["hosts"] == [host]
    assert shown["properties"]["ssd"] == "true"
    res = cloud.openstack("aggregate", "add", "host", name, host, check=False)
    assert failed_with(res, 409)
    zones = [z["Zone Name"] for z in cloud.openstack("availability", "zone", "list", "--compute")]
    assert "az-" + name in zones
    cloud.openstack("aggregate", "remove", "host", name, host)
    cloud.openstack("aggregate", "delete", name, parse=False)


def test_quotas_and_limits(cloud, member):
    cloud.openstack("quota", "set", "--cores", "7", member["project"], parse=False)
    q = cloud.openstack("quota", "show", member["project"])
    cores = q["cores"] if "cores" in q else [r for r in q if r["Resource"] == "cores"][0]["Limit"]
    assert cores == 7
    limits = cloud.openstack("limits", "show", "--absolute", env=member["env"])
    by_name = {x["Name"]: x["Value"] for x in limits}
    assert by_name["maxTotalCores"] == 7
    assert by_name["totalInstancesUsed"] == 0
    cloud.openstack("quota", "set", "--cores", "20", member["project"], parse=False)
