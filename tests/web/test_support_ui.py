"""The SLA policy admin page over HTTP: a calendar and a policy (with a periodic-update target) from the
forms, a bad target named, a policy deleted (with a CSRF token), a second delete answered."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import ApiClient, Tenant
from tests.web.test_ui import _csrf, login


def test_policy_forms(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get("/support/policies")
    assert page.status_code == 200 and "No policy yet" in page.text and "Periodic update" in page.text
    token = _csrf(page.text)
    calendar = {"name": "Berlin", "time_zone": "Europe/Berlin", "day_mon": "1", "opens": "09:00",
                "closes": "17:00", "csrf_token": token}  # fmt: skip
    assert "Berlin" in browser.post("/support/calendars", data=calendar).text
    calendar_id = api.get("/sla/calendars").json()[0]["id"]
    bad = browser.post(
        "/support/policies", data={"name": "Gold", "normal_first_response": "soon", "csrf_token": token}
    )
    assert 'id="policy-error"' in bad.text and "first_response" in bad.text
    form = {"name": "Gold", "normal_first_response": "60", "normal_periodic_update": "240",
            "calendar_id": str(calendar_id), "csrf_token": token}  # fmt: skip
    saved = browser.post("/support/policies", data=form)
    assert saved.status_code == 200 and 'id="policies"' in saved.text
    [policy] = api.get("/sla/policies").json()
    assert policy["targets"]["normal"]["periodic_update"] == 240 and policy["calendar_id"] == calendar_id

    assert (
        browser.post(f"/support/policies/{policy['id']}/delete", data={"csrf_token": "forged"}).status_code
        == 403
    )
    gone = browser.post(f"/support/policies/{policy['id']}/delete", data={"csrf_token": token})
    assert "No policy yet" in gone.text and api.get("/sla/policies").json() == []
    again = browser.post(f"/support/policies/{policy['id']}/delete", data={"csrf_token": token})
    assert 'id="policy-error"' in again.text
