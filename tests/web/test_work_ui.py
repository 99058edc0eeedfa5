"""The CTA forms over HTTP: CSRF required, roles checked, bad input answered on the page, other
workspaces' CTAs not found, user text escaped."""

from __future__ import annotations

import base64
import re
from datetime import date

from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.renewals import service as renewals_service
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.factories import PASSWORD, ApiClient, Tenant, make_tenant
from tests.factories.charts import chart_spec, values
from tests.web.test_ui import _csrf, login


def test_cta_forms(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    account = api.post("/accounts", json={"external_id": "a", "name": "Acme"}).json()
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get(f"/accounts/{account['id']}")
    token = _csrf(page.text)
    form = {"type": "risk", "reason": "<b>Sponsor</b> left", "priority": "high"}
    assert browser.post(f"/accounts/{account['id']}/ctas", data=form).status_code == 403  # no CSRF token
    r = browser.post(
        f"/accounts/{account['id']}/ctas", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/ctas/")
    cta_page = browser.get(r.headers["location"])
    assert "&lt;b&gt;Sponsor&lt;/b&gt; left" in cta_page.text and "<b>Sponsor</b>" not in cta_page.text

    again = browser.post(
        f"/accounts/{account['id']}/ctas", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert "cta_error=" in again.headers["location"]  # the same open reason: said on the account page
    shown = browser.get(again.headers["location"])
    assert "has an open risk CTA" in shown.text

    act = r.headers["location"] + "/act"
    bad = browser.post(
        act, data={"action": "snooze", "until": "2001-01-01", "reason": "x", "csrf_token": token}
    )
    assert bad.status_code == 422 and "snooze until a day after today" in bad.text
    bad = browser.post(act, data={"action": "comment", "body": "", "csrf_token": token})
    assert bad.status_code == 422
    done = browser.post(act, data={"action": "status", "status": "done", "csrf_token": token})
    assert done.status_code == 200 and 'id="cta-status">Done' in done.text

    with unit_of_work() as s:
        vic = UserCreate(
            email="viewer-work@example.com", name="Vic Viewer", role=Role.viewer, password=PASSWORD
        )
        users_service.create_user(session=s, workspace_id=tenant.id, data=vic)
    viewer = login(TestClient(app_client.app), "viewer-work@example.com")
    seen = viewer.get(r.headers["location"])
    assert seen.status_code == 200 and "Add comment" not in seen.text
    assert (
        viewer.post(act, data={"action": "comment", "body": "x", "csrf_token": _csrf(seen.text)}).status_code
        == 403
    )
    stranger = login(TestClient(app_client.app), make_tenant("Elsewhere").user_emails["admin"])
    assert stranger.get(r.headers["location"]).status_code == 404
    assert stranger.get("/cockpit").status_code == 200


def test_rules_pages(app_client: TestClient, demo: ApiClient) -> None:
    from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD

    browser = login(TestClient(app_client.app), DEMO_EMAIL, DEMO_PASSWORD)
    listing = browser.get("/rules")
    assert listing.status_code == 200 and len(re.findall(r'href="/rules/\d+"', listing.text)) == 5
    rule = demo.get("/rules").json()[0]
    page = browser.get(f"/rules/{rule['id']}")
    assert "Matches now:" in page.text and 'id="rule-state">on' in page.text
    # The matches come after load (the card's contents), or as a page of their own without script.
    count = demo.post("/rules/preview", json={k: rule[k] for k in ("trigger", "conditions", "actions")})
    heading = f"Matches now: {count.json()['matched']} of {count.json()['accounts_checked']}"
    assert f'data-url="/rules/{rule["id"]}/matches?part=1"' in page.text and heading not in page.text
    part = browser.get(f"/rules/{rule['id']}/matches?part=1")
    assert part.status_code == 200 and part.text.startswith(f"<h2>{heading}</h2>")
    assert "<html" not in part.text
    assert heading in browser.get(f"/rules/{rule['id']}/matches").text
    assert browser.get("/rules/999999/matches?part=1").status_code == 404
    act = f"/rules/{rule['id']}/act"
    assert browser.post(act, data={"action": "disable"}).status_code == 403  # no CSRF token
    off = browser.post(act, data={"action": "disable", "csrf_token": _csrf(page.text)})
    assert off.status_code == 200 and 'id="rule-state">off' in off.text
    ran = browser.post(act, data={"action": "run", "csrf_token": _csrf(page.text)})
    assert ran.status_code == 200 and "<td>manual</td>" in ran.text
    assert demo.get(f"/rules/{rule['id']}").json()["enabled"] is False


def test_renewal_forms(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    account = api.post("/accounts", json={"external_id": "a", "name": "<i>Acme</i>"}).json()
    term = {"external_id": "S1", "account_id": account["id"], "plan": "Pro", "amount_minor": 100_00,
            "currency": "USD", "billing_period": "year", "start_date": "2026-01-01",
            "end_date": "2099-01-01"}  # fmt: skip
    assert api.post("/subscriptions", json=term).status_code == 201
    assert api.put("/renewals/settings", json={"lead_days": 730}).status_code == 200
    with unit_of_work() as s:  # the term ends far out: open it as if it were due
        renewals_service.open_due(session=s, workspace_id=tenant.id, today=date(2097, 6, 1))
    rid = api.get("/renewals").json()["items"][0]["id"]
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get("/renewals")
    assert "&lt;i&gt;Acme&lt;/i&gt;" in page.text and "<i>Acme</i>" not in page.text
    token = _csrf(page.text)
    close = {"action": "close", "outcome": "upsell", "amount": "abc"}
    assert browser.post(f"/renewals/{rid}/act", data=close).status_code == 403  # no CSRF token
    bad = browser.post(f"/renewals/{rid}/act", data={**close, "csrf_token": token}, follow_redirects=False)
    assert "error=" in bad.headers["location"] and "not a number" in browser.get(bad.headers["location"]).text
    low = browser.post(f"/renewals/{rid}/act", data={**close, "amount": "50", "csrf_token": token})
    assert "an upsell renews above the current ARR" in low.text
    assert api.get(f"/renewals/{rid}").json()["status"] == "open"  # nothing changed
    done = browser.post(f"/renewals/{rid}/act", data={**close, "amount": "1,250.00", "csrf_token": token})
    assert done.status_code == 200
    assert api.get(f"/renewals/{rid}").json()["outcome_arr_minor"] == 125_000
    assert browser.post("/renewals/999999/act", data={**close, "csrf_token": token}).status_code == 404


def test_plan_forms(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    account = api.post("/accounts", json={"external_id": "a", "name": "Acme"}).json()
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    token = _csrf(browser.get(f"/accounts/{account['id']}").text)
    url = f"/accounts/{account['id']}/plans"
    assert browser.post(url, data={"title": "<s>Plan</s>"}).status_code == 403  # no CSRF token
    empty = browser.post(url, data={"title": " ", "csrf_token": token}, follow_redirects=False)
    assert "plan_error=" in empty.headers["location"] and api.get("/plans").json() == []
    made = browser.post(url, data={"title": "<s>Plan</s>", "csrf_token": token}, follow_redirects=False)
    page = browser.get(made.headers["location"])
    assert "&lt;s&gt;Plan&lt;/s&gt;" in page.text and "<s>Plan</s>" not in page.text
    plan_id = made.headers["location"].rsplit("/", 1)[1]
    assert browser.post(f"/plans/{plan_id}/act", data={"action": "share"}).status_code == 403
    shared = browser.post(f"/plans/{plan_id}/act", data={"action": "share", "csrf_token": token},
                          follow_redirects=False)  # fmt: skip
    assert "?shared=/shared/plans/" in shared.headers["location"]
    stranger = make_tenant("Stranger")
    other = login(TestClient(app_client.app), stranger.user_emails["admin"])
    assert other.get(f"/plans/{plan_id}").status_code == 404


def test_advocacy_forms(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    account = api.post("/accounts", json={"external_id": "a", "name": "Acme"}).json()
    body = {"external_id": "c", "account_id": account["id"], "name": "<b>Dana</b>"}
    contact = api.post("/contacts", json=body).json()
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get(f"/accounts/{account['id']}")
    assert "&lt;b&gt;Dana&lt;/b&gt;" in page.text and "<b>Dana</b>" not in page.text
    token = _csrf(page.text)
    url = f"/accounts/{account['id']}/advocacy"
    ask = {"contact_id": str(contact["id"]), "kind": "referral", "notes": "Knows the CFO at Initech"}
    assert browser.post(url, data=ask).status_code == 403  # no CSRF token
    assert browser.post(url, data={**ask, "csrf_token": token}).status_code == 200
    again = browser.post(url, data={**ask, "csrf_token": token}, follow_redirects=False)
    assert "advocacy_error=" in again.headers["location"]
    assert "already has an open referral request" in browser.get(again.headers["location"]).text
    (request,) = api.get("/advocacy/requests").json()
    act = f"/advocacy/requests/{request['id']}/act"
    assert "advocacy_error=" in browser.post(act, data={"status": "won", "csrf_token": token},
                                              follow_redirects=False).headers["location"]  # fmt: skip
    browser.post(act, data={"status": "completed", "csrf_token": token})
    assert api.get(f"/advocacy/contacts/{contact['id']}").json()["balance"] == 100
    assert "Points: &lt;b&gt;Dana&lt;/b&gt; 100" in browser.get(f"/accounts/{account['id']}").text


def test_journey_pages(app_client: TestClient, demo: ApiClient) -> None:
    from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD

    browser = login(TestClient(app_client.app), DEMO_EMAIL, DEMO_PASSWORD)
    (journey,) = demo.get("/journeys").json()
    listing = browser.get("/journeys")
    assert listing.status_code == 200 and f'href="/journeys/{journey["id"]}"' in listing.text
    page = browser.get(f"/journeys/{journey['id']}")
    report = demo.get(f"/journeys/{journey['id']}/report").json()
    assert page.status_code == 200 and 'id="funnel"' in page.text
    funnel = chart_spec(page.text, "funnel")
    assert funnel["labels"] == [st["name"] for st in report["stages"]]
    on_time, stuck = values(funnel, "On time"), values(funnel, "Stuck")
    assert [a + b for a, b in zip(on_time, stuck, strict=True)] == [st["accounts"] for st in report["stages"]]
    for cohort in report["time_to_value"]:
        assert f"<td>{cohort['cohort']}</td>" in page.text
    assert browser.get("/journeys/999999").status_code == 404


def test_rule_editor(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    import json

    api.post("/accounts", json={"external_id": "a", "name": "Acme", "segment": "SMB"})
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get("/rules/new")
    assert page.status_code == 200 and "health_grade" in page.text
    token = _csrf(page.text)
    rule = {"trigger": {"kind": "schedule"}, "conditions": [{"field": "segment", "op": "eq", "value": "SMB"}],
            "actions": [{"kind": "create_cta", "type": "activity", "reason": "Say hello"}]}  # fmt: skip
    form = {"name": "Hello SMB", "definition": json.dumps(rule), "csrf_token": token}
    assert browser.post("/rules/editor", data={**form, "action": "save", "csrf_token": ""}).status_code == 403
    broken = browser.post("/rules/editor", data={**form, "action": "preview", "definition": '{"trigger": '})
    assert broken.status_code == 422 and "definition, line 1 column 13" in broken.text
    wrong = {**rule, "conditions": [{"field": "mood", "op": "eq", "value": "x"}]}
    bad = browser.post("/rules/editor", data={**form, "action": "save", "definition": json.dumps(wrong)})
    assert bad.status_code == 422 and "conditions.0.field:" in bad.text and api.get("/rules").json() == []
    shown = browser.post("/rules/editor", data={**form, "action": "preview"})
    assert "Matches now: 1 of 1" in shown.text and api.get("/rules").json() == []  # nothing written
    saved = browser.post("/rules/editor", data={**form, "action": "save"}, follow_redirects=False)
    (made,) = api.get("/rules").json()
    assert saved.headers["location"] == f"/rules/{made['id']}" and made["enabled"] is False
    edit = browser.get(f"/rules/{made['id']}/edit")
    assert "Say hello" in edit.text
    again = {**form, "action": "save", "rule_id": str(made["id"]), "enabled": "1", "name": "Hello small"}
    browser.post("/rules/editor", data=again)
    assert api.get(f"/rules/{made['id']}").json()["name"] == "Hello small"
    assert api.get(f"/rules/{made['id']}").json()["enabled"] is True
    assert browser.post("/rules/editor", data={**again, "rule_id": "999999"}).status_code == 404


def test_sources_page_and_account_usage(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    import base64

    import orjson

    def send(key: str, batch: list[dict[str, object]]) -> int:
        auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}
        return app_client.post("/v1/batch", content=orjson.dumps({"batch": batch}), headers=auth).status_code

    acme = api.post("/accounts", json={"external_id": "acme", "name": "Acme"}).json()
    track = {"type": "track", "userId": "u1", "event": "<b>Report</b>", "context": {"groupId": "acme"}}
    assert send(tenant.write_key, [track | {"messageId": "1"}, {"type": "track", "messageId": "2"}]) == 200
    api.post("/usage/rollup")
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get("/sources")
    assert (
        page.status_code == 200 and 'id="events-total">1<' in page.text and 'id="rejected-total"' in page.text
    )
    assert "&lt;b&gt;Report&lt;/b&gt;" in page.text and "<b>Report</b>" not in page.text
    assert browser.get("/sources/recent.json").json()[0]["event"] == "<b>Report</b>"
    token = _csrf(page.text)
    assert browser.post("/sources/act", data={"action": "rotate"}).status_code == 403  # no CSRF token
    rotated = browser.post("/sources/act", data={"action": "rotate", "csrf_token": token})
    new_key = re.search(r'id="new-key">[^<]*<code>([^<]+)</code>', rotated.text)
    assert new_key is not None
    assert send(tenant.write_key, [track | {"messageId": "3"}]) == 401  # the old key is refused now
    assert send(new_key.group(1), [track | {"messageId": "3"}]) == 200
    replayed = browser.post("/sources/act", data={"action": "replay", "csrf_token": token})
    assert "0 stored on replay; 1 still rejected" in replayed.text

    account_page = browser.get(f"/accounts/{acme['id']}")
    assert 'id="usage-chart"' in account_page.text and 'id="usage-mau">1 / 1 / 1<' in account_page.text


def test_usage_page_empty_and_escaped(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get("/usage")
    assert page.status_code == 200 and 'id="usage-empty"' in page.text  # says where to send events
    acme = api.post("/accounts", json={"external_id": "x1", "name": "<b>Acme</b>"}).json()
    api.put("/usage/key-events", json={"events": ["<i>Built</i>"]})
    call = {"type": "track", "messageId": "e1", "userId": "u1", "event": "<script>x</script>"}
    auth = {"Authorization": "Basic " + base64.b64encode(f"{tenant.write_key}:".encode()).decode()}
    batch = {"batch": [{**call, "context": {"groupId": "x1"}}]}
    assert app_client.post("/v1/batch", json=batch, headers=auth).json()["accepted"] == 1
    api.post("/usage/rollup")
    page = browser.get("/usage", params={"sort": "nonsense"})  # an unknown sort falls back to trend
    assert page.status_code == 200 and f'href="/accounts/{acme["id"]}#usage"' in page.text
    assert "<script>x</script>" not in page.text and "&lt;script&gt;" in page.text
    assert "<b>Acme</b>" not in page.text
