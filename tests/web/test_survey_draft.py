"""The survey builder creates a survey as a draft (nobody is asked, its public link takes no answers) until
a manager activates it from the survey's page: CSRF and the manager role checked, other workspaces' surveys
not found, and everything else about the survey kept."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.factories import ApiClient, Tenant, make_tenant
from tests.web.test_ui import _csrf, login

FORM = {"name": "Pulse", "kind": "nps", "purpose": "transactional", "points": "5", "reminder_days": "3",
        "expires_days": "14", "questions": "why | text | What should we fix first? | | <=6"}  # fmt: skip


def test_builder_drafts_then_a_manager_activates(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get("/surveys/new").text
    assert re.search(r'<option value="draft"\s+selected>', page)  # the form's default
    token = _csrf(page)
    made = browser.post(
        "/surveys/new", data={**FORM, "status": "draft", "csrf_token": token}, follow_redirects=False
    )
    survey_id = int(made.headers["location"].rsplit("/", 1)[1])
    stored = api.get(f"/surveys/{survey_id}").json()
    assert stored["status"] == "draft"
    shown = browser.get(f"/surveys/{survey_id}").text
    assert 'id="activate-button"' in shown and 'id="send-form"' not in shown
    assert browser.get(f"/s/p/{stored['public_key']}").status_code == 404  # a draft takes no answers
    contact = api.post("/contacts", json={"external_id": "c", "name": "Cleo", "email": "c@x.test"}).json()
    refused = api.post(f"/surveys/{survey_id}/send", json={"contact_ids": [contact["id"]]})
    assert refused.status_code == 409 and "draft" in refused.json()["detail"][0]["msg"]

    activate = f"/surveys/{survey_id}/activate"
    assert browser.post(activate, data={"csrf_token": "forged"}).status_code == 403
    other = make_tenant("Elsewhere")
    theirs = (
        ApiClient(app_client, other.keys["admin"]).post("/surveys", json={"name": "T", "kind": "nps"}).json()
    )
    assert browser.post(f"/surveys/{theirs['id']}/activate", data={"csrf_token": token}).status_code == 404
    done = browser.post(activate, data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/surveys/{survey_id}#send"
    after = api.get(f"/surveys/{survey_id}").json()
    assert after["status"] == "active"
    assert {k: v for k, v in after.items() if k not in ("status", "updated_at")} == {
        k: v for k, v in stored.items() if k not in ("status", "updated_at")
    }
    assert 'id="send-form"' in browser.get(f"/surveys/{survey_id}").text
    assert api.post(f"/surveys/{survey_id}/send", json={"contact_ids": [contact["id"]]}).status_code == 200
