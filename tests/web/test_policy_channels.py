"""The SLA policy form's channel filter: the channels ticked are the policy's filter (none ticked: every
channel), a channel that does not exist is named in the error, and a ticket on another channel gets no
clock from it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import ApiClient, Tenant
from tests.web.test_ui import _csrf, login


def test_policy_form_channels(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get("/support/policies")
    assert 'id="policy-channels"' in page.text and 'value="chat"' in page.text
    token = _csrf(page.text)
    form = {"name": "Live", "normal_first_response": "5", "channels": ["chat", "web"], "csrf_token": token}
    saved = browser.post("/support/policies", data=form)
    assert saved.status_code == 200 and "Chat, web" not in saved.text and "chat, web" in saved.text
    bad = browser.post("/support/policies", data={**form, "name": "Fax", "channels": ["fax"]})
    assert 'id="policy-error"' in bad.text and "channels" in bad.text
    every = browser.post("/support/policies", data={**form, "name": "All", "channels": []})
    assert every.status_code == 200
    policies = {p["name"]: p["filter"] for p in api.get("/sla/policies").json()}
    assert policies["Live"]["channels"] == ["chat", "web"] and "Fax" not in policies
    assert policies["All"].get("channels", []) == []
    agent = api.as_key(tenant.keys["agent"])
    by_mail = agent.post("/tickets", json={"subject": "Mail", "body": "x", "channel": "email"}).json()
    by_web = agent.post("/tickets", json={"subject": "Web", "body": "x", "channel": "web"}).json()
    ids = {p["name"]: p["id"] for p in api.get("/sla/policies").json()}
    assert by_web["sla_policy_id"] == ids["Live"] and by_mail["sla_policy_id"] == ids["All"]
