"""Domains and domain configuration through the real CLI, openstacksdk and
raw HTTP: CRUD, filters, cascading deletion, Keystone's error bodies and
policy."""
import uuid


def make_domain(cloud, admin, name, **attrs):
    status, _, body = cloud.request("POST", "/v3/domains", token=admin,
                                    body={"domain": dict(name=name, **attrs)})
    assert status == 201, body
    return body["domain"]


def disable_and_delete(cloud, admin, domain_id):
    cloud.request("PATCH", "/v3/domains/" + domain_id, token=admin,
                  body={"domain": {"enabled": False}})
    status, _, _ = cloud.request("DELETE", "/v3/domains/" + domain_id, token=admin)
    return status


def assert_error(body, code, message=None):
    assert body["error"]["code"] == code, body
    if message is not None:
        assert body["error"]["message"] == message, body


def test_cli_domain_lifecycle(cloud, unique):
    name = unique("cli-dom")
    created = cloud.openstack("domain", "create", "--description", "first", name)
    assert created["name"] == name and created["enabled"] is True
    assert created["description"] == "first"
    shown = cloud.openstack("domain", "show", name)
    assert shown["id"] == created["id"]
    listed = {d["Name"]: d for d in cloud.openstack("domain", "list")}
    assert name in listed and "Default" in listed
    cloud.openstack("domain", "set", "--description", "second", "--name", name + "-x",
                    created["id"], parse=False)
    shown = cloud.openstack("domain", "show", created["id"])
    assert shown["name"] == name + "-x" and shown["description"] == "second"
    # An enabled domain cannot be deleted.
    res = cloud.openstack("domain", "delete", created["id"], check=False)
    assert res.returncode != 0
    cloud.openstack("domain", "set", "--disable", created["id"], parse=False)
    assert cloud.openstack("domain", "show", created["id"])["enabled"] is False
    cloud.openstack("domain", "delete", created["id"], parse=False)
    res = cloud.openstack("domain", "show", created["id"], check=False)
    assert res.returncode != 0


def test_sdk_domain_lifecycle(cloud, unique):
    conn = cloud.sdk()
    name = unique("sdk-dom")
    domain = conn.identity.create_domain(name=name, description="via sdk", enabled=False)
    assert domain.name == name and domain.is_enabled is False
    found = conn.identity.find_domain(name)
    assert found.id == domain.id
    assert domain.id in {d.id for d in conn.identity.domains(name=name)}
    updated = conn.identity.update_domain(domain, description="changed")
    assert updated.description == "changed"
    conn.identity.delete_domain(domain)
    assert conn.identity.find_domain(domain.id) is None


def test_create_shape_defaults_and_extras(cloud, unique):
    admin = cloud.admin_token()
    name = unique("shape")
    dom = make_domain(cloud, admin, "  %s " % name, colour="green")
    try:
        assert dom["name"] == name  # keystone strips names
        assert dom["description"] == "" and dom["enabled"] is True
        assert dom["tags"] == [] and dom["options"] == {}
        assert dom["colour"] == "green"
        assert dom["links"]["self"].endswith("/v3/domains/" + dom["id"])
        assert "domain_id" not in dom and "parent_id" not in dom and "is_domain" not in dom
        assert len(dom["id"]) == 32
        status, _, body = cloud.request("GET", "/v3/domains/" + dom["id"], token=admin)
        assert status == 200 and body["domain"] == dom
    finally:
        disable_and_delete(cloud, admin, dom["id"])


def test_explicit_domain_id(cloud, unique):
    admin = cloud.admin_token()
    wanted = uuid.uuid4().hex
    dom = make_domain(cloud, admin, unique("explicit"), explicit_domain_id=wanted)
    assert dom["id"] == wanted
    disable_and_delete(cloud, admin, wanted)
    status, _, body = cloud.request("POST", "/v3/domains", token=admin, body={"domain": {
        "name": unique("bad-explicit"), "explicit_domain_id": "not-a-uuid"}})
    assert status == 400
    assert_error(body, 400, "Domain ID does not conform to required UUID format.")


def test_list_filters(cloud, unique):
    admin = cloud.admin_token()
    on = make_domain(cloud, admin, unique("on"))
    off = make_domain(cloud, admin, unique("off"), enabled=False)
    try:
        status, _, body = cloud.request("GET", "/v3/domains?name=" + on["name"], token=admin)
        assert status == 200 and [d["id"] for d in body["domains"]] == [on["id"]]
        assert body["links"]["self"].endswith("/v3/domains")
        _, _, body = cloud.request("GET", "/v3/domains?enabled=false", token=admin)
        ids = {d["id"] for d in body["domains"]}
        assert off["id"] in ids and on["id"] not in ids
        _, _, body = cloud.request("GET", "/v3/domains?enabled=true", token=admin)
        ids = {d["id"] for d in body["domains"]}
        assert on["id"] in ids and off["id"] not in ids and "default" in ids
        _, _, body = cloud.request("GET", "/v3/domains?name__startswith=" + on["name"][:-1],
                                   token=admin)
        assert on["id"] in {d["id"] for d in body["domains"]}
    finally:
        disable_and_delete(cloud, admin, on["id"])
        disable_and_delete(cloud, admin, off["id"])


def test_errors_have_keystone_bodies(cloud, unique):
    admin = cloud.admin_token()
    missing = uuid.uuid4().hex
    for method in ("GET", "PATCH", "DELETE"):
        status, _, body = cloud.request(method, "/v3/domains/" + missing, token=admin,
                                        body={"domain": {"name": "x"}})
        assert status == 404
        assert_error(body, 404, "Could not find domain: %s." % missing)
        assert body["error"]["title"] == "Not Found"
    status, _, body = cloud.request("POST", "/v3/domains", token=admin,
                                    body={"domain": {"name": ""}})
    assert status == 400 and body["error"]["message"].startswith("Invalid input for field 'name'")
    status, _, body = cloud.request("POST", "/v3/domains", token=admin,
                                    body={"domain": {"name": "a" * 65}})
    assert status == 400
    status, _, body = cloud.request("POST", "/v3/domains", token=admin, body={})
    assert status == 400 and "'name' is a required property" in body["error"]["message"]
    status, _, body = cloud.request("POST", "/v3/domains", token=admin,
                                    body={"domain": {"name": "x", "enabled": "yes"}})
    assert status == 400 and "enabled" in body["error"]["message"]
    name = unique("dup")
    dom = make_domain(cloud, admin, name)
    try:
        status, _, body = cloud.request("POST", "/v3/domains", token=admin,
                                        body={"domain": {"name": name}})
        assert status == 409
        assert_error(body, 409, "Conflict occurred attempting to store project - it is not "
                     "permitted to have two projects acting as domains with the same name: "
                     "%s." % name)
        status, _, body = cloud.request("PATCH", "/v3/domains/" + dom["id"], token=admin,
                                        body={"domain": {}})
        assert status == 400
        status, _, body = cloud.request("DELETE", "/v3/domains/" + dom["id"], token=admin)
        assert status == 403
        assert_error(body, 403,
                     "Cannot delete a domain that is enabled, please disable it first.")
    finally:
        assert disable_and_delete(cloud, admin, dom["id"]) == 204


def test_default_domain_is_only_deletable_when_disabled(cloud):
    # Keystone has no special case for the default domain: like any other
    # domain it must be disabled first, which a running cloud never does.
    admin = cloud.admin_token()
    status, _, body = cloud.request("DELETE", "/v3/domains/default", token=admin)
    assert status == 403
    assert_error(body, 403, "Cannot delete a domain that is enabled, please disable it first.")


def test_immutable_domain(cloud, unique):
    admin = cloud.admin_token()
    dom = make_domain(cloud, admin, unique("immutable"), options={"immutable": True},
                      enabled=False)
    assert dom["options"] == {"immutable": True}
    status, _, body = cloud.request("PATCH", "/v3/domains/" + dom["id"], token=admin,
                                    body={"domain": {"description": "x"}})
    assert status == 403
    assert_error(body, 403, 'Unable to update immutable domain resource: `%s. Set resource '
                 'option "immutable" to false first.' % dom["id"])
    status, _, body = cloud.request("DELETE", "/v3/domains/" + dom["id"], token=admin)
    assert status == 403
    assert_error(body, 403, 'Unable to delete immutable domain resource: `%s. Set resource '
                 'option "immutable" to false first.' % dom["id"])
    # Through the project API the option alone may be reset, as keystone allows.
    status, _, body = cloud.request("PATCH", "/v3/projects/" + dom["id"], token=admin,
                                    body={"project": {"options": {"immutable": False}}})
    assert status == 200, body
    assert disable_and_delete(cloud, admin, dom["id"]) == 204


def test_delete_cascades_projects_users_groups_roles(cloud, unique):
    admin = cloud.admin_token()
    dom = make_domain(cloud, admin, unique("cascade"))
    did = dom["id"]

    def post(path, key, **attrs):
        status, _, body = cloud.request("POST", path, token=admin, body={key: attrs})
        assert status == 201, body
        return body[key]

    top = post("/v3/projects", "project", name="top", domain_id=did)
    child = post("/v3/projects", "project", name="child", domain_id=did, parent_id=top["id"])
    user = post("/v3/users", "user", name="u1", domain_id=did, password="pw-secret-1")
    group = post("/v3/groups", "group", name="g1", domain_id=did)
    role = post("/v3/roles", "role", name=unique("domrole"), domain_id=did)
    status, _, _ = cloud.request("PUT", "/v3/projects/%s/users/%s/roles/%s" % (
        child["id"], user["id"], role["id"]), token=admin)
    assert status == 204
    # Domain-specific roles never reach tokens (keystone strips them), so the
    # user also holds the global member role to get a token at all.
    status, _, body = cloud.request("GET", "/v3/roles?name=member", token=admin)
    status, _, _ = cloud.request("PUT", "/v3/projects/%s/users/%s/roles/%s" % (
        child["id"], user["id"], body["roles"][0]["id"]), token=admin)
    assert status == 204
    # A token of the domain's user, scoped to the child project, works until
    # the domain goes away.
    status, hdrs, _ = cloud.request("POST", "/v3/auth/tokens", body={"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "id": user["id"], "password": "pw-secret-1"}}},
        "scope": {"project": {"id": child["id"]}}}})
    assert status == 201
    user_token = hdrs["X-Subject-Token"]
    status, _, _ = cloud.request("PUT", "/v3/domains/%s/config" % did, token=admin,
                                 body={"config": {"identity": {"driver": "ldap"}}})
    assert status == 201
    assert disable_and_delete(cloud, admin, did) == 204
    for path in ("/v3/domains/" + did, "/v3/projects/" + top["id"],
                 "/v3/projects/" + child["id"], "/v3/users/" + user["id"],
                 "/v3/groups/" + group["id"], "/v3/roles/" + role["id"]):
        status, _, _ = cloud.request("GET", path, token=admin)
        assert status == 404, path
    status, _, _ = cloud.request("GET", "/v3/auth/tokens", token=admin,
                                 headers={"X-Subject-Token": user_token})
    assert status == 404
    status, _, body = cloud.request("GET", "/v3/role_assignments?role.id=" + role["id"],
                                    token=admin)
    assert status != 200 or body["role_assignments"] == []


def test_delete_refuses_immutable_project_inside(cloud, unique):
    admin = cloud.admin_token()
    dom = make_domain(cloud, admin, unique("keeps"))
    status, _, body = cloud.request("POST", "/v3/projects", token=admin, body={"project": {
        "name": "locked", "domain_id": dom["id"], "options": {"immutable": True}}})
    assert status == 201
    locked = body["project"]
    assert disable_and_delete(cloud, admin, dom["id"]) == 403
    # Nothing was deleted: the transaction rolled back.
    status, _, _ = cloud.request("GET", "/v3/projects/" + locked["id"], token=admin)
    assert status == 200
    cloud.request("PATCH", "/v3/projects/" + locked["id"], token=admin,
                  body={"project": {"options": {"immutable": None}}})
    assert disable_and_delete(cloud, admin, dom["id"]) == 204


# -- domain configuration -------------------------------------------------------

LDAP_CONFIG = {"identity": {"driver": "ldap"},
               "ldap": {"url": "ldap://myldap.com:389/",
                        "user_tree_dn": "ou=Users,dc=my_new_root,dc=org"}}


def test_domain_config_lifecycle(cloud, unique):
    admin = cloud.admin_token()
    dom = make_domain(cloud, admin, unique("config"))
    base = "/v3/domains/%s/config" % dom["id"]
    try:
        status, _, body = cloud.request("GET", base, token=admin)
        assert status == 404
        assert_error(body, 404, "Could not find any options in domain configuration for "
                     "domain %s." % dom["id"])
        with_secret = {**LDAP_CONFIG, "ldap": {**LDAP_CONFIG["ldap"], "password": "s3cret"}}
        status, _, body = cloud.request("PUT", base, token=admin, body={"config": with_secret})
        assert status == 201 and body["config"] == LDAP_CONFIG  # the password is never shown
        status, _, body = cloud.request("PUT", base, token=admin, body={"config": LDAP_CONFIG})
        assert status == 200 and body["config"] == LDAP_CONFIG  # replacing: 200
        _, _, body = cloud.request("GET", base, token=admin)
        assert body["config"] == LDAP_CONFIG
        _, _, body = cloud.request("GET", base + "/ldap", token=admin)
        assert body["config"] == {"ldap": LDAP_CONFIG["ldap"]}
        _, _, body = cloud.request("GET", base + "/ldap/url", token=admin)
        assert body["config"] == {"url": "ldap://myldap.com:389/"}
        status, _, body = cloud.request("PATCH", base + "/identity", token=admin, body={
            "config": {"identity": {"driver": "sql", "list_limit": 20}}})
        assert status == 200
        assert body["config"]["identity"] == {"driver": "sql", "list_limit": 20}
        assert body["config"]["ldap"] == LDAP_CONFIG["ldap"]
        status, _, body = cloud.request("PATCH", base + "/identity/driver", token=admin,
                                        body={"config": {"driver": "ldap"}})
        assert status == 200 and body["config"]["identity"]["driver"] == "ldap"
        status, _, body = cloud.request("PATCH", base, token=admin,
                                        body={"config": {"ldap": {"password": "new"}}})
        assert status == 200 and "password" not in body["config"]["ldap"]
        status, _, _ = cloud.request("DELETE", base + "/identity/driver", token=admin)
        assert status == 204
        status, _, body = cloud.request("GET", base + "/identity/driver", token=admin)
        assert status == 404
        assert_error(body, 404, "Could not find option driver in group identity in domain "
                     "configuration for domain %s." % dom["id"])
        status, _, _ = cloud.request("DELETE", base + "/ldap", token=admin)
        assert status == 204
        status, _, body = cloud.request("GET", base + "/ldap", token=admin)
        assert status == 404
        assert_error(body, 404, "Could not find group ldap in domain configuration for "
                     "domain %s." % dom["id"])
        status, _, _ = cloud.request("DELETE", base, token=admin)
        assert status == 204
        status, _, _ = cloud.request("GET", base, token=admin)
        assert status == 404
    finally:
        disable_and_delete(cloud, admin, dom["id"])


def test_domain_config_errors(cloud, unique):
    admin = cloud.admin_token()
    dom = make_domain(cloud, admin, unique("config-err"))
    base = "/v3/domains/%s/config" % dom["id"]
    prefix = "Invalid domain specific configuration: "
    try:
        status, _, body = cloud.request("PUT", base, token=admin, body={"config": {}})
        assert status == 403
        assert_error(body, 403, prefix + "No options specified.")
        status, _, body = cloud.request("PUT", base, token=admin,
                                        body={"config": {"token": {"expiration": 1}}})
        assert status == 403
        assert_error(body, 403, prefix + "Group token is not supported for domain specific "
                     "configurations.")
        status, _, body = cloud.request("PUT", base, token=admin,
                                        body={"config": {"ldap": {"bogus": 1}}})
        assert status == 403
        assert_error(body, 403, prefix + "Option bogus in group ldap is not supported for "
                     "domain specific configurations.")
        status, _, body = cloud.request("PUT", base, token=admin,
                                        body={"config": {"ldap": "x"}})
        assert status == 403
        status, _, body = cloud.request("GET", base + "/token", token=admin)
        assert status == 403
        cloud.request("PUT", base, token=admin, body={"config": LDAP_CONFIG})
        status, _, body = cloud.request("PATCH", base + "/identity", token=admin,
                                        body={"config": LDAP_CONFIG})
        assert status == 403
        assert_error(body, 403, prefix + "Trying to update group identity, so that, and only "
                     "that, group must be specified in the config.")
        status, _, body = cloud.request("PATCH", base + "/ldap", token=admin,
                                        body={"config": {"identity": {"driver": "x"}}})
        assert status == 403
        assert_error(body, 403, prefix + "request to update group ldap, but config provided "
                     "contains group identity instead.")
        status, _, body = cloud.request("PATCH", base + "/ldap/user", token=admin,
                                        body={"config": {"user": "cn=x"}})
        assert status == 404
        assert_error(body, 404, "Could not find option user in group ldap in domain "
                     "configuration for domain %s." % dom["id"])
        missing = uuid.uuid4().hex
        status, _, body = cloud.request("PUT", "/v3/domains/%s/config" % missing, token=admin,
                                        body={"config": LDAP_CONFIG})
        assert status == 404
        assert_error(body, 404, "Could not find domain: %s." % missing)
        status, _, body = cloud.request("DELETE", base + "/ldap/password", token=admin)
        assert status == 404
    finally:
        disable_and_delete(cloud, admin, dom["id"])


def test_domain_config_defaults(cloud):
    admin = cloud.admin_token()
    status, _, body = cloud.request("GET", "/v3/domains/config/default", token=admin)
    assert status == 200
    assert set(body["config"]) == {"identity", "ldap"}
    assert body["config"]["identity"] == {"driver": "sql", "list_limit": None}
    assert "password" not in body["config"]["ldap"]
    _, _, body = cloud.request("GET", "/v3/domains/config/ldap/default", token=admin)
    assert body["config"]["ldap"]["url"] == "ldap://localhost"
    _, _, body = cloud.request("GET", "/v3/domains/config/ldap/url/default", token=admin)
    assert body["config"] == {"url": "ldap://localhost"}
    status, _, body = cloud.request("GET", "/v3/domains/config/ldap/password/default",
                                    token=admin)
    assert status == 403
    assert_error(body, 403, "Invalid domain specific configuration: Reading the default for "
                 "option password in group ldap is not supported.")
    status, _, _ = cloud.request("GET", "/v3/domains/config/token/default", token=admin)
    assert status == 403


def test_security_compliance_config(cloud):
    admin = cloud.admin_token()
    status, _, body = cloud.request("GET", "/v3/domains/default/config/security_compliance",
                                    token=admin)
    assert status == 200
    assert set(body["config"]["security_compliance"]) == {"password_regex",
                                                          "password_regex_description"}
    status, _, body = cloud.request(
        "GET", "/v3/domains/default/config/security_compliance/password_regex", token=admin)
    assert status == 200 and "password_regex" in body["config"]
    status, _, body = cloud.request(
        "GET", "/v3/domains/default/config/security_compliance/lockout_duration", token=admin)
    assert status == 403
    status, _, body = cloud.request(
        "GET", "/v3/domains/%s/config/security_compliance" % uuid.uuid4().hex, token=admin)
    assert status == 403
