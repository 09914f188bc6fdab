"""Users through the real CLI, openstacksdk and raw HTTP: CRUD, filters,
passwords (admin reset and self-service), revocation and policy."""
import time

import pytest


def password_token(cloud, user_id, password, scope=None):
    """(status, token id) for a password authentication by user id."""
    auth = {"identity": {"methods": ["password"],
                         "password": {"user": {"id": user_id, "password": password}}}}
    if scope:
        auth["scope"] = scope
    status, hdrs, _ = cloud.request("POST", "/v3/auth/tokens", body={"auth": auth})
    return status, hdrs.get("X-Subject-Token")


def token_status(cloud, admin, token):
    status, _, _ = cloud.request("GET", "/v3/auth/tokens", token=admin,
                                 headers={"X-Subject-Token": token})
    return status


def make_user(cloud, admin, name, password="pw-1-secret", **attrs):
    body = {"user": dict(name=name, password=password, **attrs)}
    status, _, res = cloud.request("POST", "/v3/users", token=admin, body=body)
    assert status == 201, res
    return res["user"]


def wait_next_second():
    # Revocation events cover tokens issued up to and including their second
    # (as Keystone's): a new token must come from a later second.
    time.sleep(1.05)


def test_cli_user_lifecycle(cloud, unique):
    name = unique("cli-user")
    created = cloud.openstack("user", "create", "--domain", "default", "--password", "pw-secret",
                              "--email", "%s@example.org" % name, "--description", "d1", name)
    assert created["name"] == name
    assert created["domain_id"] == "default"
    assert created["enabled"] is True
    assert created["email"] == "%s@example.org" % name
    assert "password" not in created
    shown = cloud.openstack("user", "show", created["id"])
    assert shown["id"] == created["id"] and shown["description"] == "d1"
    assert shown["password_expires_at"] is None
    names = [u["Name"] for u in cloud.openstack("user", "list")]
    assert name in names and "admin" in names
    cloud.openstack("user", "set", "--name", name + "-x", "--email", "new@example.org",
                    "--disable", created["id"], parse=False)
    shown = cloud.openstack("user", "show", created["id"])
    assert shown["name"] == name + "-x" and shown["email"] == "new@example.org"
    assert shown["enabled"] is False
    cloud.openstack("user", "delete", created["id"], parse=False)
    res = cloud.openstack("user", "show", created["id"], check=False)
    assert res.returncode != 0


def test_create_defaults_and_extra_attributes(cloud, unique):
    admin = cloud.admin_token()
    name = unique("extra")
    user = make_user(cloud, admin, "  %s  " % name, email="e@x.org", favourite_colour="blue",
                     options={"ignore_password_expiry": True})
    assert user["name"] == name  # stripped, as keystone does
    assert user["domain_id"] == "default"
    assert user["favourite_colour"] == "blue" and user["email"] == "e@x.org"
    assert user["options"] == {"ignore_password_expiry": True}
    assert user["links"]["self"].endswith("/v3/users/" + user["id"])
    assert "default_project_id" not in user
    status, _, body = cloud.request("PATCH", "/v3/users/" + user["id"], token=admin,
                                    body={"user": {"options": {"ignore_password_expiry": None,
                                                               "lock_password": True},
                                                   "favourite_colour": "red"}})
    assert status == 200, body
    assert body["user"]["options"] == {"lock_password": True}
    assert body["user"]["favourite_colour"] == "red" and body["user"]["email"] == "e@x.org"


def test_list_filters(cloud, unique):
    admin = cloud.admin_token()
    prefix = unique("flt")
    on = make_user(cloud, admin, prefix + "-on")
    off = make_user(cloud, admin, prefix + "-off", enabled=False)

    def ids(query):
        status, _, body = cloud.request("GET", "/v3/users" + query, token=admin)
        assert status == 200, body
        return {u["id"] for u in body["users"]}

    assert ids("?name=" + on["name"]) == {on["id"]}
    got = ids("?enabled=false")
    assert off["id"] in got and on["id"] not in got
    assert ids("?name__startswith=" + prefix) == {on["id"], off["id"]}
    assert ids("?name__contains=" + prefix.upper()) == set()
    assert ids("?name__icontains=" + prefix.upper()) == {on["id"], off["id"]}
    assert ids("?domain_id=nowhere") == set()
    assert ids("?password_expires_at=lt:2099-01-01T00:00:00Z") == set()
    status, _, body = cloud.request("GET", "/v3/users?password_expires_at=lt:soon", token=admin)
    assert status == 400 and body["error"]["message"].startswith("Timestamp not in expected")
    status, _, body = cloud.request(
        "GET", "/v3/users?password_expires_at=xy:2099-01-01T00:00:00Z", token=admin)
    assert status == 400 and "The given operator xy is not valid" in body["error"]["message"]


def test_unknown_user_is_404_with_keystone_body(cloud):
    admin = cloud.admin_token()
    for method in ("GET", "PATCH", "DELETE"):
        body = {"user": {"email": "x"}} if method == "PATCH" else None
        status, _, res = cloud.request(method, "/v3/users/nosuchuser", token=admin, body=body)
        assert status == 404, (method, res)
        assert res == {"error": {"code": 404, "title": "Not Found",
                                 "message": "Could not find user: nosuchuser."}}


def test_duplicate_name_is_409(cloud, unique):
    admin = cloud.admin_token()
    name = unique("dup")
    make_user(cloud, admin, name)
    status, _, res = cloud.request("POST", "/v3/users", token=admin,
                                   body={"user": {"name": name, "domain_id": "default"}})
    assert status == 409
    assert res["error"]["message"] == ("Conflict occurred attempting to store user - Duplicate "
                                       "entry found with name %s at domain ID default." % name)
    res = cloud.openstack("user", "create", name, check=False)
    assert res.returncode != 0


def test_bad_input_is_400(cloud, unique):
    admin = cloud.admin_token()
    status, _, res = cloud.request("POST", "/v3/users", token=admin, body={"user": {}})
    assert status == 400
    assert res["error"]["message"].startswith("'name' is a required property")
    status, _, res = cloud.request("POST", "/v3/users", token=admin,
                                   body={"user": {"name": "x", "enabled": "yes"}})
    assert status == 400
    assert res["error"]["message"].startswith("Invalid input for field 'enabled'")
    status, _, res = cloud.request("POST", "/v3/users", token=admin,
                                   body={"user": {"name": "x", "options": {"bogus": True}}})
    assert status == 400
    user = make_user(cloud, admin, unique("bad"))
    status, _, res = cloud.request("PATCH", "/v3/users/" + user["id"], token=admin,
                                   body={"user": {"domain_id": "other"}})
    assert status == 400 and res["error"]["message"] == "Cannot change Domain ID"
    status, _, res = cloud.request("PATCH", "/v3/users/" + user["id"], token=admin,
                                   body={"user": {"id": "other"}})
    assert status == 400 and res["error"]["message"] == "Cannot change ID"
    status, _, res = cloud.request("PATCH", "/v3/users/" + user["id"], token=admin,
                                   body={"user": {"default_project_id": "default"}})
    assert status == 400
    assert res["error"]["message"] == "User's default project ID cannot be a domain ID: default"


def test_create_in_unknown_domain_is_404(cloud, unique):
    admin = cloud.admin_token()
    status, _, res = cloud.request("POST", "/v3/users", token=admin,
                                   body={"user": {"name": unique("nd"), "domain_id": "abc123"}})
    assert status == 404
    assert res["error"]["message"] == "Could not find domain: abc123."


def test_admin_password_reset_revokes_tokens(cloud, unique):
    admin = cloud.admin_token()
    user = make_user(cloud, admin, unique("reset"), password="old-secret")
    status, old_token = password_token(cloud, user["id"], "old-secret")
    assert status == 201
    assert token_status(cloud, admin, old_token) == 200
    cloud.openstack("user", "set", "--password", "new-secret", user["id"], parse=False)
    assert token_status(cloud, admin, old_token) == 404
    wait_next_second()
    assert password_token(cloud, user["id"], "old-secret")[0] == 401
    status, new_token = password_token(cloud, user["id"], "new-secret")
    assert status == 201
    assert token_status(cloud, admin, new_token) == 200


def test_disable_and_delete_revoke_tokens(cloud, unique):
    admin = cloud.admin_token()
    user = make_user(cloud, admin, unique("revoke"))
    _, token = password_token(cloud, user["id"], "pw-1-secret")
    assert token_status(cloud, admin, token) == 200
    cloud.openstack("user", "set", "--disable", user["id"], parse=False)
    assert token_status(cloud, admin, token) == 404
    status, _, body = cloud.request("POST", "/v3/auth/tokens", body={"auth": {"identity": {
        "methods": ["password"], "password": {"user": {"id": user["id"],
                                                       "password": "pw-1-secret"}}}}})
    assert status == 401
    cloud.openstack("user", "set", "--enable", user["id"], parse=False)
    # The event outlives re-enabling: the old token stays revoked.
    assert token_status(cloud, admin, token) == 404
    wait_next_second()
    _, token = password_token(cloud, user["id"], "pw-1-secret")
    assert token_status(cloud, admin, token) == 200
    cloud.openstack("user", "delete", user["id"], parse=False)
    assert token_status(cloud, admin, token) == 404
    status, _, events = cloud.request("GET", "/v3/OS-REVOKE/events", token=admin)
    if status == 200:  # the revocation list API may not be built yet
        assert any(e.get("user_id") == user["id"] for e in events["events"])


def test_self_service_password_change(cloud, unique):
    admin = cloud.admin_token()
    user = make_user(cloud, admin, unique("self"), password="first-secret")
    _, old_token = password_token(cloud, user["id"], "first-secret")
    # Wrong original password: 401, nothing changes.
    status, _, res = cloud.request("POST", "/v3/users/%s/password" % user["id"], body={
        "user": {"original_password": "wrong", "password": "second-secret"}})
    assert status == 401 and res["error"]["code"] == 401
    assert token_status(cloud, admin, old_token) == 200
    # No token is needed: the original password is the proof.
    status, _, res = cloud.request("POST", "/v3/users/%s/password" % user["id"], body={
        "user": {"original_password": "first-secret", "password": "second-secret"}})
    assert status == 204, res
    assert token_status(cloud, admin, old_token) == 404
    wait_next_second()
    assert password_token(cloud, user["id"], "first-secret")[0] == 401
    assert password_token(cloud, user["id"], "second-secret")[0] == 201
    status, _, res = cloud.request("POST", "/v3/users/%s/password" % user["id"],
                                   body={"user": {"password": "x"}})
    assert status == 400
    status, _, _ = cloud.request("GET", "/v3/users/%s/password" % user["id"], token=admin)
    assert status == 405


def test_lock_password_refuses_self_service(cloud, unique):
    admin = cloud.admin_token()
    user = make_user(cloud, admin, unique("locked"), password="locked-secret",
                     options={"lock_password": True})
    status, _, res = cloud.request("POST", "/v3/users/%s/password" % user["id"], body={
        "user": {"original_password": "locked-secret", "password": "other-secret"}})
    assert status == 400
    assert res["error"]["message"].startswith("You cannot change your password at this time")


def test_sdk_user_crud(cloud, unique):
    conn = cloud.sdk()
    name = unique("sdk-user")
    user = conn.identity.create_user(name=name, password="sdk-secret", domain_id="default",
                                     email="sdk@example.org")
    assert user.name == name and user.is_enabled
    assert conn.identity.find_user(name).id == user.id
    updated = conn.identity.update_user(user, description="from sdk", is_enabled=False)
    assert updated.description == "from sdk" and not updated.is_enabled
    assert conn.identity.get_user(user.id).email == "sdk@example.org"
    assert user.id in {u.id for u in conn.identity.users(name=name)}
    conn.identity.delete_user(user)
    assert conn.identity.find_user(name) is None


def role_add_available(cloud):
    status, _, _ = cloud.request("GET", "/v3/roles", token=cloud.admin_token())
    return status == 200


@pytest.fixture
def member(cloud, unique):
    """A user holding only the member role on the admin project."""
    if not role_add_available(cloud):
        pytest.skip("role assignment routes are not built yet")
    name = unique("member")
    user = cloud.openstack("user", "create", "--password", "member-secret", name)
    cloud.openstack("role", "add", "--user", user["id"], "--project", "admin", "member",
                    parse=False)
    return user, cloud.user_env(name, "member-secret", "admin")


def test_member_cannot_list_or_manage_users(cloud, member):
    user, env = member
    res = cloud.openstack("user", "list", env=env, check=False)
    assert res.returncode != 0 and "403" in res.stderr
    res = cloud.openstack("user", "create", "--password", "x", "intruder", env=env, check=False)
    assert res.returncode != 0 and "403" in res.stderr
    # A user may read themselves, not others.
    shown = cloud.openstack("user", "show", user["id"], env=env)
    assert shown["id"] == user["id"]
    admin_id = cloud.openstack("user", "show", "admin")["id"]
    status, _, res = cloud.request("GET", "/v3/users/" + admin_id,
                                   token=cloud.openstack("token", "issue", env=env)["id"])
    assert status == 403
    assert res["error"]["message"] == ("You are not authorized to perform the requested "
                                       "action: identity:get_user.")


def test_member_lists_own_projects_and_changes_own_password(cloud, member):
    user, env = member
    projects = cloud.openstack("user", "show", user["id"], env=env)  # sanity: token works
    assert projects["id"] == user["id"]
    token = cloud.openstack("token", "issue", env=env)["id"]
    status, _, body = cloud.request("GET", "/v3/users/%s/projects" % user["id"], token=token)
    assert status == 200
    assert [p["name"] for p in body["projects"]] == ["admin"]
    cloud.openstack("user", "password", "set", "--original-password", "member-secret",
                    "--password", "member-secret-2", env=env, parse=False)
    wait_next_second()
    env2 = dict(env, OS_PASSWORD="member-secret-2")
    assert cloud.openstack("token", "issue", env=env2)["user_id"] == user["id"]
    assert cloud.openstack("token", "issue", env=env, check=False).returncode != 0


def test_user_projects_for_admin(cloud):
    admin = cloud.admin_token()
    admin_id = cloud.openstack("user", "show", "admin")["id"]
    status, _, body = cloud.request("GET", "/v3/users/%s/projects" % admin_id, token=admin)
    assert status == 200
    assert "admin" in [p["name"] for p in body["projects"]]
    status, _, body = cloud.request("GET", "/v3/users/%s/projects?name=nope" % admin_id,
                                    token=admin)
    assert status == 200 and body["projects"] == []
    status, _, _ = cloud.request("GET", "/v3/users/nosuch/projects", token=admin)
    assert status == 404
