"""Groups and membership through the real CLI, openstacksdk and raw HTTP."""
import time


def make_user(cloud, admin, name, password="grp-secret"):
    status, _, res = cloud.request("POST", "/v3/users", token=admin,
                                   body={"user": {"name": name, "password": password}})
    assert status == 201, res
    return res["user"]


def token_status(cloud, admin, token):
    status, _, _ = cloud.request("GET", "/v3/auth/tokens", token=admin,
                                 headers={"X-Subject-Token": token})
    return status


def test_cli_group_membership(cloud, unique):
    gname, uname = unique("cli-group"), unique("cli-member")
    group = cloud.openstack("group", "create", "--domain", "default", "--description", "g1",
                            gname)
    assert group["name"] == gname and group["description"] == "g1"
    assert group["domain_id"] == "default"
    user = cloud.openstack("user", "create", "--password", "pw", uname)
    cloud.openstack("group", "add", "user", gname, uname, parse=False)
    out = cloud.openstack("group", "contains", "user", gname, uname, parse=False)
    assert out.strip() == "%s in group %s" % (uname, gname)
    listed = cloud.openstack("group", "list", "--user", uname)
    assert [g["Name"] for g in listed] == [gname]
    members = cloud.openstack("user", "list", "--group", gname)
    assert [u["ID"] for u in members] == [user["id"]]
    cloud.openstack("group", "remove", "user", gname, uname, parse=False)
    out = cloud.openstack("group", "contains", "user", gname, uname, parse=False, check=False)
    assert "%s not in group %s" % (uname, gname) in out.stderr
    assert cloud.openstack("group", "list", "--user", uname) == []
    cloud.openstack("group", "set", "--name", gname + "-x", "--description", "g2", gname,
                    parse=False)
    shown = cloud.openstack("group", "show", gname + "-x")
    assert shown["description"] == "g2" and shown["id"] == group["id"]
    assert gname + "-x" in [g["Name"] for g in cloud.openstack("group", "list")]
    cloud.openstack("group", "delete", gname + "-x", parse=False)
    assert cloud.openstack("group", "show", group["id"], check=False).returncode != 0


def test_group_http_shapes_and_errors(cloud, unique):
    admin = cloud.admin_token()
    name = unique("http-group")
    status, _, res = cloud.request("POST", "/v3/groups", token=admin,
                                   body={"group": {"name": name, "team": "blue"}})
    assert status == 201, res
    group = res["group"]
    assert group["description"] == "" and group["team"] == "blue"
    assert group["links"]["self"].endswith("/v3/groups/" + group["id"])
    status, _, res = cloud.request("POST", "/v3/groups", token=admin,
                                   body={"group": {"name": name}})
    assert status == 409
    assert res["error"]["message"] == ("Conflict occurred attempting to store group - Duplicate "
                                       "entry found with name %s at domain ID default." % name)
    status, _, res = cloud.request("POST", "/v3/groups", token=admin, body={"group": {}})
    assert status == 400
    status, _, res = cloud.request("GET", "/v3/groups/nosuch", token=admin)
    assert status == 404 and res["error"]["message"] == "Could not find group: nosuch."
    status, _, res = cloud.request("PATCH", "/v3/groups/" + group["id"], token=admin,
                                   body={"group": {"domain_id": "elsewhere"}})
    assert status == 400 and res["error"]["message"] == "Cannot change Domain ID"
    status, _, res = cloud.request("GET", "/v3/groups?name=" + name, token=admin)
    assert [g["id"] for g in res["groups"]] == [group["id"]]
    status, _, res = cloud.request("GET", "/v3/groups?name__icontains=" + name.upper(),
                                   token=admin)
    assert [g["id"] for g in res["groups"]] == [group["id"]]
    status, _, res = cloud.request("GET", "/v3/groups?domain_id=nowhere", token=admin)
    assert status == 200 and res["groups"] == []


def test_membership_errors(cloud, unique):
    admin = cloud.admin_token()
    status, _, res = cloud.request("POST", "/v3/groups", token=admin,
                                   body={"group": {"name": unique("mem-err")}})
    gid = res["group"]["id"]
    user = make_user(cloud, admin, unique("mem-user"))
    path = "/v3/groups/%s/users/%s" % (gid, user["id"])
    status, _, res = cloud.request("HEAD", path, token=admin)
    assert status == 404
    status, _, res = cloud.request("GET", path, token=admin)
    assert status == 404
    assert res["error"]["message"] == "User '%s' not found in group '%s'" % (user["id"], gid)
    status, _, res = cloud.request("DELETE", path, token=admin)
    assert status == 404
    status, _, res = cloud.request("PUT", "/v3/groups/%s/users/nosuch" % gid, token=admin)
    assert status == 404 and res["error"]["message"] == "Could not find user: nosuch."
    status, _, res = cloud.request("PUT", "/v3/groups/nosuch/users/" + user["id"], token=admin)
    assert status == 404 and res["error"]["message"] == "Could not find group: nosuch."
    assert cloud.request("PUT", path, token=admin)[0] == 204
    assert cloud.request("PUT", path, token=admin)[0] == 204  # idempotent
    assert cloud.request("HEAD", path, token=admin)[0] == 204
    status, _, res = cloud.request("GET", "/v3/users/%s/groups" % user["id"], token=admin)
    assert [(g["id"], g["membership_expires_at"]) for g in res["groups"]] == [(gid, None)]
    status, _, res = cloud.request("GET", "/v3/groups/%s/users?name=%s" % (gid, user["name"]),
                                   token=admin)
    assert [u["id"] for u in res["users"]] == [user["id"]]
    status, _, res = cloud.request("GET", "/v3/groups/%s/users?enabled=false" % gid, token=admin)
    assert res["users"] == []
    # Deleting the user removes the membership.
    assert cloud.request("DELETE", "/v3/users/" + user["id"], token=admin)[0] == 204
    status, _, res = cloud.request("GET", "/v3/groups/%s/users" % gid, token=admin)
    assert res["users"] == []


def test_removing_from_group_revokes_tokens(cloud, unique):
    admin = cloud.admin_token()
    status, _, res = cloud.request("POST", "/v3/groups", token=admin,
                                   body={"group": {"name": unique("rev-group")}})
    gid = res["group"]["id"]
    user = make_user(cloud, admin, unique("rev-user"))
    assert cloud.request("PUT", "/v3/groups/%s/users/%s" % (gid, user["id"]), token=admin)[0] \
        == 204
    status, hdrs, _ = cloud.request("POST", "/v3/auth/tokens", body={"auth": {"identity": {
        "methods": ["password"], "password": {"user": {"id": user["id"],
                                                       "password": "grp-secret"}}}}})
    token = hdrs["X-Subject-Token"]
    assert token_status(cloud, admin, token) == 200
    assert cloud.request("DELETE", "/v3/groups/%s/users/%s" % (gid, user["id"]),
                         token=admin)[0] == 204
    assert token_status(cloud, admin, token) == 404
    time.sleep(1.05)
    status, hdrs, _ = cloud.request("POST", "/v3/auth/tokens", body={"auth": {"identity": {
        "methods": ["password"], "password": {"user": {"id": user["id"],
                                                       "password": "grp-secret"}}}}})
    assert status == 201 and token_status(cloud, admin, hdrs["X-Subject-Token"]) == 200


def test_sdk_group_membership(cloud, unique):
    conn = cloud.sdk()
    group = conn.identity.create_group(name=unique("sdk-group"), domain_id="default",
                                       description="from sdk")
    user = conn.identity.create_user(name=unique("sdk-member"), password="x",
                                     domain_id="default")
    conn.identity.add_user_to_group(user, group)
    assert conn.identity.check_user_in_group(user, group)
    assert [g.id for g in conn.identity.groups(name=group.name)] == [group.id]
    conn.identity.remove_user_from_group(user, group)
    assert not conn.identity.check_user_in_group(user, group)
    conn.identity.update_group(group, description="changed")
    assert conn.identity.get_group(group.id).description == "changed"
    conn.identity.delete_group(group)
    conn.identity.delete_user(user)
    assert conn.identity.find_group(group.name) is None
