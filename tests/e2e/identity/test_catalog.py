"""The service catalog (regions, services, endpoints), OS-EP-FILTER, policies
and OS-REVOKE events through the real CLI, openstacksdk and raw HTTP."""
import json
import os
import tempfile

import pytest


def catalog_types(catalog):
    return {s["type"] for s in catalog}


def password_token(cloud, username, password, project_id=None, project_name=None):
    scope = None
    if project_id:
        scope = {"project": {"id": project_id}}
    elif project_name:
        scope = {"project": {"name": project_name, "domain": {"id": "default"}}}
    auth = {"identity": {"methods": ["password"], "password": {"user": {
        "name": username, "domain": {"id": "default"}, "password": password}}}}
    if scope:
        auth["scope"] = scope
    status, hdrs, body = cloud.request("POST", "/v3/auth/tokens", body={"auth": auth})
    assert status == 201, body
    return hdrs["X-Subject-Token"], body["token"]


def admin_token_for(cloud, project_id):
    return password_token(cloud, "admin", cloud.admin_password(), project_id=project_id)


@pytest.fixture
def service(cloud, unique):
    svc = cloud.openstack("service", "create", "--name", unique("svc"), unique("type"))
    yield svc
    cloud.request("DELETE", "/v3/services/" + svc["id"], token=cloud.admin_token())


@pytest.fixture
def project(cloud, unique):
    proj = cloud.openstack("project", "create", unique("proj"))
    # admin needs a role on it to get a token scoped to it
    cloud.openstack("role", "add", "--user", "admin", "--project", proj["id"], "admin",
                    parse=False)
    yield proj
    cloud.request("DELETE", "/v3/projects/" + proj["id"], token=cloud.admin_token())


# -- regions ---------------------------------------------------------------


def test_region_cli_lifecycle(cloud, unique):
    parent, child = unique("region"), unique("region")
    created = cloud.openstack("region", "create", parent, "--description", "top")
    assert created["region"] == parent and created["description"] == "top"
    assert created["parent_region"] is None
    cloud.openstack("region", "create", child, "--parent-region", parent)

    listed = {r["Region"]: r for r in cloud.openstack("region", "list")}
    assert listed[child]["Parent Region"] == parent
    children = cloud.openstack("region", "list", "--parent-region", parent)
    assert [r["Region"] for r in children] == [child]

    cloud.openstack("region", "set", child, "--description", "below", parse=False)
    shown = cloud.openstack("region", "show", child)
    assert shown["description"] == "below" and shown["parent_region"] == parent

    # Deleting a region takes its child regions with it, as keystone does.
    cloud.openstack("region", "delete", parent, parse=False)
    token = cloud.admin_token()
    for region in (parent, child):
        status, _, body = cloud.request("GET", "/v3/regions/" + region, token=token)
        assert status == 404
        assert body["error"]["message"] == "Could not find region: %s." % region


def test_region_ids_parents_and_cycles(cloud, unique):
    token = cloud.admin_token()
    rid = unique("region")
    status, _, body = cloud.request("PUT", "/v3/regions/" + rid, token=token,
                                    body={"region": {"description": None, "color": "red"}})
    assert status == 201
    region = body["region"]
    assert region["id"] == rid and region["description"] == ""
    assert region["color"] == "red" and region["parent_region_id"] is None
    assert region["links"]["self"].endswith("/v3/regions/" + rid)

    status, _, body = cloud.request("POST", "/v3/regions", token=token,
                                    body={"region": {"id": rid}})
    assert status == 409
    assert body["error"]["message"] == (
        "Conflict occurred attempting to store region - Duplicate ID, %s.." % rid)

    status, _, body = cloud.request("PUT", "/v3/regions/" + unique("other"), token=token,
                                    body={"region": {"id": rid}})
    assert status == 400 and "Conflicting region IDs specified" in body["error"]["message"]

    status, _, body = cloud.request("POST", "/v3/regions", token=token,
                                    body={"region": {"parent_region_id": "nowhere"}})
    assert status == 404
    assert body["error"]["message"] == "Could not find region: nowhere."

    # A generated id when none is given; a chain rid <- mid <- leaf.
    status, _, body = cloud.request("POST", "/v3/regions", token=token,
                                    body={"region": {"parent_region_id": rid}})
    assert status == 201 and len(body["region"]["id"]) == 32
    mid = body["region"]["id"]
    status, _, body = cloud.request("POST", "/v3/regions", token=token,
                                    body={"region": {"parent_region_id": mid}})
    leaf = body["region"]["id"]

    status, _, body = cloud.request("PATCH", "/v3/regions/" + rid, token=token,
                                    body={"region": {"parent_region_id": leaf}})
    assert status == 400
    assert body["error"]["message"] == (
        "The specified parent region %s would create a circular region hierarchy." % rid)

    status, _, body = cloud.request("PATCH", "/v3/regions/" + leaf, token=token,
                                    body={"region": {"id": "changed"}})
    assert status == 400 and body["error"]["message"] == "Cannot change ID"

    status, _, body = cloud.request("PATCH", "/v3/regions/" + leaf, token=token,
                                    body={"region": {}})
    assert status == 400 and body["error"]["message"].startswith("{} does not have enough properties")

    status, _, body = cloud.request("GET", "/v3/regions?parent_region_id=" + mid, token=token)
    assert [r["id"] for r in body["regions"]] == [leaf]

    status, _, _ = cloud.request("DELETE", "/v3/regions/" + rid, token=token)
    assert status == 204
    status, _, body = cloud.request("GET", "/v3/regions?parent_region_id=" + mid, token=token)
    assert body["regions"] == []


def test_region_with_endpoints_cannot_be_deleted(cloud, unique, service):
    parent, child = unique("region"), unique("region")
    cloud.openstack("region", "create", parent)
    cloud.openstack("region", "create", child, "--parent-region", parent)
    ep = cloud.openstack("endpoint", "create", "--region", child, service["id"], "public",
                         "http://example.com/x")
    token = cloud.admin_token()
    status, _, body = cloud.request("DELETE", "/v3/regions/" + parent, token=token)
    assert status == 403
    assert body["error"]["message"] == (
        "Unable to delete region %s because it or its child regions have associated "
        "endpoints." % parent)
    cloud.openstack("endpoint", "delete", ep["id"], parse=False)
    status, _, _ = cloud.request("DELETE", "/v3/regions/" + parent, token=token)
    assert status == 204


# -- services --------------------------------------------------------------


def test_service_cli_lifecycle(cloud, unique):
    name, stype = unique("svc"), unique("type")
    svc = cloud.openstack("service", "create", "--name", name, "--description", "first", stype)
    assert svc["name"] == name and svc["type"] == stype
    assert svc["description"] == "first" and svc["enabled"] is True

    listed = cloud.openstack("service", "list", "--long")
    assert any(s["ID"] == svc["id"] and s["Description"] == "first" for s in listed)

    cloud.openstack("service", "set", "--name", name + "-2", "--disable", svc["id"], parse=False)
    shown = cloud.openstack("service", "show", svc["id"])
    assert shown["name"] == name + "-2" and shown["enabled"] is False
    assert shown["description"] == "first"

    token = cloud.admin_token()
    status, _, body = cloud.request("GET", "/v3/services?type=" + stype, token=token)
    assert [s["id"] for s in body["services"]] == [svc["id"]]
    status, _, body = cloud.request("GET", "/v3/services?name=" + name + "-2", token=token)
    assert [s["id"] for s in body["services"]] == [svc["id"]]

    cloud.openstack("service", "delete", svc["id"], parse=False)
    status, _, body = cloud.request("GET", "/v3/services/" + svc["id"], token=token)
    assert status == 404
    assert body["error"] == {"code": 404, "title": "Not Found",
                             "message": "Could not find service: %s." % svc["id"]}


def test_service_defaults_extras_and_validation(cloud, unique):
    token = cloud.admin_token()
    stype = unique("type")
    status, _, body = cloud.request("POST", "/v3/services", token=token,
                                    body={"service": {"type": stype, "os-color": "blue"}})
    assert status == 201
    svc = body["service"]
    # keystone's defaults, and attribute names normalized into extra
    assert svc["name"] == "" and svc["enabled"] is True and svc["os_color"] == "blue"
    assert "description" not in svc

    status, _, body = cloud.request("PATCH", "/v3/services/" + svc["id"], token=token,
                                    body={"service": {"description": "d"}})
    assert status == 200
    assert body["service"]["description"] == "d" and body["service"]["os_color"] == "blue"

    # keystone prints str(jsonschema.ValidationError): a field path when there is one.
    for bad, start in (({"name": "x"}, "'type' is a required property"),
                       ({"type": ""}, "Invalid input for field 'type'"),
                       ({"type": "t", "enabled": "True"}, "Invalid input for field 'enabled'")):
        status, _, body = cloud.request("POST", "/v3/services", token=token,
                                        body={"service": bad})
        assert status == 400, bad
        assert body["error"]["message"].startswith(start), body
    status, _, body = cloud.request("POST", "/v3/services", token=token, body={})
    assert status == 400 and "None is not of type 'object'" in body["error"]["message"]

    status, _, _ = cloud.request("DELETE", "/v3/services/" + svc["id"], token=token)
    assert status == 204
    status, _, _ = cloud.request("DELETE", "/v3/services/" + svc["id"], token=token)
    assert status == 404


def test_deleting_a_service_deletes_its_endpoints(cloud, unique):
    svc = cloud.openstack("service", "create", unique("type"))
    ep = cloud.openstack("endpoint", "create", svc["id"], "internal", "http://example.com/y")
    cloud.openstack("service", "delete", svc["id"], parse=False)
    status, _, _ = cloud.request("GET", "/v3/endpoints/" + ep["id"], token=cloud.admin_token())
    assert status == 404


# -- endpoints -------------------------------------------------------------


def test_endpoint_cli_lifecycle(cloud, unique, service):
    region = unique("region")
    cloud.openstack("region", "create", region)
    ep = cloud.openstack("endpoint", "create", "--region", region, service["id"], "public",
                         "http://example.com/v1/$(project_id)s")
    assert ep["region"] == region and ep["interface"] == "public"
    assert ep["service_id"] == service["id"] and ep["enabled"] is True
    assert ep["url"] == "http://example.com/v1/$(project_id)s"
    internal = cloud.openstack("endpoint", "create", service["id"], "internal",
                               "http://internal.example.com")

    by_service = cloud.openstack("endpoint", "list", "--service", service["id"])
    assert {e["ID"] for e in by_service} == {ep["id"], internal["id"]}
    by_interface = cloud.openstack("endpoint", "list", "--service", service["id"],
                                   "--interface", "internal")
    assert [e["ID"] for e in by_interface] == [internal["id"]]
    by_region = cloud.openstack("endpoint", "list", "--region", region)
    assert [e["ID"] for e in by_region] == [ep["id"]]

    cloud.openstack("endpoint", "set", "--url", "http://example.com/v2", "--disable",
                    "--interface", "admin", ep["id"], parse=False)
    shown = cloud.openstack("endpoint", "show", ep["id"])
    assert shown["url"] == "http://example.com/v2" and shown["enabled"] is False
    assert shown["interface"] == "admin" and shown["region"] == region

    cloud.openstack("endpoint", "delete", ep["id"], internal["id"], parse=False)
    status, _, body = cloud.request("GET", "/v3/endpoints/" + ep["id"],
                                    token=cloud.admin_token())
    assert status == 404
    assert body["error"]["message"] == "Could not find endpoint: %s." % ep["id"]


def test_endpoint_legacy_region_is_created(cloud, unique, service):
    token = cloud.admin_token()
    region = unique("legacy")
    status, _, body = cloud.request("POST", "/v3/endpoints", token=token, body={"endpoint": {
        "service_id": service["id"], "interface": "public", "url": "http://legacy.example.com",
        "region": region}})
    assert status == 201
    ep = body["endpoint"]
    assert ep["region_id"] == region and ep["region"] == region
    status, _, body = cloud.request("GET", "/v3/regions/" + region, token=token)
    assert status == 200 and body["region"]["description"] == ""

    # legacy "region" on update too, and region_id: null clears the region
    other = unique("legacy")
    status, _, body = cloud.request("PATCH", "/v3/endpoints/" + ep["id"], token=token,
                                    body={"endpoint": {"region": other}})
    assert status == 200 and body["endpoint"]["region_id"] == other
    assert body["endpoint"]["url"] == "http://legacy.example.com"
    # keystone's endpoint schema types region_id as a string: null is refused.
    status, _, body = cloud.request("PATCH", "/v3/endpoints/" + ep["id"], token=token,
                                    body={"endpoint": {"region_id": None}})
    assert status == 400


def test_endpoint_validation_errors(cloud, service):
    token = cloud.admin_token()
    good = {"service_id": service["id"], "interface": "public", "url": "http://e.example.com"}

    def create(**changes):
        return cloud.request("POST", "/v3/endpoints", token=token,
                             body={"endpoint": dict(good, **changes)})

    status, _, body = create(interface="private")
    assert status == 400 and "'private' is not one of" in body["error"]["message"]
    status, _, body = create(url="no-scheme")
    assert status == 400 and body["error"]["message"].startswith("Invalid input for field 'url'")
    status, _, body = create(url="http://e.example.com/$(admin_token)s")
    assert status == 400
    assert body["error"]["message"] == (
        "Cannot create an endpoint with an invalid URL: http://e.example.com/$(admin_token)s.")
    status, _, body = create(enabled="True")
    assert status == 400
    status, _, body = create(region_id="no-such-region")
    assert status == 400
    assert body["error"]["message"] == (
        "Expecting to find endpoint region_id in region table. The server could not comply "
        "with the request since it is either malformed or otherwise incorrect. The client is "
        "assumed to be in error.")
    status, _, body = create(service_id="no-such-service")
    assert status == 400
    assert body["error"]["message"].startswith(
        "Expecting to find endpoint service_id in service table.")
    status, _, body = cloud.request("PATCH", "/v3/endpoints/nope", token=token,
                                    body={"endpoint": {"url": "http://x.example.com"}})
    assert status == 404


def test_catalog_follows_the_endpoints(cloud, unique, service):
    ep = cloud.openstack("endpoint", "create", service["id"], "public",
                         "http://cat.example.com/$(project_id)s")
    entries = {c["Type"]: c for c in cloud.openstack("catalog", "list")}
    assert service["type"] in entries and "identity" in entries
    shown = cloud.openstack("catalog", "show", service["type"])
    assert shown["type"] == service["type"]
    token = cloud.admin_token()
    status, _, body = cloud.request("GET", "/v3/auth/catalog", token=token)
    urls = [e["url"] for s in body["catalog"] if s["id"] == service["id"]
            for e in s["endpoints"]]
    assert len(urls) == 1 and "$(project_id)s" not in urls[0]

    # A disabled endpoint leaves the catalog at once.
    cloud.openstack("endpoint", "set", "--disable", ep["id"], parse=False)
    status, _, body = cloud.request("GET", "/v3/auth/catalog", token=token)
    assert [s["endpoints"] for s in body["catalog"] if s["id"] == service["id"]] == [[]]


# -- OS-EP-FILTER ----------------------------------------------------------


def test_endpoint_project_filter_shapes_the_token_catalog(cloud, unique, service, project):
    ep = cloud.openstack("endpoint", "create", service["id"], "public",
                         "http://filtered.example.com")
    _, tok = admin_token_for(cloud, project["id"])
    assert service["type"] in catalog_types(tok["catalog"]) and "identity" in catalog_types(
        tok["catalog"])

    cloud.openstack("endpoint", "add", "project", ep["id"], project["id"], parse=False)
    listed = cloud.openstack("endpoint", "list", "--project", project["id"])
    assert [e["ID"] for e in listed] == [ep["id"]]

    # Only the associated endpoint remains; emptied services disappear.
    _, tok = admin_token_for(cloud, project["id"])
    assert [(s["type"], [e["id"] for e in s["endpoints"]]) for s in tok["catalog"]] == [
        (service["type"], [ep["id"]])]

    token = cloud.admin_token()
    path = "/v3/OS-EP-FILTER/projects/%s/endpoints/%s" % (project["id"], ep["id"])
    assert cloud.request("HEAD", path, token=token)[0] == 204
    assert cloud.request("GET", path, token=token)[0] == 204
    status, _, body = cloud.request("PUT", path, token=token)
    assert status == 409
    assert body["error"]["message"] == (
        "Conflict occurred attempting to store project_endpoint - Duplicate entry.")
    status, _, body = cloud.request("GET", "/v3/OS-EP-FILTER/endpoints/%s/projects" % ep["id"],
                                    token=token)
    assert [p["id"] for p in body["projects"]] == [project["id"]]

    status, _, body = cloud.request(
        "PUT", "/v3/OS-EP-FILTER/projects/%s/endpoints/nope" % project["id"], token=token)
    assert status == 404 and body["error"]["message"] == "Could not find endpoint: nope."
    status, _, body = cloud.request(
        "PUT", "/v3/OS-EP-FILTER/projects/nope/endpoints/%s" % ep["id"], token=token)
    assert status == 404 and body["error"]["message"] == "Could not find project: nope."

    cloud.openstack("endpoint", "remove", "project", ep["id"], project["id"], parse=False)
    status, _, body = cloud.request("DELETE", path, token=token)
    assert status == 404
    assert body["error"]["message"] == "Endpoint %s not found in project %s" % (
        ep["id"], project["id"])
    _, tok = admin_token_for(cloud, project["id"])
    assert "identity" in catalog_types(tok["catalog"])


def test_endpoint_groups(cloud, unique, service, project):
    public = cloud.openstack("endpoint", "create", service["id"], "public",
                             "http://group.example.com")
    cloud.openstack("endpoint", "create", service["id"], "admin", "http://admin.example.com")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"service_id": service["id"], "interface": "public"}, f)
    try:
        name = unique("group")
        group = cloud.openstack("endpoint", "group", "create", "--description", "pub",
                                name, f.name)
    finally:
        os.unlink(f.name)
    assert group["name"] == name and group["description"] == "pub"
    assert group["filters"] == {"service_id": service["id"], "interface": "public"}

    token = cloud.admin_token()
    status, _, body = cloud.request(
        "GET", "/v3/OS-EP-FILTER/endpoint_groups/%s/endpoints" % group["id"], token=token)
    assert [e["id"] for e in body["endpoints"]] == [public["id"]]

    cloud.openstack("endpoint", "group", "add", "project", group["id"], project["id"],
                    parse=False)
    listed = cloud.openstack("endpoint", "group", "list", "--project", project["id"])
    assert [g["ID"] for g in listed] == [group["id"]]
    projects = cloud.openstack("endpoint", "group", "list", "--endpointgroup", group["id"])
    assert [p["ID"] for p in projects] == [project["id"]]
    assert any(g["ID"] == group["id"] for g in cloud.openstack("endpoint", "group", "list"))

    _, tok = admin_token_for(cloud, project["id"])
    assert [(s["type"], [e["id"] for e in s["endpoints"]]) for s in tok["catalog"]] == [
        (service["type"], [public["id"]])]
    status, _, body = cloud.request(
        "GET", "/v3/OS-EP-FILTER/projects/%s/endpoints" % project["id"], token=token)
    assert [e["id"] for e in body["endpoints"]] == [public["id"]]

    assoc = "/v3/OS-EP-FILTER/endpoint_groups/%s/projects/%s" % (group["id"], project["id"])
    status, _, body = cloud.request("GET", assoc, token=token)
    assert status == 200
    assert body["project_endpoint_group"] == {
        "endpoint_group_id": group["id"], "project_id": project["id"],
        "links": {"self": assoc[len("/v3"):]}}
    status, _, body = cloud.request("PUT", assoc, token=token)
    assert status == 409

    cloud.openstack("endpoint", "group", "set", "--name", name + "-2", group["id"], parse=False)
    shown = cloud.openstack("endpoint", "group", "show", group["id"])
    assert shown["name"] == name + "-2"

    for bad, message in (({"name": "g", "filters": {}},
                          "filters field is required and cannot be empty"),
                         ({"name": "g", "filters": {"url": "x"}},
                          "Expecting to find service_id or region_id or interface in "
                          "endpoint_group.")):
        status, _, body = cloud.request("POST", "/v3/OS-EP-FILTER/endpoint_groups",
                                        token=token, body={"endpoint_group": bad})
        assert status == 400 and body["error"]["message"].startswith(message)

    cloud.openstack("endpoint", "group", "remove", "project", group["id"], project["id"],
                    parse=False)
    status, _, body = cloud.request("DELETE", assoc, token=token)
    assert status == 404
    assert body["error"]["message"] == "Endpoint Group Project Association not found"
    cloud.openstack("endpoint", "group", "delete", group["id"], parse=False)
    status, _, body = cloud.request("GET", "/v3/OS-EP-FILTER/endpoint_groups/" + group["id"],
                                    token=token)
    assert status == 404
    assert body["error"]["message"] == "Could not find Endpoint Group: %s." % group["id"]


# -- openstacksdk ----------------------------------------------------------


def test_sdk_catalog_administration(cloud, unique):
    conn = cloud.sdk()
    region = conn.identity.create_region(id=unique("sdk"), description="sdk region")
    svc = conn.identity.create_service(name=unique("sdk"), type=unique("sdk-type"),
                                       description="via sdk")
    ep = conn.identity.create_endpoint(service_id=svc.id, interface="internal",
                                       url="http://sdk.example.com", region_id=region.id)
    try:
        assert conn.identity.get_region(region.id).description == "sdk region"
        assert conn.identity.get_service(svc.id).description == "via sdk"
        fetched = conn.identity.get_endpoint(ep.id)
        assert fetched.region_id == region.id and fetched.interface == "internal"
        assert ep.id in {e.id for e in conn.identity.endpoints(service_id=svc.id)}
        assert svc.id in {s.id for s in conn.identity.services()}
        assert region.id in {r.id for r in conn.identity.regions()}

        conn.identity.update_endpoint(ep, url="http://sdk2.example.com", is_enabled=False)
        fetched = conn.identity.get_endpoint(ep.id)
        assert fetched.url == "http://sdk2.example.com" and fetched.is_enabled is False
        conn.identity.update_service(svc, name="renamed")
        assert conn.identity.get_service(svc.id).name == "renamed"
        conn.identity.update_region(region, description="changed")
        assert conn.identity.get_region(region.id).description == "changed"
    finally:
        conn.identity.delete_endpoint(ep)
        conn.identity.delete_service(svc)
        conn.identity.delete_region(region)
    assert conn.identity.find_service(svc.id) is None
    assert conn.identity.find_region(region.id) is None


# -- policies --------------------------------------------------------------


def test_policy_blobs(cloud, unique):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        f.write('{"identity:list_users": "role:admin"}')
    try:
        pol = cloud.openstack("policy", "create", "--type", "application/json", f.name)
    finally:
        os.unlink(f.name)
    assert pol["type"] == "application/json"
    assert json.loads(pol["rules"]) == {"identity:list_users": "role:admin"}
    assert any(p["ID"] == pol["id"] for p in cloud.openstack("policy", "list"))
    cloud.openstack("policy", "set", "--type", "text/plain", pol["id"], parse=False)
    assert cloud.openstack("policy", "show", pol["id"])["type"] == "text/plain"

    conn = cloud.sdk()
    sdk_pol = conn.identity.create_policy(type="x-sdk", blob="{}")
    assert conn.identity.get_policy(sdk_pol.id).blob == "{}"
    token = cloud.admin_token()
    status, _, body = cloud.request("GET", "/v3/policies?type=x-sdk", token=token)
    assert sdk_pol.id in [p["id"] for p in body["policies"]]
    assert all(p["type"] == "x-sdk" for p in body["policies"])
    conn.identity.delete_policy(sdk_pol)

    status, _, body = cloud.request("PATCH", "/v3/policies/" + pol["id"], token=token,
                                    body={"policy": {"id": "other"}})
    assert status == 400 and body["error"]["message"] == "Cannot change policy ID"
    status, _, body = cloud.request("POST", "/v3/policies", token=token,
                                    body={"policy": {"type": "t"}})
    assert status == 400 and "'blob' is a required property" in body["error"]["message"]

    cloud.openstack("policy", "delete", pol["id"], parse=False)
    status, _, body = cloud.request("GET", "/v3/policies/" + pol["id"], token=token)
    assert status == 404
    assert body["error"]["message"] == "Could not find policy: %s." % pol["id"]


# -- OS-REVOKE -------------------------------------------------------------


def test_revocation_events(cloud):
    admin = cloud.admin_token()
    victim = cloud.admin_token()
    status, _, body = cloud.request("GET", "/v3/auth/tokens", token=admin,
                                    headers={"X-Subject-Token": victim})
    audit_id = body["token"]["audit_ids"][0]
    status, _, _ = cloud.request("DELETE", "/v3/auth/tokens", token=admin,
                                 headers={"X-Subject-Token": victim})
    assert status == 204

    status, _, body = cloud.request("GET", "/v3/OS-REVOKE/events", token=admin)
    assert status == 200
    assert body["links"]["self"].endswith("/v3/OS-REVOKE/events")
    event = next(e for e in body["events"] if e.get("audit_id") == audit_id)
    assert event["revoked_at"].endswith("Z") and event["issued_before"].endswith(".000000Z")

    status, _, body = cloud.request("GET", "/v3/OS-REVOKE/events?since=2999-01-01T00:00:00Z",
                                    token=admin)
    assert status == 200 and body["events"] == []
    status, _, body = cloud.request("GET", "/v3/OS-REVOKE/events?since=yesterday", token=admin)
    assert status == 400 and body["error"]["message"] == "invalidate date format yesterday"


# -- policy enforcement ----------------------------------------------------


def test_member_cannot_administer_the_catalog(cloud, unique, service, project):
    username, password = unique("member"), "secret-" + unique("pw")
    cloud.openstack("user", "create", "--password", password, username)
    cloud.openstack("role", "add", "--user", username, "--project", project["id"], "member",
                    parse=False)
    token, tok = password_token(cloud, username, password, project_id=project["id"])
    assert {r["name"] for r in tok["roles"]} >= {"member"}
    assert "admin" not in {r["name"] for r in tok["roles"]}

    # Anyone may read regions; services and endpoints are for admins and
    # system readers.
    assert cloud.request("GET", "/v3/regions", token=token)[0] == 200
    for method, path, body in (
            ("POST", "/v3/regions", {"region": {}}),
            ("GET", "/v3/services", None),
            ("POST", "/v3/services", {"service": {"type": "x"}}),
            ("DELETE", "/v3/services/" + service["id"], None),
            ("GET", "/v3/endpoints", None),
            ("POST", "/v3/OS-EP-FILTER/endpoint_groups",
             {"endpoint_group": {"name": "g", "filters": {"interface": "public"}}}),
            ("PUT", "/v3/OS-EP-FILTER/projects/%s/endpoints/x" % project["id"], None),
            ("POST", "/v3/policies", {"policy": {"type": "t", "blob": "b"}}),
            ("GET", "/v3/OS-REVOKE/events", None)):
        status, _, resp = cloud.request(method, path, token=token, body=body)
        assert status == 403, (method, path, status)
        assert resp["error"]["message"].startswith(
            "You are not authorized to perform the requested action: identity:")
    res = cloud.openstack("region", "create", unique("r"),
                          env=cloud.user_env(username, password, project["name"]), check=False)
    assert res.returncode != 0
    assert cloud.openstack("catalog", "list",
                           env=cloud.user_env(username, password, project["name"]))
    cloud.openstack("user", "delete", username, parse=False)
