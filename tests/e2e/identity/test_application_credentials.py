"""Application credentials and access rules through the real CLI and raw
HTTP: create, authenticate with them, restrictions, ownership, deletion."""
import datetime

from delegation_helpers import Member, admin_identity, assert_error, validate


def app_cred_auth(cloud, ac_id, secret):
    return cloud.request("POST", "/v3/auth/tokens", body={"auth": {"identity": {
        "methods": ["application_credential"],
        "application_credential": {"id": ac_id, "secret": secret}}}})


def create(cloud, who, body):
    return cloud.request("POST", "/v3/users/%s/application_credentials" % who.id,
                         token=who.token, body={"application_credential": body})


def cli_env(cloud, ac_id, secret):
    env = cloud.env()
    del env["OS_CLOUD"]
    del env["OS_CLIENT_CONFIG_FILE"]
    env.update(OS_AUTH_TYPE="v3applicationcredential", OS_AUTH_URL=cloud.auth_url,
               OS_APPLICATION_CREDENTIAL_ID=ac_id, OS_APPLICATION_CREDENTIAL_SECRET=secret,
               OS_IDENTITY_API_VERSION="3")
    return env


def test_cli_create_then_authenticate_with_it(cloud, unique):
    admin = cloud.admin_token()
    _, admin_project = admin_identity(cloud, admin)
    name = unique("cli-ac")
    created = cloud.openstack("application", "credential", "create", "--description", "ci",
                              name)
    assert created["name"] == name and created["description"] == "ci"
    assert created["secret"] and created["project_id"] == admin_project
    assert "admin" in created["roles"].split()
    assert created["unrestricted"] is False

    env = cli_env(cloud, created["id"], created["secret"])
    tok = cloud.openstack("token", "issue", env=env)
    assert tok["project_id"] == admin_project
    status, body = validate(cloud, admin, tok["id"])
    assert status == 200
    assert body["token"]["methods"] == ["application_credential"]
    assert body["token"]["application_credential"] == {
        "id": created["id"], "name": name, "restricted": True}

    listed = cloud.openstack("application", "credential", "list")
    assert name in [row["Name"] for row in listed]
    shown = cloud.openstack("application", "credential", "show", name)
    assert shown["id"] == created["id"] and "secret" not in shown

    cloud.openstack("application", "credential", "delete", name, parse=False)
    assert validate(cloud, admin, tok["id"])[0] == 404
    res = cloud.openstack("token", "issue", env=env, check=False)
    assert res.returncode != 0


def test_create_shape_and_authentication(cloud, unique):
    who = Member(cloud, cloud.admin_token(), unique)
    expires = (datetime.datetime.utcnow() + datetime.timedelta(hours=1)).replace(
        microsecond=123456)
    status, _, body = create(cloud, who, {"name": "ci", "expires_at": expires.isoformat(),
                                          "secret": "my-own-secret"})
    assert status == 201, body
    ac = body["application_credential"]
    assert ac["secret"] == "my-own-secret"
    assert ac["expires_at"] == expires.isoformat()
    assert ac["user_id"] == who.id and ac["project_id"] == who.project["id"]
    assert ac["system"] is None and ac["unrestricted"] is False
    assert ac["links"]["self"].endswith("/v3/application_credentials/" + ac["id"])
    assert {r["name"] for r in ac["roles"]} >= {"member"}
    assert "links" not in ac["roles"][0] and "options" in ac["roles"][0]
    assert "access_rules" not in ac

    status, hdrs, body = app_cred_auth(cloud, ac["id"], "my-own-secret")
    assert status == 201, body
    tok = body["token"]
    assert tok["project"]["id"] == who.project["id"] and tok["user"]["id"] == who.id
    # Token lifetime never outlives the credential.
    assert tok["expires_at"] <= expires.strftime("%Y-%m-%dT%H:%M:%S.999999Z")

    status, _, body = app_cred_auth(cloud, ac["id"], "wrong")
    assert status == 401
    # By name, with the owner.
    status, _, body = cloud.request("POST", "/v3/auth/tokens", body={"auth": {"identity": {
        "methods": ["application_credential"], "application_credential": {
            "name": "ci", "secret": "my-own-secret", "user": {"id": who.id}}}}})
    assert status == 201, body
    # An application credential cannot choose its scope.
    status, _, _ = cloud.request("POST", "/v3/auth/tokens", body={"auth": {
        "identity": {"methods": ["application_credential"], "application_credential": {
            "id": ac["id"], "secret": "my-own-secret"}},
        "scope": {"project": {"id": who.project["id"]}}}})
    assert status == 401

    shown = cloud.request("GET", "/v3/users/%s/application_credentials/%s" % (who.id, ac["id"]),
                          token=who.token)[2]["application_credential"]
    assert "secret" not in shown and shown["expires_at"] == ac["expires_at"]

    status, _, body = create(cloud, who, {"name": "ci"})
    assert status == 409
    assert_error(body, 409, "Conflict occurred attempting to store application_credential - "
                            "Duplicate entry found with name ci.")


def test_generated_secret_and_listing(cloud, unique):
    who = Member(cloud, cloud.admin_token(), unique)
    names = ["one", "two"]
    for n in names:
        status, _, body = create(cloud, who, {"name": n})
        assert status == 201, body
        assert len(body["application_credential"]["secret"]) == 86  # 64 bytes, unpadded
    status, _, body = cloud.request("GET", "/v3/users/%s/application_credentials" % who.id,
                                    token=who.token)
    assert status == 200
    assert sorted(a["name"] for a in body["application_credentials"]) == names
    assert all("secret" not in a for a in body["application_credentials"])
    status, _, body = cloud.request(
        "GET", "/v3/users/%s/application_credentials?name=two" % who.id, token=who.token)
    assert [a["name"] for a in body["application_credentials"]] == ["two"]


def test_roles_must_be_held(cloud, unique):
    admin = cloud.admin_token()
    who = Member(cloud, admin, unique, roles=("member",))
    status, _, body = create(cloud, who, {"name": "x", "roles": [{"name": "admin"}]})
    assert status == 400
    assert_error(body, 400, "Invalid application credential: Cannot create an application "
                            "credential with unassigned role")
    status, _, body = create(cloud, who, {"name": "x", "roles": [{"name": "no-such-role"}]})
    assert status == 404
    status, _, body = create(cloud, who, {"name": "x", "roles": [{"id": "a", "name": "b"}]})
    assert status == 400  # one of id or name
    status, _, body = create(cloud, who, {"name": "x", "roles": [{"name": "member"}]})
    assert status == 201, body
    ac = body["application_credential"]
    assert [r["name"] for r in ac["roles"]] == ["member"]
    status, _, body = app_cred_auth(cloud, ac["id"], ac["secret"])
    assert status == 201
    assert [r["name"] for r in body["token"]["roles"]] == ["member"]


def test_bad_input(cloud, unique):
    who = Member(cloud, cloud.admin_token(), unique)
    status, _, body = create(cloud, who, {"description": "no name"})
    assert status == 400 and "'name' is a required property" in body["error"]["message"]
    status, _, body = create(cloud, who, {"name": "x", "expires_at": "2001-01-01T00:00:00"})
    assert status == 400
    assert body["error"]["message"].startswith("The 'expires_at' must not be before now.")
    status, _, body = create(cloud, who, {"name": "x", "expires_at": "tomorrow"})
    assert status == 400
    assert body["error"]["message"].startswith("Timestamp not in expected format.")
    status, _, body = create(cloud, who, {"name": "x", "access_rules": [{"method": "FETCH"}]})
    assert status == 400


def test_users_only_manage_their_own(cloud, unique):
    admin = cloud.admin_token()
    alice = Member(cloud, admin, unique)
    bob = Member(cloud, admin, unique)
    status, _, body = create(cloud, alice, {"name": "mine"})
    ac = body["application_credential"]
    # Bob cannot create for Alice, nor see, list or delete hers, even through his own path.
    status, _, body = cloud.request("POST", "/v3/users/%s/application_credentials" % alice.id,
                                    token=bob.token, body={"application_credential": {"name": "x"}})
    assert status == 403
    for path in ("/v3/users/%s/application_credentials/%s" % (alice.id, ac["id"]),
                 "/v3/users/%s/application_credentials/%s" % (bob.id, ac["id"])):
        assert cloud.request("GET", path, token=bob.token)[0] == 403
        assert cloud.request("DELETE", path, token=bob.token)[0] == 403
    status, _, body = cloud.request("GET", "/v3/users/%s/application_credentials" % alice.id,
                                    token=bob.token)
    assert status == 403
    status, _, body = cloud.request("GET", "/v3/users/%s/application_credentials" % bob.id,
                                    token=bob.token)
    assert status == 200 and body["application_credentials"] == []
    missing = "/v3/users/%s/application_credentials/%s" % (bob.id, "0" * 32)
    status, _, body = cloud.request("GET", missing, token=bob.token)
    assert status == 404
    assert_error(body, 404, "Could not find Application Credential: %s." % ("0" * 32))


def test_app_cred_tokens_are_restricted_unless_unrestricted(cloud, unique):
    admin = cloud.admin_token()
    who = Member(cloud, admin, unique)
    restricted = create(cloud, who, {"name": "r"})[2]["application_credential"]
    unrestricted = create(cloud, who, {"name": "u", "unrestricted": True})[2][
        "application_credential"]
    _, hdrs, _ = app_cred_auth(cloud, restricted["id"], restricted["secret"])
    r_token = hdrs["X-Subject-Token"]
    status, _, body = cloud.request("POST", "/v3/users/%s/application_credentials" % who.id,
                                    token=r_token, body={"application_credential": {"name": "n"}})
    assert status == 403
    assert_error(body, 403, "You are not authorized to perform the requested action: Using "
                            "method 'application_credential' is not allowed for managing "
                            "additional application credentials.")
    path = "/v3/users/%s/application_credentials/%s" % (who.id, unrestricted["id"])
    assert cloud.request("DELETE", path, token=r_token)[0] == 403
    # It may not be exchanged for another token either.
    status, _, _ = cloud.request("POST", "/v3/auth/tokens", body={"auth": {"identity": {
        "methods": ["token"], "token": {"id": r_token}}}})
    assert status == 403

    _, hdrs, _ = app_cred_auth(cloud, unrestricted["id"], unrestricted["secret"])
    u_token = hdrs["X-Subject-Token"]
    assert validate(cloud, admin, u_token)[1]["token"]["application_credential"][
        "restricted"] is False
    status, _, body = cloud.request("POST", "/v3/users/%s/application_credentials" % who.id,
                                    token=u_token, body={"application_credential": {"name": "n"}})
    assert status == 201, body


def test_deleting_ends_its_tokens(cloud, unique):
    admin = cloud.admin_token()
    who = Member(cloud, admin, unique)
    ac = create(cloud, who, {"name": "short-lived"})[2]["application_credential"]
    _, hdrs, _ = app_cred_auth(cloud, ac["id"], ac["secret"])
    token = hdrs["X-Subject-Token"]
    assert validate(cloud, admin, token)[0] == 200
    path = "/v3/users/%s/application_credentials/%s" % (who.id, ac["id"])
    assert cloud.request("DELETE", path, token=who.token)[0] == 204
    assert validate(cloud, admin, token)[0] == 404
    assert app_cred_auth(cloud, ac["id"], ac["secret"])[0] == 404
    assert cloud.request("DELETE", path, token=who.token)[0] == 404


def test_access_rules(cloud, unique):
    admin = cloud.admin_token()
    who = Member(cloud, admin, unique)
    rules = [{"path": "/v2.1/servers/*/ips", "method": "GET", "service": "compute"}]
    ac = create(cloud, who, {"name": "ar", "access_rules": rules})[2]["application_credential"]
    rule = dict(ac["access_rules"][0])
    rule_id = rule.pop("id")
    assert rule == rules[0]
    # The same rule again is shared, not duplicated.
    ac2 = create(cloud, who, {"name": "ar2", "access_rules": rules})[2]["application_credential"]
    assert ac2["access_rules"][0]["id"] == rule_id

    base = "/v3/users/%s/access_rules" % who.id
    status, _, body = cloud.request("GET", base, token=who.token)
    assert status == 200 and [r["id"] for r in body["access_rules"]] == [rule_id]
    assert body["access_rules"][0]["links"]["self"].endswith("/v3/access_rules/" + rule_id)
    assert cloud.request("GET", base + "?service=image", token=who.token)[2]["access_rules"] == []
    status, _, body = cloud.request("GET", base + "/" + rule_id, token=who.token)
    assert status == 200 and body["access_rule"]["path"] == "/v2.1/servers/*/ips"

    _, hdrs, _ = app_cred_auth(cloud, ac["id"], ac["secret"])
    tok = validate(cloud, admin, hdrs["X-Subject-Token"])[1]["token"]
    assert tok["application_credential"]["access_rules"] == [dict(rules[0], id=rule_id)]

    status, _, body = cloud.request("DELETE", base + "/" + rule_id, token=who.token)
    assert status == 403
    assert_error(body, 403, "May not delete access rule in use")
    for a in (ac, ac2):
        cloud.request("DELETE", "/v3/users/%s/application_credentials/%s" % (who.id, a["id"]),
                      token=who.token)
    assert cloud.request("DELETE", base + "/" + rule_id, token=who.token)[0] == 204
    status, _, body = cloud.request("GET", base + "/" + rule_id, token=who.token)
    assert status == 404
    assert_error(body, 404, "Could not find Access Rule: %s." % rule_id)

    other = Member(cloud, admin, unique)
    ac3 = create(cloud, other, {"name": "o", "access_rules": rules})[2]["application_credential"]
    foreign = ac3["access_rules"][0]["id"]
    assert cloud.request("GET", base + "/" + foreign, token=who.token)[0] == 404
    assert cloud.request("GET", "/v3/users/%s/access_rules" % other.id,
                         token=who.token)[0] == 403


def test_trust_scoped_tokens_cannot_manage_app_creds(cloud, unique):
    admin = cloud.admin_token()
    trustor = Member(cloud, admin, unique)
    trustee = Member(cloud, admin, unique)
    status, _, body = cloud.request("POST", "/v3/OS-TRUST/trusts", token=trustor.token, body={
        "trust": {"trustor_user_id": trustor.id, "trustee_user_id": trustee.id,
                  "project_id": trustor.project["id"], "impersonation": True,
                  "roles": [{"name": "member"}]}})
    assert status == 201, body
    status, hdrs, body = cloud.request("POST", "/v3/auth/tokens", body={"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "id": trustee.id, "password": trustee.password}}},
        "scope": {"OS-TRUST:trust": {"id": body["trust"]["id"]}}}})
    assert status == 201, body
    status, _, body = cloud.request(
        "POST", "/v3/users/%s/application_credentials" % trustor.id,
        token=hdrs["X-Subject-Token"], body={"application_credential": {"name": "backdoor"}})
    assert status == 403
