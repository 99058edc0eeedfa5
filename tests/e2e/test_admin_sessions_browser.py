"""In two real Chromium contexts: a CSM signs in in one; the admin, in the other, finds them on the Users page
(Admin menu), opens their sessions and signs that browser out; the CSM's next page load is the login page."""

from __future__ import annotations

from typing import Any

import pytest

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.factories import PASSWORD, Tenant

pytestmark = pytest.mark.e2e


def _sign_in(context: Any, server_url: str, email: str) -> Any:
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{server_url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def test_an_admin_signs_another_browser_out(chromium: Any, server_url: str, tenant: Tenant) -> None:
    with unit_of_work() as s:
        csm_id = users_service.create_user(
            session=s, workspace_id=tenant.id,
            data=UserCreate(email="cody-browser@example.com", name="Cody", role=Role.csm, password=PASSWORD),
        ).id  # fmt: skip
    b = chromium.new_context(user_agent="Cody's Chromium")
    a = chromium.new_context()
    blocked: list[str] = []
    try:
        csm = _sign_in(b, server_url, "cody-browser@example.com")
        admin = _sign_in(a, server_url, tenant.user_emails["admin"])
        for page in (csm, admin):
            page.on(
                "console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None
            )
        admin.click("#nav-admin summary")
        admin.click("#nav-admin >> text=Users")
        admin.wait_for_url(f"{server_url}/admin/users")
        admin.click(f"#sessions-{csm_id}")
        admin.wait_for_url(f"{server_url}/admin/users/{csm_id}/sessions")
        row = admin.locator("#sessions tbody tr")
        assert row.count() == 1 and "Cody's Chromium" in row.inner_text() and "password" in row.inner_text()
        row.locator("button[type=submit]").click()
        admin.wait_for_selector("text=No signed-in browsers.")
        csm.reload()
        csm.wait_for_url(lambda url: "/login" in url)
        assert csm.locator("input[name=password]").count() == 1
        admin.reload()  # the admin's own browser is still signed in
        assert admin.url == f"{server_url}/admin/users/{csm_id}/sessions"
    finally:
        a.close()
        b.close()
    assert blocked == []
