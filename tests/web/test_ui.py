"""UI over HTTP: login/logout, CSRF, redirects, escaping, roles, isolation and security headers."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.factories import PASSWORD, ApiClient, Tenant, make_tenant


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


def login(client: TestClient, email: str, password: str = PASSWORD, next_: str = "/accounts") -> TestClient:
    page = client.get("/login")
    r = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": _csrf(page.text), "next": next_},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return client


@pytest.fixture
def browser(app_client: TestClient) -> TestClient:
    """A fresh cookie jar on the shared app."""
    return TestClient(app_client.app)


def test_pages_redirect_to_login_and_back(browser: TestClient, tenant: Tenant) -> None:
    r = browser.get("/accounts?q=acme", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Faccounts%3Fq%3Dacme"
    page = browser.get("/login")
    r = browser.post(
        "/login",
        data={
            "email": tenant.user_emails["admin"],
            "password": PASSWORD,
            "csrf_token": _csrf(page.text),
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert r.headers["location"] == "/accounts"


def test_bad_login_and_login_csrf(browser: TestClient, tenant: Tenant) -> None:
    page = browser.get("/login")
    r = browser.post(
        "/login",
        data={
            "email": tenant.user_emails["admin"],
            "password": "wrong password",
            "csrf_token": _csrf(page.text),
        },
    )
    assert r.status_code == 401 and "do not match" in r.text and tenant.user_emails["admin"] in r.text
    r = browser.post(
        "/login", data={"email": tenant.user_emails["admin"], "password": PASSWORD, "csrf_token": "forged"}
    )
    assert r.status_code == 403
    assert browser.get("/accounts", follow_redirects=False).status_code == 303


def test_logout_ends_the_session(browser: TestClient, tenant: Tenant) -> None:
    login(browser, tenant.user_emails["admin"])
    page = browser.get("/accounts")
    assert page.status_code == 200 and "No accounts yet" in page.text
    cookie = browser.cookies.get("steward_session")
    r = browser.post("/logout", data={"csrf_token": "wrong"}, follow_redirects=False)
    assert r.status_code == 403
    r = browser.post("/logout", data={"csrf_token": _csrf(page.text)}, follow_redirects=False)
    assert r.status_code == 303
    stale = TestClient(browser.app, cookies={"steward_session": cookie or ""})
    assert stale.get("/accounts", follow_redirects=False).status_code == 303


def test_account_page_escapes_and_logs_activity(browser: TestClient, api: ApiClient, tenant: Tenant) -> None:
    acc = api.post(
        "/accounts", json={"external_id": "x", "name": "<script>alert(1)</script>", "segment": "SMB"}
    ).json()
    login(browser, tenant.user_emails["admin"])
    listing = browser.get("/accounts")
    assert (
        "<script>alert(1)</script>" not in listing.text
        and "&lt;script&gt;alert(1)&lt;/script&gt;" in listing.text
    )
    page = browser.get(f"/accounts/{acc['id']}")
    token = _csrf(page.text)
    r = browser.post(
        f"/accounts/{acc['id']}/activities",
        data={"kind": "note", "subject": "Kickoff done", "csrf_token": "bad"},
    )
    assert r.status_code == 403
    r = browser.post(
        f"/accounts/{acc['id']}/activities", data={"kind": "note", "subject": "", "csrf_token": token}
    )
    assert r.status_code == 422 and "error" in r.text
    r = browser.post(
        f"/accounts/{acc['id']}/activities",
        data={
            "kind": "call",
            "subject": "<b>QBR</b>",
            "body": "went well",
            "csrf_token": token,
            "occurred_at": "2026-03-01T09:30",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = browser.get(f"/accounts/{acc['id']}")
    # the time as logged, in the user's zone, written the English way (the moment filter)
    assert "&lt;b&gt;QBR&lt;/b&gt;" in page.text and "Mar 1, 2026, 9:30\u202fAM" in page.text
    items = api.get("/timeline", params={"account_id": acc["id"]}).json()["items"]
    assert [i["subject"] for i in items] == ["<b>QBR</b>"] and items[0]["author_name"]


def test_viewer_cannot_log_and_other_workspace_is_404(
    browser: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    acc = api.post("/accounts", json={"external_id": "x", "name": "Visible"}).json()
    with unit_of_work() as s:
        users_service.create_user(
            session=s,
            workspace_id=tenant.id,
            data=UserCreate(
                email="viewer-ui@example.com", name="Vera Viewer", role=Role.viewer, password=PASSWORD
            ),
        )
    login(browser, "viewer-ui@example.com")
    page = browser.get(f"/accounts/{acc['id']}")
    assert page.status_code == 200 and "Log activity" not in page.text
    r = browser.post(
        f"/accounts/{acc['id']}/activities",
        data={"kind": "note", "subject": "x", "csrf_token": _csrf(page.text)},
    )
    assert r.status_code == 403
    other = make_tenant("Other")
    stranger = TestClient(browser.app)
    login(stranger, other.user_emails["admin"])
    assert stranger.get(f"/accounts/{acc['id']}").status_code == 404


def test_security_headers(browser: TestClient) -> None:
    r = browser.get("/login")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_nul_in_login_is_a_failed_login_not_an_error(browser: TestClient) -> None:
    page = browser.get("/login")
    r = browser.post("/login", data={"email": "a\x00@b.io", "password": "x", "csrf_token": _csrf(page.text)})
    assert r.status_code == 401
    assert browser.get("/accounts?q=%00").status_code == 422
