"""Tokens through the real CLI, openstacksdk and raw HTTP."""


def test_cli_token_issue_and_revoke(cloud):
    tok = cloud.openstack("token", "issue")
    assert tok["id"] and tok["project_id"] and tok["user_id"]
    admin = cloud.admin_token()
    status, _, body = cloud.request("GET", "/v3/auth/tokens", token=admin,
                                    headers={"X-Subject-Token": tok["id"]})
    assert status == 200
    assert body["token"]["user"]["name"] == "admin"
    assert {r["name"] for r in body["token"]["roles"]} >= {"admin", "member", "reader"}
    cloud.openstack("token", "revoke", tok["id"], parse=False)
    status, _, body = cloud.request("GET", "/v3/auth/tokens", token=admin,
                                    headers={"X-Subject-Token": tok["id"]})
    assert status == 404
    assert body["error"]["code"] == 404
    assert body["error"]["title"] == "Not Found"


def test_sdk_authenticates_and_reads_catalog(cloud):
    conn = cloud.sdk()
    assert conn.authorize()
    services = {s["type"] for s in conn.config.get_service_catalog().catalog}
    assert "identity" in services


def test_token_body_shape(cloud):
    admin = cloud.admin_token()
    status, hdrs, body = cloud.request("GET", "/v3/auth/tokens?nocatalog", token=admin,
                                       headers={"X-Subject-Token": admin})
    assert status == 200 and hdrs["X-Subject-Token"] == admin
    tok = body["token"]
    assert "catalog" not in tok
    assert tok["methods"] == ["password"]
    assert tok["project"]["domain"]["id"] == "default"
    assert tok["expires_at"].endswith("Z") and len(tok["audit_ids"]) == 1
    status, _, _ = cloud.request("HEAD", "/v3/auth/tokens", token=admin,
                                 headers={"X-Subject-Token": admin})
    assert status == 200


def test_rescope_with_token_method(cloud):
    admin = cloud.admin_token()
    status, hdrs, body = cloud.request("POST", "/v3/auth/tokens", body={"auth": {
        "identity": {"methods": ["token"], "token": {"id": admin}},
        "scope": {"system": {"all": True}}}})
    assert status == 201
    tok = body["token"]
    assert tok["system"] == {"all": True}
    assert sorted(tok["methods"]) == ["password", "token"]
    assert len(tok["audit_ids"]) == 2


def test_wrong_password_is_401(cloud):
    status, _, body = cloud.request("POST", "/v3/auth/tokens", body={"auth": {"identity": {
        "methods": ["password"], "password": {"user": {
            "name": "admin", "domain": {"id": "default"}, "password": "wrong"}}}}})
    assert status == 401
    assert body["error"]["code"] == 401
    res = cloud.openstack("token", "issue", env=cloud.env(OS_PASSWORD="wrong"), check=False)
    assert res.returncode != 0


def test_missing_and_bad_tokens_are_401(cloud):
    status, hdrs, body = cloud.request("GET", "/v3/auth/projects")
    assert status == 401 and body["error"]["title"] == "Unauthorized"
    assert hdrs.get("x-openstack-request-id", "").startswith("req-")
    status, _, _ = cloud.request("GET", "/v3/auth/projects", token="gAAAAAbogus")
    assert status == 401


def test_malformed_json_is_400(cloud):
    status, _, body = cloud.request("POST", "/v3/auth/tokens", raw_body=b'{"auth": ')
    assert status == 400
    assert body["error"]["code"] == 400


def test_schema_violation_names_the_field(cloud):
    status, _, body = cloud.request("POST", "/v3/auth/tokens", body={"auth": {"identity": {
        "methods": "password"}}})
    assert status == 400
    assert "methods" in body["error"]["message"]


def test_oversized_body_is_413(cloud):
    status, _, body = cloud.request("POST", "/v3/auth/tokens", raw_body=b"x" * (200 * 1024))
    assert status == 413
    assert body["error"]["code"] == 413


def test_auth_scopes_and_catalog(cloud):
    admin = cloud.admin_token()
    status, _, body = cloud.request("GET", "/v3/auth/projects", token=admin)
    assert status == 200 and "admin" in {p["name"] for p in body["projects"]}
    status, _, body = cloud.request("GET", "/v3/auth/system", token=admin)
    assert body["system"] == [{"all": True}]
    status, _, body = cloud.request("GET", "/v3/auth/catalog", token=admin)
    assert status == 200 and any(s["type"] == "identity" for s in body["catalog"])


def test_version_documents(cloud):
    status, hdrs, body = cloud.request("GET", "/")
    assert status == 300 and body["versions"]["values"][0]["id"] == "v3.14"
    status, _, body = cloud.request("GET", "/v3")
    assert status == 200 and body["version"]["status"] == "stable"
