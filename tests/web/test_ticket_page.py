"""The ticket page over HTTP: the requester's account beside the ticket (health, ARR, open CTAs, its other
tickets, nothing of another workspace), SLA timers in days and hours, the reply box with its keys; and the
wording of SLA deadlines."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.domains.accounts import service as accounts_service
from steward.web.ui.tickets import span_text, until
from tests.factories import ApiClient, Tenant, make_tenant
from tests.web.test_ui import login


def test_sla_wording_in_days_and_hours() -> None:
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    assert until(now + timedelta(days=2, hours=4, minutes=10), now) == ("2 d 4 h left", "")
    assert until(now + timedelta(minutes=25), now) == ("25 min left", "sla-soon")
    assert until(now - timedelta(hours=3), now) == ("overdue by 3 h", "sla-breached")
    assert until(now - timedelta(hours=3, minutes=20), now)[0] == "overdue by 3 h 20 min"
    assert until(None, now) == ("—", "muted")
    assert [span_text(m) for m in (0, 59, 60, 1440, 1500, 3000)] == [
        "0 min", "59 min", "1 h", "1 d", "1 d 1 h", "2 d 2 h"
    ]  # fmt: skip


def test_ticket_page_shows_the_requester_account(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    acme = api.post("/accounts", json={"external_id": "acme", "name": "Acme", "segment": "Enterprise"}).json()
    with unit_of_work() as s:
        accounts_service.set_revenue(
            session=s, workspace_id=tenant.id, values={acme["id"]: (12_345_600, None)}
        )
    policy = {"name": "Slow", "filter": {"segments": ["Enterprise"]},
              "targets": {"normal": {"first_response": 3000, "resolution": 6000}}}  # fmt: skip
    assert api.post("/sla/policies", json=policy).status_code == 201
    cta = {"account_id": acme["id"], "type": "risk", "reason": "Sponsor <left>", "priority": "high"}
    assert api.post("/ctas", json=cta).status_code == 201
    older = api.post("/tickets", json={"subject": "Earlier <question>", "account_id": acme["id"]}).json()
    ticket = api.post("/tickets", json={"subject": "Export fails", "account_id": acme["id"],
                                        "created_at": now_utc().isoformat()}).json()  # fmt: skip
    theirs = make_tenant("Elsewhere")
    their_api = ApiClient(app_client, theirs.keys["admin"])
    their_api.post("/tickets", json={"subject": "Their secret ticket"})

    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    html = browser.get(f"/tickets/{ticket['id']}").text
    side = html[html.index('id="requester-account"') : html.index('id="sla"')]
    assert "Acme" in side and "123,456" in side  # ARR
    assert "Sponsor &lt;left&gt;" in side and 'id="side-cta-count">1<' in side
    assert f"#{older['id']} Earlier &lt;question&gt;" in side and f"#{ticket['id']} " not in side
    assert "Their secret ticket" not in html
    assert 'id="side-health"' in side  # "not scored" until the health job runs
    sla = html[html.index('id="sla"') :]
    timers = re.findall(r'class="sla-timer[^"]*"[^>]*>([^<]+)<', sla)
    assert timers == ["2 d 1 h left", "4 d 3 h left"], timers  # 3,000 and 6,000 minutes, just begun
    assert ">2 d 2 h<" in sla and ">4 d 4 h<" in sla  # the targets
    assert 'id="reply-body"' in html and 'id="shortcuts-help"' in html
    assert "/static/shortcuts.js" in html and "<script>" not in html  # our own files only (CSP)

    no_account = api.post("/tickets", json={"subject": "Anonymous"}).json()
    assert 'id="requester-account"' not in browser.get(f"/tickets/{no_account['id']}").text
