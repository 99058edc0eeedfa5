"""The demo's service desk through the API and the pages: tickets in several languages under two SLA
policies with breaches, CSAT answers, the two planted recurring issues found and named in the customers'
words (the growing one handed to success), classifier suggestions, and the agent and lead pages rendering
them (the ticket with its similar tickets)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from tests.factories import ApiClient
from tests.factories.charts import chart_spec, values
from tests.web.test_ui import login


def test_demo_service_desk(app_client: TestClient, demo: ApiClient) -> None:
    queue = demo.get("/tickets", params={"limit": 500}).json()
    assert queue["total"] > 10
    languages = {
        t["language"]
        for t in demo.get("/tickets", params={"status": ["solved"], "limit": 500}).json()["items"]
    }
    assert len(languages) >= 3
    report = demo.get("/sla/report").json()["overall"]
    assert report["met"] > 0 and report["breached"] > 0 and 0 < report["share_met"] < 1
    assert demo.get("/csat/report").json()["overall"]["responses"] > 0
    issues = demo.get("/recurring-issues").json()
    sync = [i for i in issues if "Salesforce" in i["title"]]
    csv = [i for i in issues if "CSV export" in i["title"]]
    for issue in sync + csv:  # named in the customers' words: their subjects, not keyword lists
        assert len(issue["terms"]) >= 2 and issue["title"] in issue["terms"]
        assert all(len(t.split()) >= 3 for t in issue["terms"])
    assert (
        len(sync) == 1
        and sync[0]["growing"]
        and sync[0]["status"] == "handed_off"
        and sync[0]["accounts"] >= 9
    )
    assert len(csv) == 1 and not csv[0]["growing"] and csv[0]["accounts"] >= 6
    assert {p["name"] for p in demo.get("/sla/policies").json()} >= {"Standard, office hours"}

    browser = login(TestClient(app_client.app), DEMO_EMAIL, DEMO_PASSWORD)
    page = browser.get("/tickets")
    assert page.status_code == 200 and 'id="queue"' in page.text and "sla-timer" in page.text
    first = queue["items"][0]["id"]
    ticket = browser.get(f"/tickets/{first}")
    assert ticket.status_code == 200 and 'id="sla"' in ticket.text and 'id="history"' in ticket.text
    assert 'id="similar"' in ticket.text
    assert browser.get("/tickets", params={"tab": "breached"}).status_code == 200
    lead = browser.get("/support")
    assert lead.status_code == 200 and 'id="sla-by-agent"' in lead.text and "Salesforce sync" in lead.text
    assert any(values(chart_spec(lead.text, "backlog-chart"), "Open tickets"))
    csv_export = browser.get("/support/sla.csv", params={"by": "agent"})
    assert csv_export.status_code == 200 and csv_export.text.startswith("key,met,breached")
    assert browser.get("/support/policies").status_code == 200
