"""/v3/credentials and OS-EC2 credentials through the real CLI and raw HTTP:
CRUD, the ec2 id rule, ownership and Keystone's errors."""
import copy
import datetime
import hashlib
import json

from keystoneclient.contrib.ec2.utils import Ec2Signer

from delegation_helpers import Member, admin_identity, assert_error


def create(cloud, token, **cred):
    return cloud.request("POST", "/v3/credentials", token=token, body={"credential": cred})


def test_cli_credential_lifecycle(cloud, unique):
    admin = cloud.admin_token()
    admin_id, _ = admin_identity(cloud, admin)
    created = cloud.openstack("credential", "create", "--type", "totp", admin_id, "s3kr1t")
    assert created["type"] == "totp" and created["blob"] == "s3kr1t"
    assert created["user_id"] == admin_id
    listed = cloud.openstack("credential", "list", "--type", "totp")
    assert created["id"] in [c["ID"] for c in listed]
    shown = cloud.openstack("credential", "show", created["id"])
    assert shown["blob"] == "s3kr1t"
    # The CLI's update also sends user and type: only the blob may change (LP#2159643).
    res = cloud.openstack("credential", "set", "--type", "totp", "--data", "changed", "--user",
                          admin_id, created["id"], parse=False, check=False)
    assert res.returncode != 0
    assert cloud.openstack("credential", "show", created["id"])["blob"] == "s3kr1t"
    cloud.openstack("credential", "delete", created["id"], parse=False)
    assert cloud.openstack("credential", "show", created["id"], check=False).returncode != 0


def test_cli_ec2_credentials(cloud):
    admin = cloud.admin_token()
    admin_id, admin_project = admin_identity(cloud, admin)
    created = cloud.openstack("ec2", "credentials", "create")
    assert created["access"] and created["secret"]
    assert created["project_id"] == admin_project and created["user_id"] == admin_id
    listed = cloud.openstack("ec2", "credentials", "list")
    assert created["access"] in [c["Access"] for c in listed]
    shown = cloud.openstack("ec2", "credentials", "show", created["access"])
    assert shown["secret"] == created["secret"]
    # The same credential seen through /v3/credentials: its id hashes the access key.
    cred_id = hashlib.sha256(created["access"].encode()).hexdigest()
    status, _, body = cloud.request("GET", "/v3/credentials/" + cred_id, token=admin)
    assert status == 200 and body["credential"]["type"] == "ec2"
    assert json.loads(body["credential"]["blob"])["secret"] == created["secret"]
    cloud.openstack("ec2", "credentials", "delete", created["access"], parse=False)
    assert cloud.request("GET", "/v3/credentials/" + cred_id, token=admin)[0] == 404


def test_ec2_type_id_and_conflict(cloud, unique):
    admin = cloud.admin_token()
    who = Member(cloud, admin, unique)
    blob = json.dumps({"access": unique("ak"), "secret": "sk"})
    status, _, body = create(cloud, who.token, user_id=who.id, project_id=who.project["id"],
                             type="ec2", blob=blob, color="blue")
    assert status == 201, body
    cred = body["credential"]
    assert cred["id"] == hashlib.sha256(json.loads(blob)["access"].encode()).hexdigest()
    assert cred["blob"] == blob and cred["color"] == "blue"
    assert cred["links"]["self"].endswith("/v3/credentials/" + cred["id"])
    status, _, body = create(cloud, who.token, user_id=who.id, project_id=who.project["id"],
                             type="ec2", blob=blob)
    assert status == 409
    assert_error(body, 409, "Conflict occurred attempting to store credential - Duplicate entry "
                            "found with ID %s." % cred["id"])
    # ec2 blobs must be JSON objects with an access key; ec2 needs a project.
    status, _, body = create(cloud, who.token, user_id=who.id, project_id=who.project["id"],
                             type="ec2", blob="not json")
    assert status == 400
    assert_error(body, 400, "Invalid blob in credential")
    status, _, body = create(cloud, who.token, user_id=who.id, project_id=who.project["id"],
                             type="ec2", blob='{"secret": "x"}')
    assert status == 400
    assert body["error"]["message"].startswith("Expecting to find access in credential.")
    status, _, body = create(cloud, who.token, user_id=who.id, type="ec2", blob=blob)
    assert status == 400
    # A plain credential gets a fresh id and may omit the project.
    status, _, body = create(cloud, who.token, user_id=who.id, type="cert", blob="PEM")
    assert status == 201 and len(body["credential"]["id"]) == 32
    assert body["credential"]["project_id"] is None


def test_update_changes_only_the_blob(cloud, unique):
    admin = cloud.admin_token()
    who = Member(cloud, admin, unique)
    blob = json.dumps({"access": unique("ak"), "secret": "sk", "trust_id": None})
    cred = create(cloud, who.token, user_id=who.id, project_id=who.project["id"], type="ec2",
                  blob=blob)[2]["credential"]
    path = "/v3/credentials/" + cred["id"]
    new_blob = json.dumps({"access": "new", "secret": "sk2", "trust_id": None})
    status, _, body = cloud.request("PATCH", path, token=who.token,
                                    body={"credential": {"blob": new_blob}})
    assert status == 200, body
    assert body["credential"]["blob"] == new_blob and body["credential"]["id"] == cred["id"]
    status, _, body = cloud.request("PATCH", path, token=who.token,
                                    body={"credential": {"blob": new_blob, "type": "cert"}})
    assert status == 400
    status, _, body = cloud.request(
        "PATCH", path, token=who.token,
        body={"credential": {"blob": json.dumps({"access": "x", "trust_id": "t"})}})
    assert status == 400
    assert_error(body, 400, "trust_id can not be updated for credential")


def test_users_see_only_their_own(cloud, unique):
    admin = cloud.admin_token()
    alice = Member(cloud, admin, unique)
    bob = Member(cloud, admin, unique)
    mine = create(cloud, alice.token, user_id=alice.id, type="cert", blob="a")[2]["credential"]
    theirs = create(cloud, bob.token, user_id=bob.id, type="cert", blob="b")[2]["credential"]
    status, _, body = cloud.request("GET", "/v3/credentials", token=alice.token)
    assert status == 200
    ids = [c["id"] for c in body["credentials"]]
    assert mine["id"] in ids and theirs["id"] not in ids
    status, _, body = cloud.request("GET", "/v3/credentials?user_id=" + bob.id, token=alice.token)
    assert body["credentials"] == []
    for method in ("GET", "DELETE"):
        assert cloud.request(method, "/v3/credentials/" + theirs["id"], token=alice.token)[0] == 403
    # Nor can a user create one for somebody else.
    assert create(cloud, alice.token, user_id=bob.id, type="cert", blob="x")[0] == 403
    # The admin sees both, and can filter.
    status, _, body = cloud.request("GET", "/v3/credentials?type=cert&user_id=" + bob.id,
                                    token=admin)
    assert [c["id"] for c in body["credentials"]] == [theirs["id"]]
    status, _, body = cloud.request("GET", "/v3/credentials/" + "f" * 32, token=admin)
    assert status == 404
    assert_error(body, 404, "Could not find credential: %s." % ("f" * 32))


def test_ec2_api_ownership_and_errors(cloud, unique):
    admin = cloud.admin_token()
    alice = Member(cloud, admin, unique)
    bob = Member(cloud, admin, unique)
    base = "/v3/users/%s/credentials/OS-EC2" % alice.id
    status, _, body = cloud.request("POST", base, token=alice.token,
                                    body={"tenant_id": alice.project["id"]})
    assert status == 201, body
    ec2 = body["credential"]
    assert set(ec2) == {"user_id", "tenant_id", "access", "secret", "trust_id", "links"}
    assert ec2["tenant_id"] == alice.project["id"] and ec2["trust_id"] is None
    assert ec2["links"]["self"].endswith(base + "/" + ec2["access"])
    status, _, body = cloud.request("GET", base + "/" + ec2["access"], token=alice.token)
    assert status == 200 and body["credential"]["secret"] == ec2["secret"]
    # Bob cannot list, read, create for or delete Alice's keys.
    assert cloud.request("GET", base, token=bob.token)[0] == 403
    assert cloud.request("GET", base + "/" + ec2["access"], token=bob.token)[0] == 403
    assert cloud.request("DELETE", base + "/" + ec2["access"], token=bob.token)[0] == 403
    assert cloud.request("POST", base, token=bob.token,
                         body={"tenant_id": bob.project["id"]})[0] == 403
    status, _, body = cloud.request("POST", base, token=alice.token, body={"tenant_id": "nope"})
    assert status == 404
    assert_error(body, 404, "Could not find project: nope.")
    status, _, body = cloud.request("GET", base + "/missing", token=alice.token)
    assert status == 404
    assert cloud.request("DELETE", base + "/" + ec2["access"], token=alice.token)[0] == 204
    assert cloud.request("GET", base + "/" + ec2["access"], token=alice.token)[0] == 404
    status, _, body = cloud.request("GET", base, token=alice.token)
    assert status == 200 and body["credentials"] == []


def signed(access, secret, host="ec2.example.org:8773", **params):
    """An EC2 signature v2 request as keystonemiddleware's ec2 token middleware sends it."""
    creds = {"access": access, "host": host, "verb": "GET", "path": "/services/Cloud",
             "params": dict({"SignatureVersion": "2", "Action": "DescribeInstances",
                             "AWSAccessKeyId": access,
                             "Timestamp": datetime.datetime.utcnow().strftime(
                                 "%Y-%m-%dT%H:%M:%SZ")}, **params)}
    creds["signature"] = Ec2Signer(secret).generate(copy.deepcopy(creds))
    return creds


def test_ec2tokens(cloud, unique):
    admin = cloud.admin_token()
    alice = Member(cloud, admin, unique)
    status, _, body = cloud.request("POST", "/v3/users/%s/credentials/OS-EC2" % alice.id,
                                    token=alice.token, body={"tenant_id": alice.project["id"]})
    ec2 = body["credential"]
    creds = signed(ec2["access"], ec2["secret"])
    status, hdrs, body = cloud.request("POST", "/v3/ec2tokens", token=admin,
                                       body={"credentials": creds})
    assert status == 200, body
    tok = body["token"]
    assert tok["methods"] == ["ec2credential"]
    assert tok["user"]["id"] == alice.id and tok["project"]["id"] == alice.project["id"]
    assert "catalog" in tok and hdrs["X-Subject-Token"]
    # A token from an EC2 credential is a delegated one: no credentials through it.
    status, _, _ = cloud.request("GET", "/v3/users/%s/credentials/OS-EC2" % alice.id,
                                 token=hdrs["X-Subject-Token"])
    assert status == 403
    # Signed without the port is accepted too, as some clients do.
    bare = signed(ec2["access"], ec2["secret"], host="ec2.example.org")
    bare["host"] = "ec2.example.org:8773"
    assert cloud.request("POST", "/v3/ec2tokens", token=admin,
                         body={"ec2Credentials": bare})[0] == 200

    wrong = signed(ec2["access"], "not-the-secret")
    assert cloud.request("POST", "/v3/ec2tokens", token=admin,
                         body={"credentials": wrong})[0] == 401
    stale = signed(ec2["access"], ec2["secret"], Timestamp="2001-01-01T00:00:00Z")
    assert cloud.request("POST", "/v3/ec2tokens", token=admin,
                         body={"credentials": stale})[0] == 401
    status, _, body = cloud.request("POST", "/v3/ec2tokens", token=admin,
                                    body={"credentials": signed("unknown", "x")})
    assert status == 404
    assert cloud.request("POST", "/v3/ec2tokens", token=admin, body={})[0] == 400
    # Only services and admins validate EC2 signatures.
    assert cloud.request("POST", "/v3/ec2tokens", token=alice.token,
                         body={"credentials": creds})[0] == 403
