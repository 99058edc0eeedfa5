"""Browser sessions: listed per user with device and last use; a user signs out their own, an admin any of
the workspace's, and the signed-out browser is sent to the login page at its next request."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.factories import PASSWORD, ApiClient, Tenant, assert_error, make_tenant
from tests.web.test_ui import _csrf, login


def _browser(app_client: TestClient, device: str) -> TestClient:
    return TestClient(app_client.app, headers={"User-Agent": device})


def _signed_in(browser: TestClient) -> bool:
    return browser.get("/accounts", follow_redirects=False).status_code == 200


@pytest.fixture
def admin_id(api: ApiClient) -> int:
    return next(u["id"] for u in api.get("/users").json() if u["role"] == "admin")


def test_an_admin_lists_and_revokes_a_session_at_once(
    app_client: TestClient, api: ApiClient, tenant: Tenant, admin_id: int
) -> None:
    laptop = login(_browser(app_client, "Laptop Firefox"), tenant.user_emails["admin"])
    phone = login(_browser(app_client, "Phone Safari"), tenant.user_emails["admin"])
    listed = api.get(f"/users/{admin_id}/sessions").json()
    assert [x["user_agent"] for x in listed] == ["Phone Safari", "Laptop Firefox"]
    assert all(x["last_used_at"] and x["expires_at"] for x in listed) and "digest" not in listed[0]
    assert api.delete(f"/sessions/{listed[0]['id']}").status_code == 204
    assert not _signed_in(phone) and _signed_in(laptop)
    assert_error(api.delete(f"/sessions/{listed[0]['id']}"), 404)
    record = api.get("/audit", params={"action": "session.revoke"}).json()["items"][0]
    assert record["object_id"] == admin_id and "Phone Safari" in record["note"]


def test_only_admins_of_the_workspace_reach_sessions(
    app_client: TestClient, api: ApiClient, tenant: Tenant, admin_id: int
) -> None:
    login(_browser(app_client, "Laptop"), tenant.user_emails["admin"])
    session_id = api.get(f"/users/{admin_id}/sessions").json()[0]["id"]
    for role in ("viewer", "manager"):
        assert_error(api.as_key(tenant.keys[role]).get(f"/users/{admin_id}/sessions"), 403)
        assert_error(api.as_key(tenant.keys[role]).delete(f"/sessions/{session_id}"), 403)
    stranger = api.as_key(make_tenant("Other").keys["admin"])
    assert_error(stranger.get(f"/users/{admin_id}/sessions"), 404)
    assert_error(stranger.delete(f"/sessions/{session_id}"), 404)
    assert len(api.get(f"/users/{admin_id}/sessions").json()) == 1


def test_a_user_signs_out_their_other_browser_then_this_one(app_client: TestClient, tenant: Tenant) -> None:
    laptop = login(_browser(app_client, "Laptop <b>Firefox</b>"), tenant.user_emails["admin"])
    phone = login(_browser(app_client, "Phone Safari"), tenant.user_emails["admin"])
    page = laptop.get("/account/sessions")
    assert page.status_code == 200 and "Laptop &lt;b&gt;Firefox&lt;/b&gt;" in page.text
    ids = [int(i) for i in re.findall(r'id="revoke-(\d+)"', page.text)]
    this = int(re.findall(r'id="session-(\d+)"><td>Laptop', page.text)[0])
    other = next(i for i in ids if i != this)
    assert laptop.post(f"/account/sessions/{other}/revoke", data={}).status_code == 403  # no CSRF token
    assert _signed_in(phone)
    laptop.post(f"/account/sessions/{other}/revoke", data={"csrf_token": _csrf(page.text)})
    assert not _signed_in(phone) and _signed_in(laptop)
    r = laptop.post(
        f"/account/sessions/{this}/revoke", data={"csrf_token": _csrf(page.text)}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert not _signed_in(laptop)


def test_a_user_cannot_revoke_someone_elses_session(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    with unit_of_work() as s:
        users_service.create_user(
            session=s, workspace_id=tenant.id,
            data=UserCreate(email="csm@example.com", name="Csm", role=Role.csm, password=PASSWORD),
        )  # fmt: skip
    admin = login(_browser(app_client, "Admin laptop"), tenant.user_emails["admin"])
    csm = login(_browser(app_client, "Csm laptop"), "csm@example.com")
    page = admin.get("/account/sessions").text
    admins_session = int(re.findall(r'id="revoke-(\d+)"', page)[0])
    token = _csrf(csm.get("/account/sessions").text)
    r = csm.post(f"/account/sessions/{admins_session}/revoke", data={"csrf_token": token})
    assert r.status_code == 404 and _signed_in(admin)
