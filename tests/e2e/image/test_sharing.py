"""Sharing through the CLI: `image add project`, `image set --accept/--reject` (the member's answer),
with what each project sees checked from both sides."""


def names(cloud, env, *extra):
    return {i["Name"] for i in cloud.openstack("image", "list", *extra, env=env)}


def test_member_accept_and_reject_seen_from_both_projects(cloud, alice, bob, unique):
    name = unique("shared")
    img = cloud.openstack("image", "create", "--disk-format", "raw", "--container-format",
                          "bare", "--shared", name, env=alice["env"])
    assert img["visibility"] == "shared"
    # Not shared yet: bob cannot see it at all.
    assert name not in names(cloud, bob["env"])
    res = cloud.openstack("image", "show", img["id"], env=bob["env"], check=False)
    assert res.returncode != 0

    member = cloud.openstack("image", "add", "project", img["id"], bob["project_id"],
                             env=alice["env"])
    assert member["status"] == "pending"
    # Pending: bob can show it, but it is not in his default list...
    assert cloud.openstack("image", "show", img["id"], env=bob["env"])["id"] == img["id"]
    assert name not in names(cloud, bob["env"])
    assert name in names(cloud, bob["env"], "--member-status", "pending")

    cloud.openstack("image", "set", "--accept", img["id"], env=bob["env"], parse=False)
    assert name in names(cloud, bob["env"])
    members = cloud.openstack("image", "member", "list", img["id"], env=alice["env"])
    assert [(m["Member ID"], m["Status"]) for m in members] == [(bob["project_id"], "accepted")]

    cloud.openstack("image", "set", "--reject", img["id"], env=bob["env"], parse=False)
    assert name not in names(cloud, bob["env"])
    assert name in names(cloud, bob["env"], "--member-status", "rejected")
    # The owner always sees its own image.
    assert name in names(cloud, alice["env"])

    # Only the owner adds members, only the member answers.
    res = cloud.openstack("image", "add", "project", img["id"], alice["project_id"],
                          env=bob["env"], check=False)
    assert res.returncode != 0
    res = cloud.openstack("image", "set", "--accept", img["id"], env=alice["env"],
                          check=False, parse=False)
    assert res.returncode != 0

    cloud.openstack("image", "remove", "project", img["id"], bob["project_id"],
                    env=alice["env"], parse=False)
    res = cloud.openstack("image", "show", img["id"], env=bob["env"], check=False)
    assert res.returncode != 0
    cloud.openstack("image", "delete", img["id"], env=alice["env"], parse=False)


def test_private_images_stay_private_and_public_needs_admin(cloud, alice, bob, unique):
    name = unique("private")
    img = cloud.openstack("image", "create", "--private", "--disk-format", "raw",
                          "--container-format", "bare", name, env=alice["env"])
    assert name not in names(cloud, bob["env"])
    res = cloud.openstack("image", "set", "--public", img["id"], env=alice["env"],
                          check=False, parse=False)
    # webob answers in plain text when the client names no Accept; the SDK shows the reason.
    assert res.returncode != 0 and "403" in res.stderr
    # Bob cannot change alice's image (it does not even exist for him).
    res = cloud.openstack("image", "set", "--property", "x=y", img["id"], env=bob["env"],
                          check=False, parse=False)
    assert res.returncode != 0
    cloud.openstack("image", "set", "--public", img["id"], parse=False)
    assert name in names(cloud, bob["env"])
    cloud.openstack("image", "delete", img["id"], parse=False)
