"""Unified limits through the real CLI and raw HTTP: registered limits,
project and domain limits, validation, conflicts and who sees what."""
from delegation_helpers import Member, admin_identity, assert_error

CLIENT_ERROR = (" The server could not comply with the request since it is either malformed "
                "or otherwise incorrect. The client is assumed to be in error.")


def identity_service(cloud, admin):
    status, _, body = cloud.request("GET", "/v3/services?type=identity", token=admin)
    assert status == 200 and body["services"], body
    return body["services"][0]["id"]


def a_region(cloud, admin):
    status, _, body = cloud.request("GET", "/v3/regions", token=admin)
    assert status == 200 and body["regions"], body
    return body["regions"][0]["id"]


def system_token(cloud):
    status, hdrs, body = cloud.request("POST", "/v3/auth/tokens", body={"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": "admin", "domain": {"id": "default"}, "password": cloud.admin_password()}}},
        "scope": {"system": {"all": True}}}})
    assert status == 201, body
    return hdrs["X-Subject-Token"]


def register(cloud, token, *limits):
    return cloud.request("POST", "/v3/registered_limits", token=token,
                         body={"registered_limits": list(limits)})


def create_limits(cloud, token, *limits):
    return cloud.request("POST", "/v3/limits", token=token, body={"limits": list(limits)})


def test_cli_registered_limit_and_limit(cloud, unique):
    admin = cloud.admin_token()
    _, admin_project = admin_identity(cloud, admin)
    region = a_region(cloud, admin)
    service = identity_service(cloud, admin)
    resource = unique("cli-res")
    reg = cloud.openstack("registered", "limit", "create", "--service", service,
                          "--default-limit", "10", "--region", region, "--description", "d",
                          resource)
    assert reg["resource_name"] == resource and reg["default_limit"] == 10
    assert reg["region_id"] == region and reg["description"] == "d"
    listed = cloud.openstack("registered", "limit", "list", "--resource-name", resource)
    assert [r["ID"] for r in listed] == [reg["id"]]

    lim = cloud.openstack("limit", "create", "--project", admin_project, "--service", service,
                          "--region", region, "--resource-limit", "5", resource)
    assert lim["project_id"] == admin_project and lim["resource_limit"] == 5
    listed = cloud.openstack("limit", "list", "--resource-name", resource)
    assert [row["ID"] for row in listed] == [lim["id"]]
    shown = cloud.openstack("limit", "show", lim["id"])
    assert shown["resource_limit"] == 5
    cloud.openstack("limit", "set", "--resource-limit", "7", lim["id"], parse=False)
    assert cloud.openstack("limit", "show", lim["id"])["resource_limit"] == 7

    # A registered limit in use cannot change or go.
    res = cloud.openstack("registered", "limit", "delete", reg["id"], parse=False, check=False)
    assert res.returncode != 0
    cloud.openstack("limit", "delete", lim["id"], parse=False)
    cloud.openstack("registered", "limit", "delete", reg["id"], parse=False)
    assert cloud.openstack("registered", "limit", "show", reg["id"], check=False).returncode != 0


def test_registered_limits_api(cloud, unique):
    admin = cloud.admin_token()
    service = identity_service(cloud, admin)
    region = a_region(cloud, admin)
    a, b = unique("res-a"), unique("res-b")
    status, _, body = register(cloud, admin,
                               {"service_id": service, "resource_name": a, "default_limit": 5},
                               {"service_id": service, "region_id": region, "resource_name": b,
                                "default_limit": -1, "description": None})
    assert status == 201, body
    assert set(body) == {"registered_limits"}
    first, second = body["registered_limits"]
    assert first["region_id"] is None and first["description"] is None
    assert second["region_id"] == region and second["default_limit"] == -1
    assert first["links"]["self"].endswith("/v3/registered_limits/" + first["id"])

    status, _, body = register(cloud, admin,
                               {"service_id": service, "resource_name": a, "default_limit": 1})
    assert status == 409
    assert_error(body, 409, "Conflict occurred attempting to store registered_limit - "
                            "Duplicate entry.")
    status, _, body = register(cloud, admin, {"service_id": "nope", "resource_name": a,
                                              "default_limit": 1})
    assert status == 400
    assert_error(body, 400, "Expecting to find service_id in registered_limit." + CLIENT_ERROR)
    status, _, body = register(cloud, admin, {"service_id": service, "region_id": "nowhere",
                                              "resource_name": a, "default_limit": 1})
    assert status == 400
    assert_error(body, 400, "Expecting to find region_id in registered_limit." + CLIENT_ERROR)
    assert register(cloud, admin)[0] == 400  # minItems
    assert register(cloud, admin, {"service_id": service, "resource_name": a,
                                   "default_limit": -2})[0] == 400
    assert register(cloud, admin, {"service_id": service, "resource_name": a,
                                   "default_limit": 1, "color": "red"})[0] == 400

    status, _, body = cloud.request("GET", "/v3/registered_limits?resource_name=" + b,
                                    token=admin)
    assert [r["id"] for r in body["registered_limits"]] == [second["id"]]
    status, _, body = cloud.request(
        "GET", "/v3/registered_limits?service_id=%s&region_id=%s" % (service, region),
        token=admin)
    assert second["id"] in [r["id"] for r in body["registered_limits"]]
    assert first["id"] not in [r["id"] for r in body["registered_limits"]]

    path = "/v3/registered_limits/" + first["id"]
    status, _, body = cloud.request("PATCH", path, token=admin, body={"registered_limit": {
        "default_limit": 50, "description": "more"}})
    assert status == 200, body
    assert body["registered_limit"]["default_limit"] == 50
    assert body["registered_limit"]["description"] == "more"
    status, _, body = cloud.request("PATCH", path, token=admin, body={"registered_limit": {
        "resource_name": b, "region_id": region}})
    assert status == 409

    # Anyone may read registered limits; only admins change them.
    who = Member(cloud, admin, unique)
    assert cloud.request("GET", path, token=who.token)[0] == 200
    assert register(cloud, who.token, {"service_id": service, "resource_name": unique("x"),
                                       "default_limit": 1})[0] == 403
    assert cloud.request("DELETE", path, token=who.token)[0] == 403

    assert cloud.request("DELETE", path, token=admin)[0] == 204
    status, _, body = cloud.request("GET", path, token=admin)
    assert status == 404
    assert_error(body, 404, "Could not find registered limit for %s." % first["id"])


def test_limits_api(cloud, unique):
    admin = cloud.admin_token()
    system = system_token(cloud)
    service = identity_service(cloud, admin)
    region = a_region(cloud, admin)
    resource = unique("res")
    alice = Member(cloud, admin, unique)
    bob = Member(cloud, admin, unique)
    domain = cloud.request("POST", "/v3/domains", token=admin,
                           body={"domain": {"name": unique("lim-dom")}})[2]["domain"]

    # A limit needs its registered limit first.
    status, _, body = create_limits(cloud, admin, {
        "project_id": alice.project["id"], "service_id": service, "region_id": region,
        "resource_name": resource, "resource_limit": 3})
    assert status == 403
    assert_error(body, 403, "Unable to create a limit that has no corresponding registered "
                            "limit.")
    reg = register(cloud, admin, {"service_id": service, "region_id": region,
                                  "resource_name": resource, "default_limit": 10})[2][
        "registered_limits"][0]

    status, _, body = create_limits(
        cloud, admin,
        {"project_id": alice.project["id"], "service_id": service, "region_id": region,
         "resource_name": resource, "resource_limit": 3},
        {"project_id": bob.project["id"], "service_id": service, "region_id": region,
         "resource_name": resource, "resource_limit": 4, "description": "bob's"},
        # A domain named through project_id is a domain limit.
        {"project_id": domain["id"], "service_id": service, "region_id": region,
         "resource_name": resource, "resource_limit": 100})
    assert status == 201, body
    assert set(body) == {"limits"}
    for_alice, for_bob, for_domain = body["limits"]
    assert for_alice["domain_id"] is None and for_alice["project_id"] == alice.project["id"]
    assert for_bob["description"] == "bob's"
    assert for_domain["project_id"] is None and for_domain["domain_id"] == domain["id"]
    assert for_alice["links"]["self"].endswith("/v3/limits/" + for_alice["id"])

    status, _, body = create_limits(cloud, admin, {
        "project_id": alice.project["id"], "service_id": service, "region_id": region,
        "resource_name": resource, "resource_limit": 9})
    assert status == 409
    assert_error(body, 409, "Conflict occurred attempting to store limit - Duplicate entry.")
    status, _, body = create_limits(cloud, admin, {
        "project_id": "nope", "service_id": service, "region_id": region,
        "resource_name": resource, "resource_limit": 9})
    assert status == 400
    assert_error(body, 400, "Expecting to find project_id in limit." + CLIENT_ERROR)
    assert create_limits(cloud, admin, {
        "project_id": alice.project["id"], "domain_id": domain["id"], "service_id": service,
        "resource_name": resource, "resource_limit": 9})[0] == 400
    assert create_limits(cloud, alice.token, {
        "project_id": alice.project["id"], "service_id": service, "region_id": region,
        "resource_name": unique("x"), "resource_limit": 9})[0] == 403

    # Who sees what: the system everything, a project its own limits only.
    query = "/v3/limits?resource_name=" + resource
    ids = lambda token: sorted(l["id"] for l in cloud.request("GET", query, token=token)[2][
        "limits"])
    assert ids(system) == sorted([for_alice["id"], for_bob["id"], for_domain["id"]])
    assert ids(alice.token) == [for_alice["id"]]
    assert ids(bob.token) == [for_bob["id"]]
    assert ids(admin) == []  # scoped to the admin project, which has none
    status, _, body = cloud.request("GET", "/v3/limits?project_id=" + bob.project["id"] +
                                    "&resource_name=" + resource, token=system)
    assert [l["id"] for l in body["limits"]] == [for_bob["id"]]
    status, _, body = cloud.request("GET", "/v3/limits?domain_id=" + domain["id"], token=system)
    assert [l["id"] for l in body["limits"]] == [for_domain["id"]]

    one = "/v3/limits/" + for_alice["id"]
    assert cloud.request("GET", one, token=alice.token)[0] == 200
    assert cloud.request("GET", one, token=bob.token)[0] == 403
    status, _, body = cloud.request("PATCH", one, token=admin,
                                    body={"limit": {"resource_limit": 0, "description": "x"}})
    assert status == 200, body
    assert body["limit"]["resource_limit"] == 0 and body["limit"]["description"] == "x"
    assert cloud.request("PATCH", one, token=admin,
                         body={"limit": {"project_id": bob.project["id"]}})[0] == 400
    assert cloud.request("PATCH", one, token=alice.token,
                         body={"limit": {"resource_limit": 1000}})[0] == 403

    reg_path = "/v3/registered_limits/" + reg["id"]
    status, _, body = cloud.request("DELETE", reg_path, token=admin)
    assert status == 403
    assert_error(body, 403, "Unable to update or delete registered limit %s because there are "
                            "project limits associated with it." % reg["id"])
    assert cloud.request("PATCH", reg_path, token=admin,
                         body={"registered_limit": {"default_limit": 1}})[0] == 403
    for lim in (for_alice, for_bob, for_domain):
        assert cloud.request("DELETE", "/v3/limits/" + lim["id"], token=admin)[0] == 204
    status, _, body = cloud.request("GET", one, token=admin)
    assert status == 404
    assert_error(body, 404, "Could not find limit for %s." % for_alice["id"])
    assert cloud.request("DELETE", reg_path, token=admin)[0] == 204


def test_limit_model(cloud, unique):
    who = Member(cloud, cloud.admin_token(), unique)
    status, _, body = cloud.request("GET", "/v3/limits/model", token=who.token)
    assert status == 200
    assert body == {"model": {
        "name": "flat",
        "description": "Limit enforcement and validation does not take project hierarchy "
                       "into consideration."}}
