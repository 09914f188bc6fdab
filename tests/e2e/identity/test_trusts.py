"""OS-TRUST through the real CLI and raw HTTP: trusts, trust-scoped tokens
(impersonation, remaining uses), visibility, deletion and redelegation."""
import datetime

from delegation_helpers import (Member, assert_error, make_role, grant, make_user, password_auth,
                                revoke_grant, validate)

TRUSTS = "/v3/OS-TRUST/trusts"


def create_trust(cloud, trustor, trustee_id, token=None, **attrs):
    body = dict(trustor_user_id=trustor.id, trustee_user_id=trustee_id,
                project_id=trustor.project["id"], impersonation=False,
                roles=[{"name": "member"}])
    body.update(attrs)
    return cloud.request("POST", TRUSTS, token=token or trustor.token, body={"trust": body})


def trust_token(cloud, user_id, password, trust_id):
    return password_auth(cloud, user_id, password, {"OS-TRUST:trust": {"id": trust_id}})


def test_cli_trust_lifecycle(cloud, unique):
    admin = cloud.admin_token()
    trustor = Member(cloud, admin, unique)
    trustee = make_user(cloud, admin, unique("trustee"))
    env = cloud.user_env(trustor.user["name"], trustor.password, trustor.project["name"])
    expires = (datetime.datetime.utcnow() + datetime.timedelta(days=1)).strftime(
        "%Y-%m-%dT%H:%M:%S")
    created = cloud.openstack("trust", "create", "--project", trustor.project["id"], "--role",
                              trustor.role_ids["member"], "--impersonate", "--expiration",
                              expires, trustor.id, trustee["id"], env=env)
    assert created["trustor_user_id"] == trustor.id and created["trustee_user_id"] == trustee["id"]
    assert created["impersonation"] is True and created["roles"] == "member"
    assert created["expires_at"] == expires + ".000000Z"
    assert created["project_id"] == trustor.project["id"]
    shown = cloud.openstack("trust", "show", created["id"], env=env)
    assert shown["id"] == created["id"] and shown["roles"] == "member"
    listed = cloud.openstack("trust", "list")  # the admin lists every trust
    assert created["id"] in [t["ID"] for t in listed]
    cloud.openstack("trust", "delete", created["id"], env=env, parse=False)
    assert cloud.openstack("trust", "show", created["id"], env=env, check=False).returncode != 0


def test_impersonating_trust_token_with_remaining_uses(cloud, unique):
    admin = cloud.admin_token()
    trustor = Member(cloud, admin, unique, roles=("member", "reader"))
    trustee = Member(cloud, admin, unique)
    status, _, body = create_trust(cloud, trustor, trustee.id, impersonation=True,
                                   remaining_uses=2, roles=[{"name": "reader"}])
    assert status == 201, body
    trust = body["trust"]
    assert trust["remaining_uses"] == 2 and trust["redelegation_count"] == 0
    assert trust["deleted_at"] is None and trust["redelegated_trust_id"] is None
    assert trust["links"]["self"].endswith(TRUSTS + "/" + trust["id"])
    assert trust["roles_links"]["self"].endswith("/v3/%s/roles" % trust["id"])
    assert [r["name"] for r in trust["roles"]] == ["reader"]
    assert trust["roles"][0]["links"]["self"].endswith("/v3/roles/" + trust["roles"][0]["id"])

    status, token, body = trust_token(cloud, trustee.id, trustee.password, trust["id"])
    assert status == 201, body
    tok = body["token"]
    # Impersonation: the token speaks for the trustor.
    assert tok["user"]["id"] == trustor.id
    assert tok["OS-TRUST:trust"] == {"id": trust["id"], "trustor_user": {"id": trustor.id},
                                     "trustee_user": {"id": trustee.id}, "impersonation": True}
    assert tok["project"]["id"] == trustor.project["id"]
    assert [r["name"] for r in tok["roles"]] == ["reader"]
    status, _, body = cloud.request("GET", TRUSTS + "/" + trust["id"], token=trustor.token)
    assert body["trust"]["remaining_uses"] == 1

    assert trust_token(cloud, trustee.id, trustee.password, trust["id"])[0] == 201
    # Used up: no more tokens, and the trust is no longer found.
    status, _, body = trust_token(cloud, trustee.id, trustee.password, trust["id"])
    assert status == 401
    assert cloud.request("GET", TRUSTS + "/" + trust["id"], token=trustor.token)[0] == 404
    # Tokens already issued stay valid.
    assert validate(cloud, admin, token)[0] == 200


def test_trust_token_without_impersonation(cloud, unique):
    admin = cloud.admin_token()
    trustor = Member(cloud, admin, unique)
    trustee = Member(cloud, admin, unique)
    trust = create_trust(cloud, trustor, trustee.id)[2]["trust"]
    status, token, body = trust_token(cloud, trustee.id, trustee.password, trust["id"])
    assert status == 201, body
    assert body["token"]["user"]["id"] == trustee.id
    assert body["token"]["OS-TRUST:trust"]["impersonation"] is False
    # Only the trustee may use it.
    assert trust_token(cloud, trustor.id, trustor.password, trust["id"])[0] == 403
    # A trust token is not rescoped into another token.
    status, _, body = cloud.request("POST", "/v3/auth/tokens", body={"auth": {"identity": {
        "methods": ["token"], "token": {"id": token}}}})
    assert status == 403
    # The trust ends with the trustor's role.
    revoke_grant(cloud, admin, trustor.project["id"], trustor.id, trustor.role_ids["member"])
    assert validate(cloud, admin, token)[0] == 404
    assert trust_token(cloud, trustee.id, trustee.password, trust["id"])[0] == 403


def test_create_errors(cloud, unique):
    admin = cloud.admin_token()
    trustor = Member(cloud, admin, unique)
    trustee = Member(cloud, admin, unique)
    status, _, body = create_trust(cloud, trustor, trustee.id, roles=[{"name": "admin"}])
    assert status == 404
    assert_error(body, 404, "Could not find role: %s." % role_id_of(cloud, admin, "admin"))
    status, _, body = create_trust(cloud, trustor, trustee.id, roles=[{"name": "no-such"}])
    assert status == 404
    assert_error(body, 404, "Role no-such is not defined")
    status, _, body = create_trust(cloud, trustor, trustee.id, roles=[])
    assert status == 403
    assert_error(body, 403, "You are not authorized to perform the requested action: At least "
                            "one role should be specified.")
    status, _, body = create_trust(cloud, trustor, "f" * 32)
    assert status == 404
    assert_error(body, 404, "Could not find user: %s." % ("f" * 32))
    status, _, body = create_trust(cloud, trustor, trustee.id, expires_at="bad.123Z")
    assert status == 400
    status, _, body = create_trust(cloud, trustor, trustee.id, remaining_uses=0)
    assert status == 400
    status, _, body = create_trust(cloud, trustor, trustee.id, impersonation="yes")
    assert status == 400
    # The caller must be the trustor.
    status, _, body = create_trust(cloud, trustor, trustee.id, token=trustee.token)
    assert status == 403
    assert_error(body, 403, "You are not authorized to perform the requested action: "
                            "identity:create_trust.")
    status, _, body = create_trust(cloud, trustor, trustee.id, allow_redelegation=True,
                                   remaining_uses=3)
    assert status == 400
    assert_error(body, 400, "remaining_uses must not be set if redelegation is allowed")
    status, _, body = create_trust(cloud, trustor, trustee.id, allow_redelegation=True,
                                   redelegation_count=10)
    assert status == 403


def role_id_of(cloud, admin, name):
    _, _, body = cloud.request("GET", "/v3/roles?name=" + name, token=admin)
    return body["roles"][0]["id"]


def test_visibility(cloud, unique):
    admin = cloud.admin_token()
    trustor = Member(cloud, admin, unique)
    trustee = Member(cloud, admin, unique)
    stranger = Member(cloud, admin, unique)
    trust = create_trust(cloud, trustor, trustee.id)[2]["trust"]
    one = TRUSTS + "/" + trust["id"]
    for who in (trustor, trustee):
        status, _, body = cloud.request("GET", one, token=who.token)
        assert status == 200 and body["trust"]["id"] == trust["id"]
        assert cloud.request("GET", one + "/roles", token=who.token)[0] == 200
    for path in (one, one + "/roles", one + "/roles/" + trustor.role_ids["member"]):
        assert cloud.request("GET", path, token=stranger.token)[0] == 403
    assert cloud.request("DELETE", one, token=stranger.token)[0] == 403
    assert cloud.request("DELETE", one, token=trustee.token)[0] == 403

    status, _, body = cloud.request("GET", TRUSTS + "?trustor_user_id=" + trustor.id,
                                    token=trustor.token)
    assert status == 200 and [t["id"] for t in body["trusts"]] == [trust["id"]]
    assert "roles" not in body["trusts"][0]
    status, _, body = cloud.request("GET", TRUSTS + "?trustee_user_id=" + trustee.id,
                                    token=trustee.token)
    assert [t["id"] for t in body["trusts"]] == [trust["id"]]
    assert cloud.request("GET", TRUSTS + "?trustor_user_id=" + trustor.id,
                         token=stranger.token)[0] == 403
    assert cloud.request("GET", TRUSTS, token=trustor.token)[0] == 403
    status, _, body = cloud.request("GET", TRUSTS, token=admin)
    assert trust["id"] in [t["id"] for t in body["trusts"]]

    status, _, body = cloud.request("GET", TRUSTS + "/" + "0" * 32, token=trustor.token)
    assert status == 404
    assert_error(body, 404, "Could not find trust: %s." % ("0" * 32))


def test_trust_roles_endpoints(cloud, unique):
    admin = cloud.admin_token()
    trustor = Member(cloud, admin, unique, roles=("member", "reader"))
    trustee = Member(cloud, admin, unique)
    trust = create_trust(cloud, trustor, trustee.id)[2]["trust"]
    base = TRUSTS + "/" + trust["id"] + "/roles"
    status, _, body = cloud.request("GET", base, token=trustor.token)
    assert status == 200 and [r["name"] for r in body["roles"]] == ["member"]
    assert body["links"]["self"].endswith("/v3/%s/roles" % trust["id"])
    status, _, body = cloud.request("GET", base + "/" + trustor.role_ids["member"],
                                    token=trustor.token)
    assert status == 200 and body["role"]["name"] == "member"
    assert cloud.request("HEAD", base + "/" + trustor.role_ids["member"],
                         token=trustor.token)[0] == 200
    status, _, body = cloud.request("GET", base + "/" + trustor.role_ids["reader"],
                                    token=trustor.token)
    assert status == 404
    assert_error(body, 404, "Could not find role: %s." % trustor.role_ids["reader"])
    assert cloud.request("HEAD", base + "/" + trustor.role_ids["reader"],
                         token=trustor.token)[0] == 404


def test_delete_ends_tokens(cloud, unique):
    admin = cloud.admin_token()
    trustor = Member(cloud, admin, unique)
    trustee = Member(cloud, admin, unique)
    trust = create_trust(cloud, trustor, trustee.id, impersonation=True)[2]["trust"]
    _, token, _ = trust_token(cloud, trustee.id, trustee.password, trust["id"])
    assert validate(cloud, admin, token)[0] == 200
    assert cloud.request("DELETE", TRUSTS + "/" + trust["id"], token=trustor.token)[0] == 204
    assert validate(cloud, admin, token)[0] == 404
    assert cloud.request("GET", TRUSTS + "/" + trust["id"], token=trustor.token)[0] == 404
    assert cloud.request("DELETE", TRUSTS + "/" + trust["id"], token=trustor.token)[0] == 404
    assert trust_token(cloud, trustee.id, trustee.password, trust["id"])[0] == 401


def test_redelegation(cloud, unique):
    admin = cloud.admin_token()
    extra = make_role(cloud, admin, unique("deleg-role"))
    trustor = Member(cloud, admin, unique)
    grant(cloud, admin, trustor.project["id"], trustor.id, extra["id"])
    trustee = Member(cloud, admin, unique)
    third = Member(cloud, admin, unique)
    parent = create_trust(cloud, trustor, trustee.id, impersonation=True,
                          allow_redelegation=True,
                          roles=[{"name": "member"}, {"id": extra["id"]}])[2]["trust"]
    assert parent["redelegation_count"] == 3
    _, token, _ = trust_token(cloud, trustee.id, trustee.password, parent["id"])

    # Redelegating with impersonation: the token speaks for the trustor.
    status, _, body = create_trust(cloud, trustor, third.id, token=token, impersonation=True,
                                   allow_redelegation=True, roles=[{"id": extra["id"]}])
    assert status == 201, body
    child = body["trust"]
    assert child["redelegated_trust_id"] == parent["id"]
    assert child["redelegation_count"] == 2
    # Roles beyond the parent's, a changed count, or uses are refused.
    assert create_trust(cloud, trustor, third.id, token=token, impersonation=True,
                        roles=[{"name": "reader"}])[0] in (403, 404)
    assert create_trust(cloud, trustor, third.id, token=token, impersonation=True,
                        allow_redelegation=True, redelegation_count=1,
                        roles=[{"id": extra["id"]}])[0] == 403

    status, third_token, body = trust_token(cloud, third.id, third.password, child["id"])
    assert status == 201, body
    assert [r["id"] for r in body["token"]["roles"]] == [extra["id"]]

    # Deleting the parent takes the redelegated trust and its tokens along.
    assert cloud.request("DELETE", TRUSTS + "/" + parent["id"], token=trustor.token)[0] == 204
    assert cloud.request("GET", TRUSTS + "/" + child["id"], token=trustor.token)[0] == 404
    assert validate(cloud, admin, third_token)[0] == 404


def test_redelegation_limits(cloud, unique):
    admin = cloud.admin_token()
    trustor = Member(cloud, admin, unique)
    trustee = Member(cloud, admin, unique)
    third = Member(cloud, admin, unique)
    # Not redelegatable: a trust token cannot make another trust.
    plain = create_trust(cloud, trustor, trustee.id, impersonation=True)[2]["trust"]
    _, token, _ = trust_token(cloud, trustee.id, trustee.password, plain["id"])
    assert create_trust(cloud, trustor, third.id, token=token, impersonation=True)[0] == 403
    # Without impersonation the trustee delegates roles it does not hold itself.
    redelegatable = create_trust(cloud, trustor, trustee.id, allow_redelegation=True)[2]["trust"]
    _, token, _ = trust_token(cloud, trustee.id, trustee.password, redelegatable["id"])
    status, _, body = cloud.request("POST", TRUSTS, token=token, body={"trust": {
        "trustor_user_id": trustee.id, "trustee_user_id": third.id,
        "project_id": trustor.project["id"], "impersonation": False,
        "roles": [{"name": "member"}]}})
    assert status == 404
