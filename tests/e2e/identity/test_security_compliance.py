"""Keystone's [security_compliance] on a cloud of its own: account lockout,
password expiry and change upon first use, password history, minimum
password age and the password strength regex, with Keystone's messages.
The session cloud (no such options) shows the defaults change nothing."""
import datetime
import importlib.util
import os
import shutil
import tempfile
import time

import pytest

# The session fixtures' module, loaded by path: its start_cloud takes extra options.
_spec = importlib.util.spec_from_file_location(
    "e2e_root_conftest_sc",
    os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "conftest.py"))
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)

LOCKOUT_ATTEMPTS = 2
LOCKOUT_DURATION = 8  # long enough for a loaded machine to check the lock within it
REGEX_DESCRIPTION = "at least 7 characters with a letter and a digit"


@pytest.fixture(scope="module")
def strict():
    workdir = tempfile.mkdtemp(prefix="onestack-e2e-sc-")
    sets = ["security_compliance.lockout_failure_attempts=%d" % LOCKOUT_ATTEMPTS,
            "security_compliance.lockout_duration=%d" % LOCKOUT_DURATION,
            "security_compliance.unique_last_password_count=2",
            "security_compliance.minimum_password_age=1",
            "security_compliance.password_expires_days=30",
            "security_compliance.change_password_upon_first_use=true",
            r"security_compliance.password_regex=^(?=.*\d)(?=.*[a-zA-Z]).{7,}$",
            "security_compliance.password_regex_description=" + REGEX_DESCRIPTION,
            # Its own database even when the session cloud uses PostgreSQL:
            # two clouds bootstrapping one database would fight over admin.
            "identity_database.connection=sqlite:///%s" % os.path.join(workdir, "identity.db")]
    c = _root.start_cloud(workdir, sets)
    yield c
    _root.stop_cloud(c)
    shutil.rmtree(workdir, ignore_errors=True)


def auth(cloud, user_id, password):
    """(status, body) of an unscoped password authentication."""
    status, _, body = cloud.request("POST", "/v3/auth/tokens", body={"auth": {"identity": {
        "methods": ["password"], "password": {"user": {"id": user_id, "password": password}}}}})
    return status, body


def change_own(cloud, user_id, original, new):
    return cloud.request("POST", "/v3/users/%s/password" % user_id, body={
        "user": {"original_password": original, "password": new}})


def make_user(cloud, admin, name, password, **options):
    body = {"user": {"name": name, "password": password, "options": options}}
    status, _, res = cloud.request("POST", "/v3/users", token=admin, body=body)
    assert status == 201, res
    return res["user"]


def admin_update(cloud, admin, user_id, **attrs):
    status, _, res = cloud.request("PATCH", "/v3/users/%s" % user_id, token=admin,
                                   body={"user": attrs})
    assert status == 200, res
    return res["user"]


def message(body):
    return body["error"]["message"]


def parse(ts):
    return datetime.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.%f")


@pytest.fixture(scope="module")
def admin(strict):
    return strict.admin_token()


# --- account lockout -------------------------------------------------------

def test_lockout_after_failures_then_released_after_duration(strict, admin, unique):
    user = make_user(strict, admin, unique("lock"), "good-pass-1",
                     ignore_change_password_upon_first_use=True)
    assert auth(strict, user["id"], "good-pass-1")[0] == 201
    for _ in range(LOCKOUT_ATTEMPTS):
        status, body = auth(strict, user["id"], "wrong-pass-1")
        assert status == 401
        assert message(body) == "The request you have made requires authentication."
    # Locked: even the right password is refused, and says why.
    status, body = auth(strict, user["id"], "good-pass-1")
    assert status == 401
    assert message(body) == "The account is locked for user: %s." % user["id"]
    time.sleep(LOCKOUT_DURATION + 1)  # wait for the lockout to run out
    assert auth(strict, user["id"], "good-pass-1")[0] == 201


def test_success_resets_the_failure_count(strict, admin, unique):
    user = make_user(strict, admin, unique("reset"), "good-pass-1",
                     ignore_change_password_upon_first_use=True)
    for _ in range(3):
        for _ in range(LOCKOUT_ATTEMPTS - 1):
            assert auth(strict, user["id"], "wrong-pass-1")[0] == 401
        assert auth(strict, user["id"], "good-pass-1")[0] == 201


def test_admin_update_unlocks(strict, admin, unique):
    user = make_user(strict, admin, unique("unlock"), "good-pass-1",
                     ignore_change_password_upon_first_use=True)
    for _ in range(LOCKOUT_ATTEMPTS):
        auth(strict, user["id"], "wrong-pass-1")
    assert message(auth(strict, user["id"], "good-pass-1")[1]).startswith("The account is locked")
    admin_update(strict, admin, user["id"], password="reset-pass-2")
    assert auth(strict, user["id"], "reset-pass-2")[0] == 201


def test_ignore_lockout_failure_attempts_option(strict, admin, unique):
    user = make_user(strict, admin, unique("nolock"), "good-pass-1",
                     ignore_change_password_upon_first_use=True,
                     ignore_lockout_failure_attempts=True)
    for _ in range(LOCKOUT_ATTEMPTS + 3):
        assert auth(strict, user["id"], "wrong-pass-1")[0] == 401
    assert auth(strict, user["id"], "good-pass-1")[0] == 201


def test_wrong_original_password_counts_towards_lockout(strict, admin, unique):
    user = make_user(strict, admin, unique("selflock"), "good-pass-1",
                     ignore_change_password_upon_first_use=True)
    for _ in range(LOCKOUT_ATTEMPTS):
        status, _, _ = change_own(strict, user["id"], "wrong-pass-1", "other-pass-2")
        assert status == 401
    status, _, body = change_own(strict, user["id"], "good-pass-1", "other-pass-2")
    assert status == 401
    assert message(body) == "The account is locked for user: %s." % user["id"]


# --- expiry and change upon first use ---------------------------------------

def test_change_password_upon_first_use(strict, admin, unique):
    user = make_user(strict, admin, unique("first"), "first-pass-1")
    status, body = auth(strict, user["id"], "first-pass-1")
    assert status == 401
    assert message(body) == ("The password is expired and needs to be changed for user: %s."
                             % user["id"])
    # The expired password still changes itself; the new one works.
    status, _, body = change_own(strict, user["id"], "first-pass-1", "second-pass-2")
    assert status == 204, body
    assert auth(strict, user["id"], "second-pass-2")[0] == 201
    # An administrative reset must be changed again.
    admin_update(strict, admin, user["id"], password="third-pass-3")
    assert auth(strict, user["id"], "third-pass-3")[0] == 401


def test_password_expires_days(strict, admin, unique):
    user = make_user(strict, admin, unique("expiry"), "some-pass-1",
                     ignore_change_password_upon_first_use=True)
    expires = parse(user["password_expires_at"])
    delta = expires - datetime.datetime.utcnow()
    assert datetime.timedelta(days=29) < delta <= datetime.timedelta(days=30)
    exempt = make_user(strict, admin, unique("exempt"), "some-pass-1",
                       ignore_change_password_upon_first_use=True, ignore_password_expiry=True)
    assert exempt["password_expires_at"] is None
    assert auth(strict, exempt["id"], "some-pass-1")[0] == 201


def test_ignore_password_expiry_covers_first_use(strict, admin, unique):
    user = make_user(strict, admin, unique("noexpiry"), "some-pass-1",
                     ignore_password_expiry=True)
    assert auth(strict, user["id"], "some-pass-1")[0] == 201


# --- history, minimum age, regex -------------------------------------------

def test_password_history_on_self_service_not_on_admin_reset(strict, admin, unique):
    user = make_user(strict, admin, unique("hist"), "pass-one-1")
    assert change_own(strict, user["id"], "pass-one-1", "pass-two-2")[0] == 204
    # An administrator may reuse anything (and resets the minimum age).
    admin_update(strict, admin, user["id"], password="pass-two-2")
    admin_update(strict, admin, user["id"], password="pass-three-3")
    # History: the current password and the previous one (unique count 2).
    for reused in ("pass-three-3", "pass-two-2"):
        status, _, body = change_own(strict, user["id"], "pass-three-3", reused)
        assert status == 400, body
        assert message(body) == (
            "The new password cannot be identical to a previous password. The total number "
            "which includes the new password must be unique is 2.")
    status, _, body = change_own(strict, user["id"], "pass-three-3", "pass-one-1")
    assert status == 204, body
    assert auth(strict, user["id"], "pass-one-1")[0] == 201


def test_minimum_password_age(strict, admin, unique):
    user = make_user(strict, admin, unique("age"), "pass-one-1")
    assert change_own(strict, user["id"], "pass-one-1", "pass-two-2")[0] == 204
    status, _, body = change_own(strict, user["id"], "pass-two-2", "pass-three-3")
    assert status == 400
    assert message(body) == (
        "You cannot change your password at this time due to the minimum password age. Once "
        "you change your password, it must be used for 1 day(s) before it can be changed. "
        "Please try again in 0 day(s) or contact your administrator to reset your password.")
    assert auth(strict, user["id"], "pass-two-2")[0] == 201


def test_password_regex(strict, admin, unique):
    status, _, body = strict.request("POST", "/v3/users", token=admin, body={
        "user": {"name": unique("weak"), "password": "short"}})
    assert status == 400
    assert message(body) == "The password does not match the requirements: %s." % (
        REGEX_DESCRIPTION)
    user = make_user(strict, admin, unique("strong"), "strong-pass-1")
    status, _, body = strict.request("PATCH", "/v3/users/%s" % user["id"], token=admin,
                                     body={"user": {"password": "nodigits"}})
    assert status == 400 and REGEX_DESCRIPTION in message(body)
    status, _, body = change_own(strict, user["id"], "strong-pass-1", "1234567")
    assert status == 400 and REGEX_DESCRIPTION in message(body)
    status, _, body = strict.request("POST", "/v3/users", token=admin, body={
        "user": {"name": unique("null"), "password": None}})
    assert status == 400
    assert message(body) == "Password validation error: Password must be a string type."


def test_lock_password_option_still_refuses_self_service(strict, admin, unique):
    user = make_user(strict, admin, unique("locked-pw"), "pass-one-1", lock_password=True)
    status, _, body = change_own(strict, user["id"], "pass-one-1", "pass-two-2")
    assert status == 400
    assert message(body).startswith("You cannot change your password at this time due to "
                                    "password policy disallowing password changes.")


def test_bootstrap_admin_keeps_working(strict):
    assert strict.admin_token()


# --- defaults ------------------------------------------------------------------

def test_defaults_never_lock_or_expire(cloud, unique):
    admin = cloud.admin_token()
    user = make_user(cloud, admin, unique("dflt"), "pw")
    assert user["password_expires_at"] is None
    for _ in range(6):
        assert auth(cloud, user["id"], "wrong")[0] == 401
    assert auth(cloud, user["id"], "pw")[0] == 201
    # No history by default: the same password may be set again by its user.
    status, _, body = change_own(cloud, user["id"], "pw", "pw")
    assert status == 204, body
    status, _, body = change_own(cloud, user["id"], "pw", "pw2")
    assert status == 204, body
