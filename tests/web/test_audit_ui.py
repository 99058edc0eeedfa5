"""The audit log in the browser's HTTP: sign-in, failed sign-in and sign-out recorded; the admin page, its
filters, escaping, export and retention form (CSRF); other roles refused."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.factories import PASSWORD, ApiClient, Tenant
from tests.web.test_ui import _csrf, login


@pytest.fixture
def browser(app_client: TestClient) -> TestClient:
    return TestClient(app_client.app)


def _actions(api: ApiClient, **params: object) -> list[tuple[str, str, str]]:
    items = api.get("/audit", params=params).json()["items"]
    return [(i["action"], i["actor_type"], i["actor_name"]) for i in items]


def test_sign_in_failure_and_sign_out_are_recorded(
    browser: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    email = tenant.user_emails["admin"]
    for who in (email, "nobody@example.com"):  # an address no account has belongs to no workspace's log
        page = browser.get("/login")
        r = browser.post(
            "/login", data={"email": who, "password": "wrong password", "csrf_token": _csrf(page.text)}
        )
        assert r.status_code == 401
    login(browser, email)
    accounts = browser.get("/accounts")
    browser.post("/logout", data={"csrf_token": _csrf(accounts.text)}, follow_redirects=False)
    assert _actions(api) == [
        ("auth.sign_out", "user", email),
        ("auth.sign_in", "user", email),
        ("auth.sign_in_failed", "anonymous", email),
    ]
    failed = api.get("/audit", params={"action": "auth.sign_in_failed"}).json()["items"][0]
    assert failed["client_ip"] == "testclient" and failed["note"] and failed["object_type"] == "user"


def test_the_admin_page_filters_escapes_exports_and_sets_retention(
    browser: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    api.post("/api-keys", json={"name": "<script>alert(1)</script>", "role": "viewer"})
    login(browser, tenant.user_emails["admin"])
    page = browser.get("/admin/audit")
    assert page.status_code == 200
    assert (
        "<script>alert(1)</script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    )
    assert "api_key.create" in page.text and "auth.sign_in" in page.text
    only_keys = browser.get("/admin/audit", params={"action": "api_key."})
    assert "api_key.create" in only_keys.text and "auth.sign_in<" not in only_keys.text
    assert 'href="/admin/audit/export.csv?action=api_key.' in only_keys.text
    assert browser.get("/admin/audit", params={"actor_type": "robot"}).status_code == 422

    export = browser.get("/admin/audit/export.csv", params={"action": "api_key."})
    assert [row["action"] for row in csv.DictReader(io.StringIO(export.text))] == ["api_key.create"]

    csrf = _csrf(page.text)
    assert browser.post("/admin/audit/retention", data={"retention_days": "90"}).status_code == 403
    bad = browser.post("/admin/audit/retention", data={"retention_days": "5", "csrf_token": csrf})
    assert (
        bad.status_code == 200 and 'id="retention-error"' in bad.text and "Retention not changed" in bad.text
    )
    browser.post("/admin/audit/retention", data={"retention_days": "90", "csrf_token": csrf})
    assert api.get("/audit/retention").json() == {"retention_days": 90}
    mine = api.get("/audit", params={"actor_type": "user"}).json()["items"]
    assert [i["action"] for i in mine][:2] == ["audit_settings.create", "audit.export"]
    assert mine[0]["actor_name"] == tenant.user_emails["admin"]


def test_other_roles_cannot_open_the_log(browser: TestClient, tenant: Tenant) -> None:
    with unit_of_work() as s:
        users_service.create_user(
            session=s, workspace_id=tenant.id,
            data=UserCreate(email="mgr@example.com", name="Manager", role=Role.manager, password=PASSWORD),
        )  # fmt: skip
    login(browser, "mgr@example.com")
    assert browser.get("/admin/audit").status_code == 403
    assert browser.get("/admin/audit/export.jsonl").status_code == 403
    csrf = _csrf(browser.get("/accounts").text)
    assert (
        browser.post("/admin/audit/retention", data={"retention_days": "90", "csrf_token": csrf}).status_code
        == 403
    )
