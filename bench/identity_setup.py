#!/usr/bin/python3
"""Creates the benchmark's project and user on an identity endpoint
(idempotent): project "bench", user "bench4" (password "bench-pass", member
and reader there). Usage: identity_setup.py AUTH_URL ADMIN_PASSWORD"""
import sys

import openstack

conn = openstack.connect(auth_url=sys.argv[1], username="admin", password=sys.argv[2],
                         project_name="admin", user_domain_name="Default",
                         project_domain_name="Default", identity_api_version="3")
idm = conn.identity
project = idm.find_project("bench", domain_id="default") or idm.create_project(
    name="bench", domain_id="default")
user = idm.find_user("bench4", domain_id="default") or idm.create_user(
    name="bench4", password="bench-pass", domain_id="default", default_project_id=project.id)
for name in ("member", "reader"):
    role = idm.find_role(name) or idm.create_role(name=name)
    idm.assign_project_role_to_user(project, user, role)
print("bench user ready")
