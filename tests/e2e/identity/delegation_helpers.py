"""Small raw-HTTP helpers shared by the delegation tests (application
credentials, credentials, trusts, limits): users, projects, grants, tokens."""


def make_user(cloud, admin, name, password="deleg-secret-1", **attrs):
    status, _, body = cloud.request("POST", "/v3/users", token=admin,
                                    body={"user": dict(name=name, password=password, **attrs)})
    assert status == 201, body
    return body["user"]


def make_project(cloud, admin, name, **attrs):
    status, _, body = cloud.request("POST", "/v3/projects", token=admin,
                                    body={"project": dict(name=name, **attrs)})
    assert status == 201, body
    return body["project"]


def make_role(cloud, admin, name):
    status, _, body = cloud.request("POST", "/v3/roles", token=admin, body={"role": {"name": name}})
    assert status == 201, body
    return body["role"]


def role_id(cloud, admin, name):
    status, _, body = cloud.request("GET", "/v3/roles?name=" + name, token=admin)
    assert status == 200 and body["roles"], body
    return body["roles"][0]["id"]


def grant(cloud, admin, project_id, user_id, role):
    status, _, body = cloud.request(
        "PUT", "/v3/projects/%s/users/%s/roles/%s" % (project_id, user_id, role), token=admin)
    assert status == 204, body


def revoke_grant(cloud, admin, project_id, user_id, role):
    status, _, body = cloud.request(
        "DELETE", "/v3/projects/%s/users/%s/roles/%s" % (project_id, user_id, role), token=admin)
    assert status == 204, body


def password_auth(cloud, user_id, password, scope=None):
    """(status, token id, body) of a password authentication by user id."""
    auth = {"identity": {"methods": ["password"],
                         "password": {"user": {"id": user_id, "password": password}}}}
    if scope is not None:
        auth["scope"] = scope
    status, hdrs, body = cloud.request("POST", "/v3/auth/tokens", body={"auth": auth})
    return status, hdrs.get("X-Subject-Token"), body


def project_token(cloud, user_id, password, project_id):
    status, token, body = password_auth(cloud, user_id, password, {"project": {"id": project_id}})
    assert status == 201, body
    return token


def validate(cloud, admin, token):
    """(status, token body) of GET /v3/auth/tokens for `token`."""
    status, _, body = cloud.request("GET", "/v3/auth/tokens?nocatalog", token=admin,
                                    headers={"X-Subject-Token": token})
    return status, body


def admin_identity(cloud, admin):
    """(user id, project id) behind the admin token."""
    status, body = validate(cloud, admin, admin)
    assert status == 200, body
    return body["token"]["user"]["id"], body["token"]["project"]["id"]


def assert_error(body, code, message=None):
    assert body["error"]["code"] == code, body
    if message is not None:
        assert body["error"]["message"] == message, body


class Member:
    """A fresh user holding `roles` (names) on a fresh project, with a token."""

    def __init__(self, cloud, admin, unique, roles=("member",), password="deleg-secret-1"):
        self.password = password
        self.project = make_project(cloud, admin, unique("deleg-proj"))
        self.user = make_user(cloud, admin, unique("deleg-user"), password=password)
        self.role_ids = {}
        for name in roles:
            self.role_ids[name] = role_id(cloud, admin, name)
            grant(cloud, admin, self.project["id"], self.user["id"], self.role_ids[name])
        self.token = project_token(cloud, self.user["id"], password, self.project["id"])

    @property
    def id(self):
        return self.user["id"]
