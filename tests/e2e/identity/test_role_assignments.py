"""Grants (project, domain, system, OS-INHERIT) and GET /v3/role_assignments
through the real CLI, openstacksdk and raw HTTP: Keystone's response shape,
effective expansion, validation errors, token impact and policy."""
import pytest


def create(cloud, admin, kind, **attrs):
    status, _, body = cloud.request("POST", "/v3/%ss" % kind, token=admin,
                                    body={kind: attrs})
    assert status == 201, body
    return body[kind]


def put(cloud, admin, path):
    status, _, body = cloud.request("PUT", path, token=admin)
    # Grants answer 204; an implied role rule is created, 201 with its body.
    assert status == (201 if "/implies/" in path else 204), (path, body)


def password_token(cloud, user_id, password, project_id):
    status, hdrs, body = cloud.request("POST", "/v3/auth/tokens", body={"auth": {
        "identity": {"methods": ["password"],
                     "password": {"user": {"id": user_id, "password": password}}},
        "scope": {"project": {"id": project_id}}}})
    return status, hdrs.get("X-Subject-Token"), body


def validate(cloud, admin, token):
    status, _, body = cloud.request("GET", "/v3/auth/tokens", token=admin,
                                    headers={"X-Subject-Token": token})
    return status, body


def assignments(cloud, admin, query):
    status, _, body = cloud.request("GET", "/v3/role_assignments?" + query, token=admin)
    assert status == 200, body
    return body["role_assignments"]


@pytest.fixture
def world(cloud, unique):
    """A domain with a project tree, a user in a group, and fresh roles."""
    admin = cloud.admin_token()
    w = {"admin": admin, "password": "pw-assign-1"}
    w["domain"] = create(cloud, admin, "domain", name=unique("dom"))
    d = w["domain"]["id"]
    w["parent"] = create(cloud, admin, "project", name=unique("parent"), domain_id=d)
    w["child"] = create(cloud, admin, "project", name=unique("child"), domain_id=d,
                        parent_id=w["parent"]["id"])
    w["user"] = create(cloud, admin, "user", name=unique("user"), domain_id=d,
                       password=w["password"])
    w["group"] = create(cloud, admin, "group", name=unique("group"), domain_id=d)
    put(cloud, admin, "/v3/groups/%s/users/%s" % (w["group"]["id"], w["user"]["id"]))
    for key in ("r1", "r2", "r3"):
        w[key] = create(cloud, admin, "role", name=unique(key))
    return w


def test_cli_role_add_list_remove(cloud, world):
    w = world
    u, p, r = w["user"]["id"], w["parent"]["id"], w["r1"]["id"]
    cloud.openstack("role", "add", "--user", u, "--project", p, r, parse=False)
    listed = cloud.openstack("role", "assignment", "list", "--user", u, "--project", p)
    assert listed == [{"Role": r, "User": u, "Group": "", "Project": p, "Domain": "",
                       "System": "", "Inherited": False}]
    named = cloud.openstack("role", "assignment", "list", "--user", u, "--project", p, "--names")
    assert named[0]["Role"] == w["r1"]["name"]
    assert named[0]["User"] == "%s@%s" % (w["user"]["name"], w["domain"]["name"])
    assert named[0]["Project"] == "%s@%s" % (w["parent"]["name"], w["domain"]["name"])
    status, _, body = cloud.request("GET", "/v3/projects/%s/users/%s/roles" % (p, u),
                                    token=w["admin"])
    assert status == 200 and [x["id"] for x in body["roles"]] == [r]
    cloud.openstack("role", "remove", "--user", u, "--project", p, r, parse=False)
    assert cloud.openstack("role", "assignment", "list", "--user", u, "--project", p) == []


def test_cli_group_domain_system_and_inherited(cloud, world):
    w = world
    u, g, d = w["user"]["id"], w["group"]["id"], w["domain"]["id"]
    cloud.openstack("role", "add", "--group", g, "--domain", d, w["r1"]["id"], parse=False)
    cloud.openstack("role", "add", "--user", u, "--system", "all", w["r2"]["id"], parse=False)
    cloud.openstack("role", "add", "--group", g, "--domain", d, "--inherited", w["r3"]["id"],
                    parse=False)
    rows = cloud.openstack("role", "assignment", "list", "--group", g)
    assert sorted((x["Role"], x["Domain"], x["Inherited"]) for x in rows) == sorted(
        [(w["r1"]["id"], d, False), (w["r3"]["id"], d, True)])
    rows = cloud.openstack("role", "assignment", "list", "--user", u, "--system", "all")
    assert [(x["Role"], x["System"]) for x in rows] == [(w["r2"]["id"], "all")]
    inherited = cloud.openstack("role", "assignment", "list", "--group", g, "--inherited")
    assert [x["Role"] for x in inherited if x["Domain"]] == [w["r3"]["id"]]
    # Effective: the group's inherited domain role lands on both projects, as the user's.
    eff = cloud.openstack("role", "assignment", "list", "--user", u, "--effective")
    got = sorted((x["Role"], x["Project"], x["Domain"], x["Inherited"]) for x in eff)
    assert got == sorted([
        (w["r1"]["id"], "", d, False),
        (w["r3"]["id"], w["parent"]["id"], "", True),
        (w["r3"]["id"], w["child"]["id"], "", True),
    ])
    cloud.openstack("role", "remove", "--group", g, "--domain", d, "--inherited",
                    w["r3"]["id"], parse=False)
    cloud.openstack("role", "remove", "--user", u, "--system", "all", w["r2"]["id"],
                    parse=False)
    assert cloud.openstack("role", "assignment", "list", "--user", u, "--system", "all") == []


def test_response_shape_and_links(cloud, world):
    w = world
    a, base = w["admin"], cloud.auth_url
    u, g, d = w["user"]["id"], w["group"]["id"], w["domain"]["id"]
    parent, child = w["parent"]["id"], w["child"]["id"]
    put(cloud, a, "/v3/OS-INHERIT/projects/%s/groups/%s/roles/%s/inherited_to_projects"
        % (parent, g, w["r1"]["id"]))
    put(cloud, a, "/v3/projects/%s/users/%s/roles/%s" % (parent, u, w["r2"]["id"]))
    put(cloud, a, "/v3/roles/%s/implies/%s" % (w["r2"]["id"], w["r3"]["id"]))

    status, _, body = cloud.request("GET", "/v3/role_assignments?group.id=" + g, token=a)
    assert body["links"] == {"self": base + "/role_assignments", "previous": None, "next": None}
    assert body["role_assignments"] == [{
        "group": {"id": g}, "role": {"id": w["r1"]["id"]},
        "scope": {"project": {"id": parent}, "OS-INHERIT:inherited_to": "projects"},
        "links": {"assignment": base + "/OS-INHERIT/projects/%s/groups/%s/roles/%s/"
                  "inherited_to_projects" % (parent, g, w["r1"]["id"])}}]

    eff = assignments(cloud, a, "effective&user.id=" + u)
    by_key = {(x["role"]["id"], x["scope"]["project"]["id"]): x for x in eff}
    assert set(by_key) == {(w["r1"]["id"], child), (w["r2"]["id"], parent),
                           (w["r3"]["id"], parent)}
    inherited = by_key[(w["r1"]["id"], child)]
    assert inherited["scope"]["OS-INHERIT:inherited_to"] == "projects"
    assert inherited["links"] == {
        "assignment": base + "/OS-INHERIT/projects/%s/groups/%s/roles/%s/inherited_to_projects"
        % (parent, g, w["r1"]["id"]),
        "membership": base + "/groups/%s/users/%s" % (g, u)}
    implied = by_key[(w["r3"]["id"], parent)]
    assert implied["links"] == {
        "assignment": base + "/projects/%s/users/%s/roles/%s" % (parent, u, w["r2"]["id"]),
        "prior_role": base + "/prior_role/%s/implies/%s" % (w["r3"]["id"], w["r2"]["id"])}

    named = assignments(cloud, a, "include_names&user.id=" + u)
    assert named == [{
        "user": {"id": u, "name": w["user"]["name"],
                 "domain": {"id": d, "name": w["domain"]["name"]}},
        "role": {"id": w["r2"]["id"], "name": w["r2"]["name"]},
        "scope": {"project": {"id": parent, "name": w["parent"]["name"],
                              "domain": {"id": d, "name": w["domain"]["name"]}}},
        "links": {"assignment": base + "/projects/%s/users/%s/roles/%s"
                  % (parent, u, w["r2"]["id"])}}]

    tree = assignments(cloud, a, "include_subtree=1&scope.project.id=%s&effective" % parent)
    assert {(x["user"]["id"], x["role"]["id"], x["scope"]["project"]["id"]) for x in tree} == {
        (u, w["r1"]["id"], child), (u, w["r2"]["id"], parent), (u, w["r3"]["id"], parent)}


def test_role_assignment_filters_reject_contradictions(cloud, world):
    a = world["admin"]
    cases = {
        "effective&group.id=x":
            "Combining effective and group filter will always result in an empty list.",
        "effective&scope.domain.id=x&scope.OS-INHERIT:inherited_to=projects":
            "Combining effective, domain and inherited filters will always result in an "
            "empty list.",
        "scope.domain.id=x&scope.project.id=y": "Specify a domain or project, not both",
        "scope.domain.id=x&scope.system=all": "Specify system or domain, not both",
        "scope.project.id=x&scope.system=all": "Specify system or project, not both",
        "user.id=x&group.id=y": "Specify a user or group, not both",
        "include_subtree=1":
            "scope.project.id must be specified if include_subtree is also specified",
    }
    for query, message in cases.items():
        status, _, body = cloud.request("GET", "/v3/role_assignments?" + query, token=a)
        assert (status, body["error"]["message"]) == (400, message), query
    status, _, body = cloud.request(
        "GET", "/v3/role_assignments?include_subtree=1&scope.project.id=nope", token=a)
    assert (status, body["error"]["message"]) == (404, "Could not find project: nope.")


def test_grant_errors(cloud, world, unique):
    w = world
    a = w["admin"]
    u, p, d, r = w["user"]["id"], w["parent"]["id"], w["domain"]["id"], w["r1"]["id"]
    checks = [
        ("PUT", "/v3/projects/%s/users/%s/roles/nope" % (p, u), 404, "Could not find role: nope."),
        ("PUT", "/v3/projects/%s/users/nope/roles/%s" % (p, r), 404, "Could not find user: nope."),
        ("PUT", "/v3/projects/nope/users/%s/roles/%s" % (u, r), 404,
         "Could not find project: nope."),
        ("PUT", "/v3/domains/nope/groups/%s/roles/%s" % (w["group"]["id"], r), 404,
         "Could not find domain: nope."),
        ("GET", "/v3/projects/%s/users/%s/roles/%s" % (p, u, r), 404,
         "Could not find role assignment with role: %s, user or group: %s, project, domain, "
         "or system: %s." % (r, u, p)),
        ("DELETE", "/v3/domains/%s/users/%s/roles/%s" % (d, u, r), 404,
         "Could not find role assignment with role: %s, user or group: %s, project, domain, "
         "or system: %s." % (r, u, d)),
        ("HEAD", "/v3/system/users/%s/roles/%s" % (u, r), 404, None),
    ]
    for method, path, code, message in checks:
        status, _, body = cloud.request(method, path, token=a)
        assert status == code, (method, path, body)
        if message:
            assert body["error"]["message"] == message
    # A domain-specific role stays inside its domain, and off the system.
    drole = create(cloud, a, "role", name=unique("drole"), domain_id="default")
    status, _, body = cloud.request("PUT", "/v3/projects/%s/users/%s/roles/%s"
                                    % (p, u, drole["id"]), token=a)
    assert (status, body["error"]["message"]) == (
        403, "Project %s must be in the same domain as the role %s being assigned."
        % (p, drole["id"]))
    status, _, body = cloud.request("PUT", "/v3/system/users/%s/roles/%s" % (u, drole["id"]),
                                    token=a)
    assert (status, body["error"]["message"]) == (
        400, "Role %s is a domain-specific role. Unable to use a domain-specific role in a "
        "system assignment." % drole["id"])
    # Granting twice is silent; the grant lists show it once.
    put(cloud, a, "/v3/domains/%s/users/%s/roles/%s" % (d, u, r))
    put(cloud, a, "/v3/domains/%s/users/%s/roles/%s" % (d, u, r))
    status, _, body = cloud.request("GET", "/v3/domains/%s/users/%s/roles" % (d, u), token=a)
    assert [x["id"] for x in body["roles"]] == [r]
    status, _, body = cloud.request(
        "GET", "/v3/OS-INHERIT/domains/%s/users/%s/roles/inherited_to_projects" % (d, u), token=a)
    assert status == 200 and body["roles"] == []
    status, _, _ = cloud.request("HEAD", "/v3/domains/%s/users/%s/roles/%s" % (d, u, r), token=a)
    assert status == 204


def test_removing_a_role_stops_the_project_token(cloud, world):
    w = world
    a, u, p = w["admin"], w["user"]["id"], w["parent"]["id"]
    status, _, body = password_token(cloud, u, w["password"], p)
    assert status == 401  # no role on the project yet
    grant = "/v3/projects/%s/users/%s/roles/%s" % (p, u, w["r1"]["id"])
    put(cloud, a, grant)
    status, token, body = password_token(cloud, u, w["password"], p)
    assert status == 201
    assert [x["id"] for x in body["token"]["roles"]] == [w["r1"]["id"]]
    assert validate(cloud, a, token)[0] == 200
    status, _, _ = cloud.request("DELETE", grant, token=a)
    assert status == 204
    assert validate(cloud, a, token)[0] == 404


def test_group_grant_reaches_members_tokens(cloud, world):
    w = world
    a, u, g, child = w["admin"], w["user"]["id"], w["group"]["id"], w["child"]["id"]
    grant = "/v3/OS-INHERIT/projects/%s/groups/%s/roles/%s/inherited_to_projects" % (
        w["parent"]["id"], g, w["r2"]["id"])
    put(cloud, a, grant)
    status, token, body = password_token(cloud, u, w["password"], child)
    assert status == 201 and [x["id"] for x in body["token"]["roles"]] == [w["r2"]["id"]]
    status, _, _ = cloud.request("GET", grant, token=a)
    assert status == 204
    status, _, _ = cloud.request("DELETE", grant, token=a)
    assert status == 204
    assert validate(cloud, a, token)[0] == 404


def test_member_sees_only_its_own(cloud, world, unique):
    w = world
    a, u, p = w["admin"], w["user"]["id"], w["parent"]["id"]
    status, _, body = cloud.request("GET", "/v3/roles?name=member", token=a)
    member = body["roles"][0]["id"]
    put(cloud, a, "/v3/projects/%s/users/%s/roles/%s" % (p, u, member))
    env = cloud.user_env(w["user"]["name"], w["password"], w["parent"]["name"],
                         domain=w["domain"]["name"])
    projects = cloud.openstack("project", "list", "--my-projects", env=env)
    assert [x["ID"] for x in projects] == [p]
    res = cloud.openstack("role", "assignment", "list", env=env, check=False)
    assert res.returncode != 0 and "identity:list_role_assignments" in res.stderr
    _, token, _ = password_token(cloud, u, w["password"], p)
    status, _, body = cloud.request("GET", "/v3/role_assignments?user.id=" + u, token=token)
    assert status == 403
    status, _, body = cloud.request("GET", "/v3/projects/%s/users/%s/roles" % (p, u),
                                    token=token)
    assert status == 403
    status, _, body = cloud.request("PUT", "/v3/projects/%s/users/%s/roles/%s"
                                    % (p, u, w["r1"]["id"]), token=token)
    assert (status, body["error"]["message"]) == (
        403, "You are not authorized to perform the requested action: identity:create_grant.")
    status, _, body = cloud.request("POST", "/v3/roles", token=token,
                                    body={"role": {"name": unique("nope")}})
    assert status == 403


def test_sdk_grants_and_assignments(cloud, world):
    w = world
    conn = cloud.sdk()
    ident = conn.identity
    user, project, role = w["user"]["id"], w["parent"]["id"], w["r1"]["id"]
    ident.assign_project_role_to_user(project, user, role)
    assert ident.validate_user_has_project_role(project, user, role)
    found = list(ident.role_assignments(user_id=user, scope_project_id=project))
    assert [x.role["id"] for x in found] == [role]
    ident.assign_domain_role_to_group(w["domain"]["id"], w["group"]["id"], w["r2"]["id"])
    assert ident.validate_group_has_domain_role(w["domain"]["id"], w["group"]["id"],
                                                w["r2"]["id"])
    ident.unassign_project_role_from_user(project, user, role)
    assert not ident.validate_user_has_project_role(project, user, role)
    ident.unassign_domain_role_from_group(w["domain"]["id"], w["group"]["id"], w["r2"]["id"])
    assert list(ident.role_assignments(group_id=w["group"]["id"])) == []
