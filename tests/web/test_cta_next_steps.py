"""A CTA's page offers only the steps its status can take next: a finished CTA is reopened, never started."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.factories import ApiClient, Tenant
from tests.web.test_ui import _csrf, login

STEP = re.compile(r'name="status" value="([a-z_]+)"><button[^>]*>([^<]+)</button>')


def test_buttons_follow_the_status(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    account = api.post("/accounts", json={"external_id": "a", "name": "Acme"}).json()
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    token = _csrf(browser.get(f"/accounts/{account['id']}").text)
    made = browser.post(
        f"/accounts/{account['id']}/ctas",
        data={"type": "risk", "reason": "Sponsor left", "priority": "high", "csrf_token": token},
        follow_redirects=False,
    )
    act = made.headers["location"] + "/act"

    def steps(page: str) -> list[tuple[str, str]]:
        return STEP.findall(page)

    opened = browser.get(made.headers["location"]).text
    assert steps(opened) == [("in_progress", "Start"), ("done", "Done"), ("cancelled", "Cancel")]
    started = browser.post(act, data={"action": "status", "status": "in_progress", "csrf_token": token}).text
    assert steps(started) == [("done", "Done"), ("cancelled", "Cancel"), ("open", "Back to open")]
    done = browser.post(act, data={"action": "status", "status": "done", "csrf_token": token}).text
    assert 'id="cta-status">Done' in done and steps(done) == [("open", "Reopen")]
    cancelled = browser.post(act, data={"action": "status", "status": "cancelled", "csrf_token": token}).text
    assert steps(cancelled) == [("open", "Reopen")]
