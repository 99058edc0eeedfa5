"""The rule builder's live preview over HTTP: the token in a header, managers only, a half-written rule
answered 422 with where it is wrong, and only the signed-in workspace's accounts counted."""

from __future__ import annotations

from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.factories import PASSWORD, ApiClient, Tenant, make_tenant
from tests.web.test_ui import _csrf, login

URL = "/rules/editor/preview"
RULE = {
    "trigger": {"kind": "schedule"},
    "conditions": [{"field": "segment", "op": "eq", "value": "SMB"}],
    "actions": [{"kind": "create_cta", "type": "risk", "reason": "check in"}],
}


def test_live_preview(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    for n, segment in enumerate(("SMB", "SMB", "Enterprise")):
        api.post("/accounts", json={"external_id": f"a{n}", "name": f"Co {n}", "segment": segment})
    other = make_tenant("Elsewhere")
    ApiClient(app_client, other.keys["admin"]).post(
        "/accounts", json={"external_id": "x", "name": "Not yours", "segment": "SMB"}
    )
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get("/rules/new")
    assert 'src="/static/rule-builder.js"' in page.text and '"days_to_renewal": "number"' in page.text
    token = _csrf(page.text)

    assert browser.post(URL, json=RULE).status_code == 403  # no token
    assert browser.post(URL, json=RULE, headers={"X-CSRF-Token": "forged"}).status_code == 403
    shown = browser.post(URL, json=RULE, headers={"X-CSRF-Token": token})
    assert shown.status_code == 200
    body = shown.json()
    assert (body["matched"], body["accounts_checked"]) == (2, 3)  # the other workspace's SMB account unseen
    assert {a["name"] for a in body["accounts"]} == {"Co 0", "Co 1"}
    assert api.get("/rules").json() == []  # a preview writes nothing

    half = {**RULE, "conditions": [{"field": "mood", "op": "eq", "value": "x"}], "actions": []}
    wrong = browser.post(URL, json=half, headers={"X-CSRF-Token": token})
    assert wrong.status_code == 422
    locs = [d["loc"] for d in wrong.json()["detail"]]
    assert ["body", "conditions", 0, "field"] in locs and ["body", "actions"] in locs
    for junk in ("[1, 2]", "not json", "null"):
        headers = {"X-CSRF-Token": token, "Content-Type": "application/json"}
        answer = browser.post(URL, content=junk, headers=headers)
        assert answer.status_code == 422 and answer.json()["detail"][0]["msg"]

    with unit_of_work() as s:
        users_service.create_user(
            session=s,
            workspace_id=tenant.id,
            data=UserCreate(email="csm-rules@example.com", name="Cass", role=Role.csm, password=PASSWORD),
        )
    csm = login(TestClient(app_client.app), "csm-rules@example.com")
    csm_token = _csrf(csm.get("/rules").text)
    assert csm.post(URL, json=RULE, headers={"X-CSRF-Token": csm_token}).status_code == 403
    assert csm.get("/rules/new").status_code == 403
