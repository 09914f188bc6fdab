"""Projects, their hierarchy and tags through the real CLI, openstacksdk and
raw HTTP: CRUD, filters, Keystone's error bodies, revocation and policy."""
import time
import uuid

import pytest


def make_project(cloud, admin, name, **attrs):
    status, _, body = cloud.request("POST", "/v3/projects", token=admin,
                                    body={"project": dict(name=name, **attrs)})
    assert status == 201, body
    return body["project"]


def delete_project(cloud, admin, project_id):
    status, _, _ = cloud.request("DELETE", "/v3/projects/" + project_id, token=admin)
    return status


def patch_project(cloud, admin, project_id, **attrs):
    return cloud.request("PATCH", "/v3/projects/" + project_id, token=admin,
                         body={"project": attrs})


def assert_error(body, code, message=None):
    assert body["error"]["code"] == code, body
    if message is not None:
        assert body["error"]["message"] == message, body


def role_id(cloud, admin, name):
    _, _, body = cloud.request("GET", "/v3/roles?name=" + name, token=admin)
    return body["roles"][0]["id"]


def admin_user_id(cloud, admin):
    _, _, body = cloud.request("GET", "/v3/auth/tokens", token=admin,
                               headers={"X-Subject-Token": admin})
    return body["token"]["user"]["id"]


def project_token(cloud, user_id, password, project_id):
    status, hdrs, body = cloud.request("POST", "/v3/auth/tokens", body={"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "id": user_id, "password": password}}},
        "scope": {"project": {"id": project_id}}}})
    assert status == 201, body
    return hdrs["X-Subject-Token"]


def token_status(cloud, admin, token):
    status, _, _ = cloud.request("GET", "/v3/auth/tokens", token=admin,
                                 headers={"X-Subject-Token": token})
    return status


def test_cli_project_lifecycle(cloud, unique):
    name = unique("cli-proj")
    created = cloud.openstack("project", "create", "--domain", "default", "--description",
                              "first", "--tag", "red", "--tag", "blue", name)
    assert created["name"] == name and created["domain_id"] == "default"
    assert created["parent_id"] == "default" and created["is_domain"] is False
    assert created["enabled"] is True and sorted(created["tags"]) == ["blue", "red"]
    shown = cloud.openstack("project", "show", "--domain", "default", name)
    assert shown["id"] == created["id"] and shown["description"] == "first"
    names = [p["Name"] for p in cloud.openstack("project", "list")]
    assert name in names and "admin" in names
    listed = cloud.openstack("project", "list", "--tags", "red,blue")
    assert [p["Name"] for p in listed] == [name]
    cloud.openstack("project", "set", "--name", name + "-x", "--description", "second",
                    "--disable", "--tag", "green", created["id"], parse=False)
    shown = cloud.openstack("project", "show", created["id"])
    assert shown["name"] == name + "-x" and shown["description"] == "second"
    assert shown["enabled"] is False and "green" in shown["tags"]
    cloud.openstack("project", "delete", created["id"], parse=False)
    res = cloud.openstack("project", "show", created["id"], check=False)
    assert res.returncode != 0


def test_cli_hierarchy_parents_and_children(cloud, unique):
    root = cloud.openstack("project", "create", unique("root"))
    mid = cloud.openstack("project", "create", "--parent", root["id"], unique("mid"))
    leaf = cloud.openstack("project", "create", "--parent", mid["name"], unique("leaf"))
    assert mid["parent_id"] == root["id"] and leaf["parent_id"] == mid["id"]
    shown = cloud.openstack("project", "show", "--parents", "--children", mid["id"])
    assert shown["parents"] == {root["id"]: {"default": None}}
    assert shown["subtree"] == {leaf["id"]: None}
    # Not a leaf: keystone refuses to delete it.
    res = cloud.openstack("project", "delete", root["id"], check=False)
    assert res.returncode != 0
    for p in (leaf, mid, root):
        cloud.openstack("project", "delete", p["id"], parse=False)


def test_sdk_project_lifecycle(cloud, unique):
    conn = cloud.sdk()
    name = unique("sdk-proj")
    project = conn.identity.create_project(name=name, domain_id="default",
                                           description="via sdk", tags=["a"])
    assert project.name == name and project.parent_id == "default"
    assert project.tags == ["a"]
    assert conn.identity.find_project(name, domain_id="default").id == project.id
    assert project.id in {p.id for p in conn.identity.projects(domain_id="default")}
    updated = conn.identity.update_project(project, description="changed", is_enabled=False)
    assert updated.description == "changed" and updated.is_enabled is False
    conn.identity.delete_project(project)
    assert conn.identity.find_project(project.id) is None


def test_create_shape_and_defaults(cloud, unique):
    admin = cloud.admin_token()
    name = unique("shape")
    p = make_project(cloud, admin, " %s  " % name, colour="green",
                     options={"immutable": False})
    try:
        assert p["name"] == name
        assert p["domain_id"] == "default" and p["parent_id"] == "default"
        assert p["description"] == "" and p["enabled"] is True and p["is_domain"] is False
        assert p["tags"] == [] and p["options"] == {"immutable": False}
        assert p["colour"] == "green"
        assert p["links"]["self"].endswith("/v3/projects/" + p["id"])
        _, _, body = cloud.request("GET", "/v3/projects/" + p["id"], token=admin)
        assert body["project"] == p
        _, _, body = cloud.request("GET", "/v3/projects", token=admin)
        assert p in body["projects"]
    finally:
        delete_project(cloud, admin, p["id"])


def test_list_filters(cloud, unique):
    admin = cloud.admin_token()
    a = make_project(cloud, admin, unique("fa"), tags=["x", "y"])
    b = make_project(cloud, admin, unique("fb"), tags=["y"], enabled=False)
    c = make_project(cloud, admin, unique("fc"), parent_id=a["id"])
    try:
        def ids(query):
            status, _, body = cloud.request("GET", "/v3/projects?" + query, token=admin)
            assert status == 200, body
            return {p["id"] for p in body["projects"]}
        assert ids("name=" + a["name"]) == {a["id"]}
        assert ids("parent_id=" + a["id"]) == {c["id"]}
        got = ids("enabled=false")
        assert b["id"] in got and a["id"] not in got
        assert ids("tags=x,y") == {a["id"]}
        assert {a["id"], b["id"]} <= ids("tags-any=x,y")
        got = ids("not-tags=x,y")
        assert a["id"] not in got and b["id"] in got and c["id"] in got
        got = ids("not-tags-any=y")
        assert a["id"] not in got and b["id"] not in got and c["id"] in got
        assert ids("tags=y&enabled=false") == {b["id"]}
        got = ids("domain_id=default")
        assert {a["id"], b["id"], c["id"]} <= got and "default" not in got
        assert "default" in ids("is_domain=true")
        assert a["id"] not in ids("is_domain=true")
        assert ids("name__startswith=" + a["name"][:-1]) >= {a["id"]}
    finally:
        for p in (c, b, a):
            delete_project(cloud, admin, p["id"])


def test_parents_and_subtree_views(cloud, unique):
    admin = cloud.admin_token()
    top = make_project(cloud, admin, unique("top"))
    mid = make_project(cloud, admin, unique("mid"), parent_id=top["id"])
    low = make_project(cloud, admin, unique("low"), parent_id=mid["id"])
    me = admin_user_id(cloud, admin)
    admin_role = role_id(cloud, admin, "admin")
    try:
        _, _, body = cloud.request("GET", "/v3/projects/%s?parents_as_ids&subtree_as_ids" %
                                   mid["id"], token=admin)
        assert body["project"]["parents"] == {top["id"]: {"default": None}}
        assert body["project"]["subtree"] == {low["id"]: None}
        _, _, body = cloud.request("GET", "/v3/projects/%s?subtree_as_ids" % top["id"],
                                   token=admin)
        assert body["project"]["subtree"] == {mid["id"]: {low["id"]: None}}
        _, _, body = cloud.request("GET", "/v3/projects/%s?parents_as_ids=0" % top["id"],
                                   token=admin)
        assert "parents" not in body["project"]
        # The list forms only show projects the caller has a role on.
        _, _, body = cloud.request("GET", "/v3/projects/%s?parents_as_list&subtree_as_list" %
                                   mid["id"], token=admin)
        assert body["project"]["parents"] == [] and body["project"]["subtree"] == []
        status, _, _ = cloud.request("PUT", "/v3/projects/%s/users/%s/roles/%s" % (
            top["id"], me, admin_role), token=admin)
        assert status == 204
        status, _, _ = cloud.request("PUT", "/v3/projects/%s/users/%s/roles/%s" % (
            low["id"], me, admin_role), token=admin)
        assert status == 204
        _, _, body = cloud.request("GET", "/v3/projects/%s?parents_as_list&subtree_as_list" %
                                   mid["id"], token=admin)
        assert [p["project"]["id"] for p in body["project"]["parents"]] == [top["id"]]
        assert [p["project"]["id"] for p in body["project"]["subtree"]] == [low["id"]]
        assert body["project"]["parents"][0]["project"]["links"]["self"].endswith(top["id"])
        for query in ("parents_as_list&parents_as_ids", "subtree_as_list&subtree_as_ids"):
            status, _, body = cloud.request("GET", "/v3/projects/%s?%s" % (mid["id"], query),
                                            token=admin)
            assert status == 400
            kind = query.split("_as_")[0]
            assert_error(body, 400, "Cannot use %s_as_list and %s_as_ids query params at the "
                         "same time." % (kind, kind))
    finally:
        for p in (low, mid, top):
            delete_project(cloud, admin, p["id"])


def test_hierarchy_rules(cloud, unique):
    admin = cloud.admin_token()
    chain = [make_project(cloud, admin, unique("lvl1"))]
    try:
        # The domain counts as a level: keystone's default depth of 5 allows
        # five levels of projects under it, not a sixth.
        for level in range(2, 6):
            chain.append(make_project(cloud, admin, unique("lvl%d" % level),
                                      parent_id=chain[-1]["id"]))
        status, _, body = cloud.request("POST", "/v3/projects", token=admin, body={"project": {
            "name": unique("lvl6"), "parent_id": chain[-1]["id"]}})
        assert status == 403
        assert_error(body, 403, "Max hierarchy depth reached for %s branch." % chain[-1]["id"])
        # Disabling needs a disabled subtree; deleting needs a leaf.
        status, _, body = patch_project(cloud, admin, chain[0]["id"], enabled=False)
        assert status == 403
        assert_error(body, 403, "Cannot disable project %s since its subtree contains enabled "
                     "projects." % chain[0]["id"])
        status, _, body = cloud.request("DELETE", "/v3/projects/" + chain[0]["id"], token=admin)
        assert status == 403
        assert_error(body, 403, "Cannot delete the project %s since it is not a leaf in the "
                     "hierarchy. Use the cascade option if you want to delete a whole "
                     "subtree." % chain[0]["id"])
        for p in reversed(chain[1:]):
            assert patch_project(cloud, admin, p["id"], enabled=False)[0] == 200
        assert patch_project(cloud, admin, chain[0]["id"], enabled=False)[0] == 200
        # No new project under a disabled branch, no enabling under a disabled parent.
        status, _, body = cloud.request("POST", "/v3/projects", token=admin, body={"project": {
            "name": unique("under-off"), "parent_id": chain[1]["id"]}})
        assert status == 400
        assert_error(body, 400, "cannot create a project in a branch containing a disabled "
                     "project: %s" % chain[0]["id"])
        status, _, body = patch_project(cloud, admin, chain[1]["id"], enabled=True)
        assert status == 403
        assert_error(body, 403, "Cannot enable project %s since it has disabled parents"
                     % chain[1]["id"])
        status, _, body = patch_project(cloud, admin, chain[1]["id"], parent_id="default")
        assert status == 403
        assert_error(body, 403, "Update of `parent_id` is not allowed.")
        status, _, body = patch_project(cloud, admin, chain[1]["id"], domain_id="other")
        assert status == 400
        assert_error(body, 400, "Cannot change Domain ID")
        status, _, body = patch_project(cloud, admin, chain[1]["id"], is_domain=True)
        assert status == 400
        assert_error(body, 400, "Update of `is_domain` is not allowed.")
        status, _, body = patch_project(cloud, admin, chain[1]["id"], id="something-else")
        assert status == 400
        assert_error(body, 400, "Cannot change ID")
    finally:
        for p in reversed(chain):
            delete_project(cloud, admin, p["id"])


def test_create_errors(cloud, unique):
    admin = cloud.admin_token()
    missing = uuid.uuid4().hex
    status, _, body = cloud.request("POST", "/v3/projects", token=admin, body={"project": {
        "name": unique("p"), "parent_id": missing}})
    assert status == 400
    assert_error(body, 400, "Could not find project: %s." % missing)
    status, _, body = cloud.request("POST", "/v3/projects", token=admin, body={"project": {
        "name": unique("p"), "domain_id": missing}})
    assert status == 400
    assert_error(body, 400, "Could not find domain: %s." % missing)
    for bad in ({"name": ""}, {"name": "a" * 65}, {"name": "x", "enabled": 1},
                {"name": "x", "domain_id": "bad id!"}, {"name": "x", "tags": ["a/b"]},
                {"name": "x", "tags": ["a", "a"]}, {"name": "x", "options": {"bogus": 1}},
                {"description": "no name"}):
        status, _, body = cloud.request("POST", "/v3/projects", token=admin,
                                        body={"project": bad})
        assert status == 400, bad
        assert body["error"]["message"].startswith("Invalid input for field") or \
            "is a required property" in body["error"]["message"], body
    name = unique("dup")
    p = make_project(cloud, admin, name)
    try:
        status, _, body = cloud.request("POST", "/v3/projects", token=admin,
                                        body={"project": {"name": name}})
        assert status == 409
        message = body["error"]["message"]
        assert message.startswith("Conflict occurred attempting to store project - it is not "
                                  "permitted to have two projects with either the same name or "
                                  "same id in the same domain: name is %s, project id " % name)
        other = make_project(cloud, admin, unique("other"))
        status, _, body = patch_project(cloud, admin, other["id"], name=name)
        assert status == 409
        delete_project(cloud, admin, other["id"])
        status, _, body = patch_project(cloud, admin, p["id"])
        assert status == 400  # minProperties
    finally:
        delete_project(cloud, admin, p["id"])


def test_unknown_project_is_404_with_keystone_body(cloud):
    admin = cloud.admin_token()
    missing = uuid.uuid4().hex
    for method, path in (("GET", ""), ("PATCH", ""), ("DELETE", ""), ("GET", "/tags"),
                         ("PUT", "/tags"), ("GET", "/tags/x"), ("PUT", "/tags/x")):
        status, _, body = cloud.request(method, "/v3/projects/" + missing + path, token=admin,
                                        body={"project": {"name": "x"}, "tags": ["a"]})
        assert status == 404, (method, path)
        assert_error(body, 404, "Could not find project: %s." % missing)
        assert body["error"]["title"] == "Not Found"


def test_project_acting_as_domain(cloud, unique):
    admin = cloud.admin_token()
    p = make_project(cloud, admin, unique("as-domain"), is_domain=True)
    assert p["is_domain"] is True and p["domain_id"] is None and p["parent_id"] is None
    _, _, body = cloud.request("GET", "/v3/domains/" + p["id"], token=admin)
    assert body["domain"]["name"] == p["name"]
    _, _, body = cloud.request("GET", "/v3/projects?is_domain=true", token=admin)
    assert p["id"] in {x["id"] for x in body["projects"]}
    _, _, body = cloud.request("GET", "/v3/projects", token=admin)
    assert p["id"] not in {x["id"] for x in body["projects"]}
    # A project may be created inside it.
    inner = make_project(cloud, admin, unique("inner"), domain_id=p["id"])
    assert inner["parent_id"] == p["id"]
    status, _, body = cloud.request("POST", "/v3/projects", token=admin, body={"project": {
        "name": unique("nested-domain"), "is_domain": True, "parent_id": inner["id"]}})
    assert status == 400
    assert_error(body, 400, "only root projects are allowed to act as domains.")
    status, _, body = cloud.request("DELETE", "/v3/projects/" + p["id"], token=admin)
    assert status == 403  # an enabled domain
    assert patch_project(cloud, admin, p["id"], enabled=False)[0] == 200
    assert delete_project(cloud, admin, p["id"]) == 204
    status, _, _ = cloud.request("GET", "/v3/projects/" + inner["id"], token=admin)
    assert status == 404


def test_immutable_project(cloud, unique):
    admin = cloud.admin_token()
    p = cloud.openstack("project", "create", "--immutable", unique("imm"))
    assert p["options"] == {"immutable": True}
    message = ('Unable to %s immutable project resource: `%s. Set resource option "immutable" '
               'to false first.')
    status, _, body = patch_project(cloud, admin, p["id"], description="x")
    assert status == 403
    assert_error(body, 403, message % ("update", p["id"]))
    status, _, body = cloud.request("DELETE", "/v3/projects/" + p["id"], token=admin)
    assert status == 403
    assert_error(body, 403, message % ("delete", p["id"]))
    status, _, body = cloud.request("PUT", "/v3/projects/%s/tags/t" % p["id"], token=admin)
    assert status == 403
    assert_error(body, 403, 'Cannot create project tags for %s, project is immutable. Set '
                 '"immutable" option to false before creating project tags.' % p["id"])
    cloud.openstack("project", "set", "--no-immutable", p["id"], parse=False)
    assert delete_project(cloud, admin, p["id"]) == 204


def test_tags_api(cloud, unique):
    admin = cloud.admin_token()
    p = make_project(cloud, admin, unique("tags"))
    base = "/v3/projects/%s/tags" % p["id"]
    try:
        status, hdrs, body = cloud.request("PUT", base + "/first", token=admin)
        assert status == 201 and not body
        assert hdrs["Location"].endswith("/v3/%s/tags/first" % p["id"])
        status, _, body = cloud.request("GET", base + "/first", token=admin)
        assert status == 204
        status, _, body = cloud.request("HEAD", base + "/first", token=admin)
        assert status == 204
        status, _, body = cloud.request("GET", base + "/nope", token=admin)
        assert status == 404
        assert_error(body, 404, "Could not find project tag: nope.")
        status, _, body = cloud.request("PUT", base, token=admin,
                                        body={"tags": ["b", " a ", "c"]})
        assert status == 200 and body["tags"] == ["b", "a", "c"]
        assert body["links"]["self"].endswith("/v3")
        _, _, body = cloud.request("GET", base, token=admin)
        assert sorted(body["tags"]) == ["a", "b", "c"]
        status, _, body = cloud.request("PUT", base + "/a", token=admin)
        assert status == 400  # already there: the list would not be unique
        status, _, body = cloud.request("PUT", base + "/a,b", token=admin)
        assert status == 400
        status, _, body = cloud.request("PUT", base, token=admin,
                                        body={"tags": ["t%d" % i for i in range(81)]})
        assert status == 400
        status, _, body = cloud.request("PUT", base, token=admin, body={"other": []})
        assert status == 400
        status, _, _ = cloud.request("DELETE", base + "/b", token=admin)
        assert status == 204
        status, _, body = cloud.request("DELETE", base + "/b", token=admin)
        assert status == 404
        assert_error(body, 404, "Could not find project tag: b.")
        _, _, body = cloud.request("GET", "/v3/projects/" + p["id"], token=admin)
        assert sorted(body["project"]["tags"]) == ["a", "c"]
        status, _, _ = cloud.request("DELETE", base, token=admin)
        assert status == 204
        _, _, body = cloud.request("GET", base, token=admin)
        assert body["tags"] == []
        eighty = ["t%d" % i for i in range(80)]
        status, _, _ = cloud.request("PUT", base, token=admin, body={"tags": eighty})
        assert status == 200
        status, _, _ = cloud.request("PUT", base + "/one-too-many", token=admin)
        assert status == 400
    finally:
        delete_project(cloud, admin, p["id"])


def test_deleting_a_project_revokes_its_tokens(cloud, unique):
    admin = cloud.admin_token()
    me = admin_user_id(cloud, admin)
    p = make_project(cloud, admin, unique("revoke"))
    status, _, _ = cloud.request("PUT", "/v3/projects/%s/users/%s/roles/%s" % (
        p["id"], me, role_id(cloud, admin, "member")), token=admin)
    assert status == 204
    tok = project_token(cloud, me, cloud.admin_password(), p["id"])
    assert token_status(cloud, admin, tok) == 200
    # Disabling makes the token fail validation; enabling again restores it
    # (keystone records no revocation event for a disabled project).
    assert patch_project(cloud, admin, p["id"], enabled=False)[0] == 200
    assert token_status(cloud, admin, tok) == 404
    assert patch_project(cloud, admin, p["id"], enabled=True)[0] == 200
    assert token_status(cloud, admin, tok) == 200
    assert delete_project(cloud, admin, p["id"]) == 204
    assert token_status(cloud, admin, tok) == 404
    # Its role assignments went with it.
    _, _, body = cloud.request("GET", "/v3/role_assignments?scope.project.id=" + p["id"],
                               token=admin)
    assert body["role_assignments"] == []


@pytest.fixture
def member(cloud, unique):
    """A user with the member role on a fresh project, and its token."""
    admin = cloud.admin_token()
    project = make_project(cloud, admin, unique("member-home"))
    name, password = unique("member"), "pw-member-1"
    status, _, body = cloud.request("POST", "/v3/users", token=admin, body={"user": {
        "name": name, "password": password, "domain_id": "default"}})
    assert status == 201, body
    user = body["user"]
    status, _, _ = cloud.request("PUT", "/v3/projects/%s/users/%s/roles/%s" % (
        project["id"], user["id"], role_id(cloud, admin, "member")), token=admin)
    assert status == 204
    token = project_token(cloud, user["id"], password, project["id"])
    yield {"user": user, "project": project, "token": token, "name": name,
           "password": password}
    cloud.request("DELETE", "/v3/users/" + user["id"], token=admin)
    delete_project(cloud, admin, project["id"])


def test_member_policy(cloud, unique, member):
    admin = cloud.admin_token()
    tok = member["token"]
    own = member["project"]["id"]
    status, _, body = cloud.request("GET", "/v3/projects/" + own, token=tok)
    assert status == 200 and body["project"]["id"] == own
    status, _, body = cloud.request("GET", "/v3/projects/%s/tags" % own, token=tok)
    assert status == 200
    status, _, body = cloud.request("GET", "/v3/projects", token=tok)
    assert status == 403
    assert_error(body, 403, "You are not authorized to perform the requested action: "
                 "identity:list_projects.")
    other = make_project(cloud, admin, unique("not-mine"))
    try:
        status, _, body = cloud.request("GET", "/v3/projects/" + other["id"], token=tok)
        assert status == 403
        assert_error(body, 403, "You are not authorized to perform the requested action: "
                     "identity:get_project.")
        # An unknown project is a 403 too: the caller learns nothing.
        status, _, _ = cloud.request("GET", "/v3/projects/" + uuid.uuid4().hex, token=tok)
        assert status == 403
        for method, path, rule in (
                ("POST", "/v3/projects", "create_project"),
                ("PATCH", "/v3/projects/" + own, "update_project"),
                ("DELETE", "/v3/projects/" + own, "delete_project"),
                ("PUT", "/v3/projects/%s/tags/x" % own, "create_project_tag"),
                ("POST", "/v3/domains", "create_domain"),
                ("GET", "/v3/domains", "list_domains"),
                ("GET", "/v3/domains/config/default", "get_domain_config_default"),
                ("PUT", "/v3/domains/default/config", "create_domain_config")):
            status, _, body = cloud.request(method, path, token=tok,
                                            body={"project": {"name": "x"},
                                                  "domain": {"name": "x"},
                                                  "config": {"ldap": {"url": "x"}}})
            assert status == 403, (method, path)
            assert_error(body, 403, "You are not authorized to perform the requested action: "
                         "identity:%s." % rule)
        # A project member may read its own domain.
        status, _, body = cloud.request("GET", "/v3/domains/default", token=tok)
        assert status == 200
    finally:
        delete_project(cloud, admin, other["id"])


def test_member_cli_sees_own_project_only(cloud, member):
    env = cloud.user_env(member["name"], member["password"], member["project"]["name"])
    shown = cloud.openstack("project", "show", member["project"]["id"], env=env)
    assert shown["id"] == member["project"]["id"]
    # GET /v3/projects is admin-only; the CLI answers a 403 by listing the
    # user's own projects (/v3/users/{id}/projects), as upstream's does.
    listed = cloud.openstack("project", "list", env=env)
    assert [p["ID"] for p in listed] == [member["project"]["id"]]
