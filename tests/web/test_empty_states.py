"""Empty states speak to the person reading them: the cockpit tells a CSM where CTAs come from (no API
calls), and points managers to the rule builder; the rules page does the same."""

from __future__ import annotations

from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.factories import PASSWORD, Tenant
from tests.web.test_ui import login


def test_cockpit_and_rules_empty_states(app_client: TestClient, tenant: Tenant) -> None:
    with unit_of_work() as s:
        users_service.create_user(
            session=s,
            workspace_id=tenant.id,
            data=UserCreate(email="csm-empty@example.com", name="Cass", role=Role.csm, password=PASSWORD),
        )
    csm = login(TestClient(app_client.app), "csm-empty@example.com")
    cockpit = csm.get("/cockpit").text
    assert 'id="cockpit-empty"' in cockpit and "/api/v1" not in cockpit
    assert 'href="/accounts"' in cockpit and 'href="/rules/new"' not in cockpit  # CSMs do not write rules
    rules = csm.get("/rules").text
    assert "/api/v1" not in rules and "Managers and admins write them." in rules

    admin = login(TestClient(app_client.app), tenant.user_emails["admin"])
    assert 'href="/rules/new">Write a rule</a>' in admin.get("/cockpit").text
    assert 'href="/rules/new">Write one in the rule builder</a>' in admin.get("/rules").text
