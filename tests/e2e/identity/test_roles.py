"""Roles and implied roles through the real CLI, openstacksdk and raw HTTP:
CRUD, domain-specific roles, the immutable option, inference rules and
Keystone's error bodies."""


def create_role(cloud, admin, name, **attrs):
    status, _, body = cloud.request("POST", "/v3/roles", token=admin,
                                    body={"role": dict(name=name, **attrs)})
    assert status == 201, body
    return body["role"]


def error_of(body):
    return body["error"]["code"], body["error"]["message"]


def test_cli_role_lifecycle(cloud, unique):
    name = unique("cli-role")
    created = cloud.openstack("role", "create", "--description", "first", name)
    assert created["name"] == name and created["description"] == "first"
    assert created["domain_id"] is None
    names = [r["Name"] for r in cloud.openstack("role", "list")]
    assert name in names and {"admin", "member", "reader"} <= set(names)
    cloud.openstack("role", "set", "--name", name + "-x", "--description", "second",
                    created["id"], parse=False)
    shown = cloud.openstack("role", "show", created["id"])
    assert shown["name"] == name + "-x" and shown["description"] == "second"
    assert cloud.openstack("role", "show", name + "-x")["id"] == created["id"]
    cloud.openstack("role", "delete", created["id"], parse=False)
    res = cloud.openstack("role", "show", created["id"], check=False)
    assert res.returncode != 0 and "No role with a name or ID" in res.stderr


def test_role_body_and_list_filters(cloud, unique):
    admin = cloud.admin_token()
    name = unique("shape")
    role = create_role(cloud, admin, name, colour="blue")
    assert role["links"]["self"] == cloud.auth_url + "/roles/" + role["id"]
    assert role["options"] == {} and role["description"] is None and role["colour"] == "blue"
    status, _, body = cloud.request("GET", "/v3/roles?name=" + name, token=admin)
    assert status == 200 and body["roles"] == [role]
    assert body["links"] == {"self": cloud.auth_url + "/roles", "previous": None, "next": None}
    status, _, body = cloud.request("GET", "/v3/roles/" + role["id"], token=admin)
    assert status == 200 and body["role"] == role
    status, _, _ = cloud.request("DELETE", "/v3/roles/" + role["id"], token=admin)
    assert status == 204


def test_role_errors_have_keystones_bodies(cloud, unique):
    admin = cloud.admin_token()
    name = unique("dup")
    role = create_role(cloud, admin, name)
    status, _, body = cloud.request("POST", "/v3/roles", token=admin, body={"role": {"name": name}})
    assert status == 409
    assert error_of(body) == (
        409, "Conflict occurred attempting to store role - Duplicate entry found with name %s."
        % name)
    status, _, body = cloud.request("GET", "/v3/roles/nope", token=admin)
    assert error_of(body) == (404, "Could not find role: nope.")
    assert body["error"]["title"] == "Not Found"
    status, _, body = cloud.request("POST", "/v3/roles", token=admin, body={"role": {}})
    assert status == 400 and "'name' is a required property" in body["error"]["message"]
    status, _, body = cloud.request("POST", "/v3/roles", token=admin,
                                    body={"role": {"name": "x", "options": {"bogus": 1}}})
    assert status == 400 and "options" in body["error"]["message"]
    status, _, body = cloud.request("PATCH", "/v3/roles/" + role["id"], token=admin,
                                    body={"role": {}})
    assert status == 400 and "does not have enough properties" in body["error"]["message"]
    status, _, body = cloud.request("PATCH", "/v3/roles/" + role["id"], token=admin,
                                    body={"role": {"id": "other"}})
    assert error_of(body) == (400, "Cannot change ID")
    other = create_role(cloud, admin, unique("dup2"))
    status, _, body = cloud.request("PATCH", "/v3/roles/" + other["id"], token=admin,
                                    body={"role": {"name": name}})
    assert status == 409


def test_domain_specific_roles(cloud, unique):
    admin = cloud.admin_token()
    name = unique("drole")
    created = cloud.openstack("role", "create", "--domain", "default", name)
    assert created["domain_id"] == "default"
    in_domain = cloud.openstack("role", "list", "--domain", "default")
    assert name in [r["Name"] for r in in_domain]
    assert name not in [r["Name"] for r in cloud.openstack("role", "list")]
    # The same name may exist once globally and once per domain.
    create_role(cloud, admin, name)
    status, _, body = cloud.request("POST", "/v3/roles", token=admin,
                                    body={"role": {"name": name, "domain_id": "default"}})
    assert error_of(body) == (
        409, "Conflict occurred attempting to store role - Duplicate entry found with name "
        "%s at domain ID default." % name)
    status, _, body = cloud.request("PATCH", "/v3/roles/" + created["id"], token=admin,
                                    body={"role": {"domain_id": None}})
    assert error_of(body) == (400, "Update of `domain_id` is not allowed.")


def test_immutable_roles_refuse_change(cloud, unique):
    admin = cloud.admin_token()
    role = create_role(cloud, admin, unique("frozen"), options={"immutable": True})
    assert role["options"] == {"immutable": True}
    message = ('Unable to %%s immutable role resource: `%s. Set resource option "immutable" to '
               'false first.' % role["id"])
    status, _, body = cloud.request("PATCH", "/v3/roles/" + role["id"], token=admin,
                                    body={"role": {"name": "thawed"}})
    assert error_of(body) == (403, message % "update")
    status, _, body = cloud.request("DELETE", "/v3/roles/" + role["id"], token=admin)
    assert error_of(body) == (403, message % "delete")
    status, _, body = cloud.request("PATCH", "/v3/roles/" + role["id"], token=admin,
                                    body={"role": {"options": {"immutable": False}}})
    assert status == 200 and body["role"]["options"] == {"immutable": False}
    status, _, body = cloud.request("PATCH", "/v3/roles/" + role["id"], token=admin,
                                    body={"role": {"options": {"immutable": None}}})
    assert status == 200 and body["role"]["options"] == {}
    status, _, _ = cloud.request("DELETE", "/v3/roles/" + role["id"], token=admin)
    assert status == 204


def test_cli_implied_roles(cloud, unique):
    prior = cloud.openstack("role", "create", unique("prior"))
    implied = cloud.openstack("role", "create", unique("implied"))
    made = cloud.openstack("implied", "role", "create", "--implied-role", implied["id"],
                           prior["id"])
    assert made == {"prior_role": prior["id"], "implies": implied["id"]}
    rules = cloud.openstack("implied", "role", "list")
    assert any(r["Prior Role ID"] == prior["id"] and r["Implied Role ID"] == implied["id"]
               for r in rules)
    cloud.openstack("implied", "role", "delete", "--implied-role", implied["id"], prior["id"],
                    parse=False)
    rules = cloud.openstack("implied", "role", "list")
    assert not any(r["Prior Role ID"] == prior["id"] for r in rules)


def test_implied_role_api(cloud, unique):
    admin = cloud.admin_token()
    a = create_role(cloud, admin, unique("a"))
    b = create_role(cloud, admin, unique("b"))
    path = "/v3/roles/%s/implies/%s" % (a["id"], b["id"])
    status, _, body = cloud.request("PUT", path, token=admin)
    assert status == 201
    ref = lambda r: {"id": r["id"], "name": r["name"], "links": r["links"]}  # noqa: E731
    assert body == {"role_inference": {"prior_role": ref(a), "implies": ref(b)},
                    "links": {"self": cloud.auth_url + path[3:]}}
    status, _, again = cloud.request("GET", path, token=admin)
    assert status == 200 and again == body
    status, _, _ = cloud.request("HEAD", path, token=admin)
    assert status == 204
    status, _, body = cloud.request("PUT", path, token=admin)
    assert error_of(body) == (409, "Conflict occurred attempting to store implied_role - "
                                   "Duplicate entry.")
    status, _, body = cloud.request("GET", "/v3/roles/%s/implies" % a["id"], token=admin)
    assert status == 200
    assert body["role_inference"] == {"prior_role": ref(a), "implies": [ref(b)]}
    status, _, body = cloud.request("GET", "/v3/role_inferences", token=admin)
    assert {"prior_role": ref(a), "implies": [ref(b)]} in body["role_inferences"]
    # Bootstrap's rules are there too: admin implies member, member implies reader.
    priors = {i["prior_role"]["name"]: [r["name"] for r in i["implies"]]
              for i in body["role_inferences"]}
    assert priors["admin"] == ["member"] and priors["member"] == ["reader"]

    status, _, _ = cloud.request("DELETE", path, token=admin)
    assert status == 204
    status, _, body = cloud.request("GET", path, token=admin)
    assert error_of(body) == (404, "%s does not imply %s." % (a["id"], b["id"]))
    status, _, body = cloud.request("DELETE", path, token=admin)
    assert status == 404
    status, _, body = cloud.request("PUT", "/v3/roles/%s/implies/nope" % a["id"], token=admin)
    assert error_of(body) == (404, "Could not find role: nope.")


def test_implied_role_rules(cloud, unique):
    admin = cloud.admin_token()
    glob = create_role(cloud, admin, unique("global"))
    dom = create_role(cloud, admin, unique("dom"), domain_id="default")
    status, _, body = cloud.request("GET", "/v3/roles?name=admin", token=admin)
    admin_role = body["roles"][0]
    # admin is prohibited as an implied role; a global role cannot imply a domain one.
    status, _, body = cloud.request(
        "PUT", "/v3/roles/%s/implies/%s" % (glob["id"], admin_role["id"]), token=admin)
    assert error_of(body) == (403, "%s cannot be an implied roles." % admin_role["id"])
    status, _, body = cloud.request("PUT", "/v3/roles/%s/implies/%s" % (glob["id"], dom["id"]),
                                    token=admin)
    assert error_of(body) == (403, "%s cannot be an implied roles." % dom["id"])
    # The other way round is fine; deleting a role removes its rules.
    status, _, _ = cloud.request("PUT", "/v3/roles/%s/implies/%s" % (dom["id"], glob["id"]),
                                 token=admin)
    assert status == 201
    status, _, _ = cloud.request("DELETE", "/v3/roles/" + glob["id"], token=admin)
    assert status == 204
    status, _, body = cloud.request("GET", "/v3/roles/%s/implies" % dom["id"], token=admin)
    assert body["role_inference"]["implies"] == []


def test_sdk_roles(cloud, unique):
    conn = cloud.sdk()
    name = unique("sdk-role")
    role = conn.identity.create_role(name=name, description="via sdk")
    assert role.name == name and role.description == "via sdk"
    assert conn.identity.find_role(name).id == role.id
    assert role.id in [r.id for r in conn.identity.roles(name=name)]
    updated = conn.identity.update_role(role, name=name + "-2")
    assert updated.name == name + "-2"
    assert conn.identity.get_role(role.id).name == name + "-2"
    conn.identity.delete_role(role, ignore_missing=False)
    assert conn.identity.find_role(role.id) is None
