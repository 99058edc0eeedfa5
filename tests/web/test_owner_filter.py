"""The owner filters (accounts, portfolio) list each user once; two users of the same name are told apart
by their e-mail address rather than shown as one name twice."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.factories import ApiClient, Tenant
from tests.web.test_ui import login


def test_each_owner_once(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    with unit_of_work() as s:
        for email in ("maya@example.com", "maya.chen@example.com"):  # a CSM given a second login
            users_service.create_user(
                session=s,
                workspace_id=tenant.id,
                data=UserCreate(email=email, name="Maya Chen", role=Role.csm),
            )
    api.post("/accounts", json={"external_id": "a", "name": "Acme"})
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    for path, select in (
        ("/accounts", 'name="owner_id" aria-label="Owner"'),
        ("/portfolio", 'name="owner_id" multiple'),
    ):
        page = browser.get(path).text
        options = re.findall(
            r"<option value=\"\d+\"[^>]*>([^<]+)</option>", page.split(select, 1)[1].split("</select>")[0]
        )
        assert len(options) == len(set(options)) == len(tenant.user_emails) + 2, (path, options)
        assert "Maya Chen (maya@example.com)" in options and "Maya Chen (maya.chen@example.com)" in options
        assert "Admin User" in " ".join(options)  # unique names stay plain
