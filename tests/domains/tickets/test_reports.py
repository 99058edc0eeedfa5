"""The SLA report counted in the database, and the drill from each of its figures to the tickets behind
it: by agent, account, month and the unassigned group, per state, over the API and the Support page."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from steward.core.clock import now_utc, today_utc
from steward.core.db import unit_of_work
from steward.domains.users import service as users_service
from tests.domains.tickets.test_tickets import TARGETS, _account, _iso
from tests.factories import ApiClient, Tenant, assert_error, make_tenant
from tests.web.test_ui import login


def test_report_counts_and_drills_to_the_tickets(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    acme = _account(api)
    api.post("/sla/policies", json={"name": "All", "filter": {}, "targets": TARGETS})
    with unit_of_work() as s:
        agent_id = next(
            u.id for u in users_service.list_users(session=s, workspace_id=tenant.id)
            if u.email == tenant.user_emails["agent"]
        )  # fmt: skip
    now = now_utc()

    def ticket(subject: str, minutes_ago: int, assignee: int | None) -> int:
        body = {
            "subject": subject,
            "account_id": acme["id"],
            "created_at": _iso(now - timedelta(minutes=minutes_ago)),
        }
        return int(api.post("/tickets", json={**body, "assignee_id": assignee}).json()["id"])

    late = ticket("Late", 120, agent_id)  # first response breached
    quick = ticket("Quick", 5, agent_id)
    api.post(f"/tickets/{quick}/messages", json={"body": "On it"})  # first response met
    waiting = ticket("Waiting", 5, None)  # running, unassigned

    by_agent = api.get("/sla/report", params={"by": "agent"}).json()
    rows = {r["key"]: r for r in by_agent["rows"]}
    mine = rows[str(agent_id)]
    # Late: first response breached, resolution running; Quick: first response met, resolution running;
    # Waiting: first response and resolution running.
    assert (mine["met"], mine["breached"], mine["running"]) == (1, 1, 2)
    assert (rows["none"]["met"], rows["none"]["breached"], rows["none"]["running"]) == (0, 0, 2)
    assert by_agent["overall"]["met"] == 1 and by_agent["overall"]["share_met"] == 0.5
    assert 4 <= mine["first_response_median"] <= 6
    month = api.get("/sla/report", params={"by": "month"}).json()["rows"]
    assert [r["key"] for r in month] == sorted(
        {(now - timedelta(minutes=m)).strftime("%Y-%m") for m in (120, 5)}
    )

    def drill(**params: str) -> list[int]:
        page = api.get("/sla/report/tickets", params=params)
        assert page.status_code == 200, page.text
        return [t["id"] for t in page.json()["items"]]

    assert drill(by="agent", key=str(agent_id), state="breached") == [late]
    assert drill(by="agent", key=str(agent_id), state="met") == [quick]
    assert drill(by="agent", key="none") == [waiting]
    assert drill(by="account", key=str(acme["id"]), state="running") == [waiting, quick, late]
    assert drill(by="metric", key="first_response", state="breached") == [late]
    tomorrow = today_utc() + timedelta(days=1)
    assert (
        drill(by="agent", key=str(agent_id), start=str(tomorrow), end=str(tomorrow + timedelta(days=1))) == []
    )
    assert_error(
        api.get("/sla/report/tickets", params={"by": "agent", "key": "1", "state": "late"}), 422, "state"
    )
    assert_error(api.get("/sla/report/tickets", params={"by": "agent"}), 422, "key")
    other = api.as_key(make_tenant("Elsewhere").keys["admin"])
    assert other.get("/sla/report/tickets", params={"by": "agent", "key": str(agent_id)}).json()["total"] == 0

    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    support = browser.get("/support")
    assert f"/support/drill?by=agent&amp;key={agent_id}&amp;start=" in support.text
    link = support.text.split('class="drill" href="')[1].split('"')[0].replace("&amp;", "&")
    page = browser.get(link)
    assert page.status_code == 200 and 'id="queue"' in page.text
    late_day = (now - timedelta(minutes=120)).date()  # yesterday when the test runs just after midnight
    drilled = browser.get(
        "/support/drill",
        params={"by": "agent", "key": str(agent_id), "state": "breached", "start": str(late_day),
                "end": str(today_utc() + timedelta(days=1))},
    )  # fmt: skip
    assert (
        drilled.status_code == 200
        and f"/tickets/{late}" in drilled.text
        and f"/tickets/{quick}" not in drilled.text
    )
    account_page = browser.get(f"/accounts/{acme['id']}")
    assert 'id="support-tickets"' in account_page.text and f"/tickets/{late}" in account_page.text
    assert f"by=account&amp;key={acme['id']}&amp;state=breached" in account_page.text
    mine_only = browser.get("/tickets", params={"account": acme["id"]})
    assert mine_only.status_code == 200 and f'· <a href="/accounts/{acme["id"]}">Acme</a> (' in mine_only.text

    api.post(f"/tickets/{waiting}/messages", json={"body": "Looking"})  # the unassigned group gets a time
    rows = {r["key"]: r for r in api.get("/sla/report", params={"by": "agent"}).json()["rows"]}
    assert set(rows) == {str(agent_id), "none"} and 4 <= rows["none"]["first_response_median"] <= 6
