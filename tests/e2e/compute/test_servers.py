"""Servers on the fake driver through the `openstack` CLI and openstacksdk:
create to ACTIVE, show, list filters and paging, every action's state
changes, resize confirm and revert, snapshots, console output, metadata and
tags, instance actions, server groups across three fake hosts, quotas,
validation errors and project isolation."""
import json
import urllib.request

from compute_helpers import boot, delete, failed_with, settle, wait_image, wait_status

V = "2.79"


def env(cloud):
    return cloud.env(OS_COMPUTE_API_VERSION=V)


def test_create_to_active_and_show(cloud, image, flavors, unique):
    name = unique("srv")
    # The CLI's own --wait, on create and on delete (elsewhere the helpers poll).
    s = boot(cloud, image, flavors["small"], name, "--property", "role=web", env=env(cloud),
             wait=True)
    assert s["status"] == "ACTIVE"
    shown = cloud.openstack("server", "show", name, env=env(cloud))
    assert shown["OS-EXT-STS:vm_state"] == "active"
    assert shown["OS-EXT-STS:task_state"] is None
    assert shown["OS-EXT-STS:power_state"] in (1, "Running")
    assert shown["OS-EXT-SRV-ATTR:host"]
    assert shown["OS-EXT-AZ:availability_zone"] == "nova"
    assert shown["properties"] == {"role": "web"}
    assert shown["flavor"]["original_name"] == "e2e.small"
    cloud.openstack("server", "delete", "--wait", name, parse=False)
    res = cloud.openstack("server", "show", name, check=False)
    assert res.returncode != 0


def test_list_filters_sorting_and_paging(cloud, image, flavors, unique):
    base = unique("many")
    cloud.openstack("server", "create", "--image", image, "--flavor", flavors["small"],
                    "--network", "none", "--min", "3", "--max", "3", base, env=env(cloud))
    for n in range(1, 4):
        settle(cloud, "%s-%d" % (base, n), ["ACTIVE"])
    names = sorted(s["Name"] for s in cloud.openstack("server", "list", "--name", "^" + base,
                                                      env=env(cloud)))
    assert names == [base + "-1", base + "-2", base + "-3"]
    active = cloud.openstack("server", "list", "--name", base, "--status", "ACTIVE",
                             env=env(cloud))
    assert len(active) == 3
    assert cloud.openstack("server", "list", "--name", base, "--status", "SHUTOFF",
                           env=env(cloud)) == []
    by_flavor = cloud.openstack("server", "list", "--name", base, "--flavor", flavors["small"],
                                env=env(cloud))
    assert len(by_flavor) == 3
    # Paging: the SDK follows servers_links page by page.
    conn = cloud.sdk()
    paged = [s.name for s in conn.compute.servers(name="^" + base, limit=2)]
    assert sorted(paged) == names
    # Sorting by name, descending.
    ordered = cloud.openstack("server", "list", "--name", base, "--sort-column", "Name",
                              env=env(cloud))
    assert [s["Name"] for s in ordered] == names
    raw = conn.compute.get("/servers?name=^%s&limit=2&sort_key=display_name&sort_dir=desc" % base)
    body = raw.json()
    assert [s["name"] for s in body["servers"]] == [base + "-3", base + "-2"]
    assert body["servers_links"][0]["rel"] == "next"
    for n in names:
        cloud.openstack("server", "delete", n, parse=False)


def test_power_actions_change_state(cloud, image, flavors, unique):
    name = unique("act")
    boot(cloud, image, flavors["small"], name, env=env(cloud))
    steps = [("stop", "SHUTOFF"), ("start", "ACTIVE"), ("pause", "PAUSED"),
             ("unpause", "ACTIVE"), ("suspend", "SUSPENDED"), ("resume", "ACTIVE")]
    for action, status in steps:
        cloud.openstack("server", action, name, env=env(cloud), parse=False)
        assert wait_status(cloud, name, [status])["status"] == status, action
    cloud.openstack("server", "reboot", name, env=env(cloud), parse=False)
    assert settle(cloud, name, ["ACTIVE"]) == "ACTIVE"
    cloud.openstack("server", "reboot", "--hard", name, env=env(cloud), parse=False)
    assert wait_status(cloud, name, ["ACTIVE"])["status"] == "ACTIVE"
    # Nova's state checks: pausing twice is a conflict with its words.
    cloud.openstack("server", "pause", name, env=env(cloud), parse=False)
    wait_status(cloud, name, ["PAUSED"])
    res = cloud.openstack("server", "pause", name, env=env(cloud), check=False, parse=False)
    assert failed_with(res, 409)
    assert "while it is in vm_state paused" in res.stderr
    cloud.openstack("server", "unpause", name, env=env(cloud), parse=False)
    wait_status(cloud, name, ["ACTIVE"])
    # Locked servers refuse their owner's actions (admins pass).
    cloud.openstack("server", "lock", "--reason", "hold", name, env=env(cloud), parse=False)
    shown = cloud.openstack("server", "show", name, env=cloud.env(OS_COMPUTE_API_VERSION="2.73"))
    assert shown["locked"] is True and shown["locked_reason"] == "hold"
    cloud.openstack("server", "unlock", name, env=env(cloud), parse=False)
    # Rebuild returns to ACTIVE on the same image.
    cloud.openstack("server", "rebuild", "--image", image, name, env=env(cloud), parse=False)
    assert wait_status(cloud, name, ["ACTIVE"])["status"] == "ACTIVE"
    actions = [a["Action"] for a in cloud.openstack("server", "event", "list", name,
                                                     env=env(cloud))]
    for a in ("create", "stop", "start", "pause", "reboot", "lock", "rebuild"):
        assert a in actions
    # Admin resets the state.
    cloud.openstack("server", "set", "--state", "error", name, env=env(cloud), parse=False)
    assert cloud.openstack("server", "show", name, env=env(cloud))["status"] == "ERROR"
    cloud.openstack("server", "set", "--state", "active", name, env=env(cloud), parse=False)
    delete(cloud, name)


def test_resize_confirm_then_revert(cloud, image, flavors, unique):
    name = unique("rsz")
    e = env(cloud)
    boot(cloud, image, flavors["small"], name, env=e)
    cloud.openstack("server", "resize", "--flavor", flavors["medium"], name, env=e, parse=False)
    assert wait_status(cloud, name, ["VERIFY_RESIZE"], env=e)["status"] == "VERIFY_RESIZE"
    cloud.openstack("server", "resize", "confirm", name, env=e, parse=False)
    shown = wait_status(cloud, name, ["ACTIVE"], env=e)
    assert shown["status"] == "ACTIVE"
    assert shown["flavor"]["original_name"] == "e2e.medium"
    # A disk never shrinks (nova: "Unable to resize disk down").
    res = cloud.openstack("server", "resize", "--flavor", flavors["small"], name, env=e,
                          check=False, parse=False)
    assert failed_with(res, 400)
    cloud.openstack("server", "resize", "--flavor", flavors["large"], name, env=e, parse=False)
    assert wait_status(cloud, name, ["VERIFY_RESIZE"], env=e)["status"] == "VERIFY_RESIZE"
    cloud.openstack("server", "resize", "revert", name, env=e, parse=False)
    shown = wait_status(cloud, name, ["ACTIVE"], env=e)
    assert shown["status"] == "ACTIVE"
    assert shown["flavor"]["original_name"] == "e2e.medium"
    migrations = cloud.openstack("server", "migration", "list", "--server", name, env=e)
    assert len(migrations) == 2
    delete(cloud, name)


def test_snapshot_creates_image_and_console(cloud, image, flavors, unique):
    name = unique("snap")
    boot(cloud, image, flavors["small"], name, env=env(cloud))
    snap = cloud.openstack("server", "image", "create", "--name", name + "-img", name,
                           env=env(cloud))
    wait_image(cloud, snap["id"])
    shown = cloud.openstack("image", "show", snap["id"])
    assert shown["status"] == "active"
    assert shown["properties"]["image_type"] == "snapshot"
    log = cloud.openstack("console", "log", "show", name, env=env(cloud), parse=False)
    assert log.strip()
    delete(cloud, name)
    cloud.openstack("image", "delete", snap["id"], parse=False)


def test_metadata_and_tags(cloud, image, flavors, unique):
    name = unique("meta")
    e = cloud.env(OS_COMPUTE_API_VERSION="2.26")
    boot(cloud, image, flavors["small"], name, env=env(cloud))
    cloud.openstack("server", "set", "--property", "a=1", "--property", "b=2", name, env=e,
                    parse=False)
    cloud.openstack("server", "unset", "--property", "a", name, env=e, parse=False)
    assert cloud.openstack("server", "show", name, env=e)["properties"] == {"b": "2"}
    cloud.openstack("server", "set", "--tag", "blue", "--tag", "green", name, env=e,
                    parse=False)
    assert sorted(cloud.openstack("server", "show", name, env=e)["tags"]) == ["blue", "green"]
    assert [s["Name"] for s in cloud.openstack("server", "list", "--tags", "blue",
                                               "--name", name, env=e)] == [name]
    assert cloud.openstack("server", "list", "--not-tags", "blue", "--name", name, env=e) == []
    cloud.openstack("server", "unset", "--tag", "blue", name, env=e, parse=False)
    assert cloud.openstack("server", "show", name, env=e)["tags"] == ["green"]
    delete(cloud, name)


def test_anti_affinity_across_three_hosts(cloud, image, flavors, unique):
    group = cloud.openstack("server", "group", "create", "--policy", "anti-affinity",
                            unique("grp"), env=cloud.env(OS_COMPUTE_API_VERSION="2.64"))
    hosts = set()
    names = []
    for n in range(3):
        name = unique("aa%d" % n)
        names.append(name)
        s = boot(cloud, image, flavors["small"], name, "--hint", "group=" + group["id"],
                 env=env(cloud))
        assert s["status"] == "ACTIVE"
        hosts.add(s["OS-EXT-SRV-ATTR:host"])  # boot() shows the server through the CLI
    assert len(hosts) == 3
    fourth = unique("aa3")
    cloud.openstack("server", "create", "--image", image, "--flavor", flavors["small"],
                    "--network", "none", "--hint", "group=" + group["id"], fourth,
                    env=env(cloud))
    shown = wait_status(cloud, fourth, ["ERROR"], env=env(cloud))
    assert shown["status"] == "ERROR"
    assert "No valid host" in shown["fault"]["message"]
    members = cloud.openstack("server", "group", "show", group["id"])["members"]
    assert len(members.split(",") if isinstance(members, str) else members) == 4
    for name in names + [fourth]:
        cloud.openstack("server", "delete", name, parse=False)


def test_quota_exceeded_is_403_with_novas_message(cloud, image, flavors, member, unique):
    cloud.openstack("quota", "set", "--instances", "1", member["project"], parse=False)
    first = unique("q")
    boot(cloud, image, flavors["small"], first, env=member["env"])
    res = cloud.openstack("server", "create", "--image", image, "--flavor", flavors["small"],
                          "--network", "none", unique("q"), env=member["env"], check=False)
    assert failed_with(res, 403)
    assert "Quota exceeded for instances: Requested 1, but already used 1 of 1 instances" in \
        res.stderr
    delete(cloud, first, env=member["env"])
    cloud.openstack("quota", "set", "--instances", "10", member["project"], parse=False)


def test_bad_flavor_or_image_is_400(cloud, image, flavors, unique):
    res = cloud.openstack("server", "create", "--image", image, "--flavor", "no-such-flavor",
                          "--network", "none", unique("bad"), env=env(cloud), check=False)
    assert res.returncode != 0
    token = cloud.admin_token()
    for body in ({"flavorRef": "no-such-flavor", "imageRef": image},
                 {"flavorRef": flavors["small"],
                  "imageRef": "11111111-2222-3333-4444-555555555555"}):
        body.update(name="bad", networks="none")
        req = urllib.request.Request(cloud.compute_url + "/servers", method="POST",
                                     data=json.dumps({"server": body}).encode())
        req.add_header("X-Auth-Token", token)
        req.add_header("Content-Type", "application/json")
        req.add_header("OpenStack-API-Version", "compute 2.79")
        try:
            urllib.request.urlopen(req, timeout=30)
            raise AssertionError("accepted %s" % body)
        except urllib.error.HTTPError as e:
            assert e.code == 400
            assert "could not be found" in json.loads(e.read())["badRequest"]["message"]


def test_other_projects_server_is_404(cloud, image, flavors, member, unique):
    name = unique("mine")
    s = boot(cloud, image, flavors["small"], name, env=env(cloud))
    res = cloud.openstack("server", "show", s["id"], env=member["env"], check=False)
    assert res.returncode != 0 and "No server with a name or ID" in res.stderr + res.stdout \
        or failed_with(res, 404)
    # The API itself answers 404 (not 403) to the other project, as Nova does.
    e = member["env"]
    other = cloud.sdk(username=e["OS_USERNAME"], password=e["OS_PASSWORD"],
                      project_name=e["OS_PROJECT_NAME"])
    for method in ("get", "delete"):
        r = getattr(other.compute, method)("/servers/" + s["id"], raise_exc=False)
        assert r.status_code == 404, (method, r.status_code, r.text)
        assert "itemNotFound" in r.json()
    res = cloud.openstack("server", "delete", s["id"], env=member["env"], check=False)
    assert res.returncode != 0
    assert cloud.openstack("server", "list", env=member["env"]) == [] or \
        s["id"] not in [x["ID"] for x in cloud.openstack("server", "list", env=member["env"])]
    # Admins see it with --all-projects.
    ids = [x["ID"] for x in cloud.openstack("server", "list", "--all-projects",
                                            env=env(cloud))]
    assert s["id"] in ids
    delete(cloud, name)
