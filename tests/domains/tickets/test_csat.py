"""CSAT on resolve: solving opens the ticket's one survey, the delivery job mails the signed link (and one
reminder), the customer answers once on the public page; forged, expired and reused links each get their
own answer; the report gives CSAT and response rate by agent."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.domains.mail.models import Email
from steward.domains.tickets import csat
from steward.domains.tickets.models import CsatSurvey
from steward.settings import get_settings
from tests.domains.tickets.test_tickets import _account
from tests.factories import ApiClient, Tenant, assert_error

BASE = "https://help.example.com"


def _solve(api: ApiClient, tenant: Tenant, subject: str = "Export fails") -> int:
    acme = _account(api)
    agent = api.as_key(tenant.keys["agent"])
    ticket = agent.post(
        "/tickets", json={"subject": subject, "requester_email": "dana@acme.test", "account_id": acme["id"]}
    ).json()
    agent.post(f"/tickets/{ticket['id']}/messages", json={"body": "Fixed", "status": "solved"})
    return int(ticket["id"])


def test_survey_sent_answered_once_and_reported(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    api.put(
        "/csat/settings",
        json={"scale": "five", "questions": ["What could we do better?"], "reminder_days": 2},
    )
    ticket_id = _solve(api, tenant)
    with unit_of_work() as s:
        assert csat.deliver(session=s, secret=get_settings().secret_key, base_url=BASE) == 1
        assert csat.deliver(session=s, secret=get_settings().secret_key, base_url=BASE) == 0  # sent once
        mail = s.scalars(select(Email).where(Email.to_address == "dana@acme.test")).one()
        later = now_utc() + timedelta(days=3)
        assert (
            csat.deliver(session=s, secret=get_settings().secret_key, base_url=BASE, now=later) == 1
        )  # the one reminder
        assert csat.deliver(session=s, secret=get_settings().secret_key, base_url=BASE, now=later) == 0
    assert f"[#{ticket_id}]" in mail.subject
    url = re.search(r"https://help\.example\.com(/csat/\S+)", mail.body)
    assert url is not None
    path = url.group(1)

    page = app_client.get(path, params={"rating": 4})
    assert page.status_code == 200 and 'value="4" required checked' in page.text
    assert "What could we do better?" in page.text
    off_scale = app_client.post(path, data={"rating": "9"})
    assert off_scale.status_code == 422 and "rating" in off_scale.text
    done = app_client.post(
        path, data={"rating": "2", "comment": "Slow <b>reply</b>", "answer_0": "Answer faster"}
    )
    assert done.status_code == 200 and 'id="csat-done"' in done.text
    again = app_client.post(path, data={"rating": "5"})
    assert again.status_code == 409 and "answered on" in again.text
    forged = app_client.get(path[:-3] + "xyz")
    assert forged.status_code == 404
    with unit_of_work() as s:
        survey = s.scalars(select(CsatSurvey).where(CsatSurvey.ticket_id == ticket_id)).one()
        assert (survey.rating, survey.comment, survey.answers) == (
            2,
            "Slow <b>reply</b>",
            {"What could we do better?": "Answer faster"},
        )
        survey.expires_at = now_utc() - timedelta(minutes=1)
    assert app_client.get(path).status_code == 410

    [response] = api.get("/csat/responses").json()
    assert response["ticket_id"] == ticket_id and response["rating"] == 2
    report = api.get("/csat/report", params={"by": "agent"}).json()
    assert report["overall"] == {
        "key": "all",
        "responses": 1,
        "positive": 0,
        "csat": 0.0,
        "sent": 1,
        "response_rate": 1.0,
    }
    assert_error(api.get("/csat/report", params={"by": "planet"}), 422, "by")
    assert_error(api.put("/csat/settings", json={"scale": "stars"}), 422, "scale")


def test_thumbs_scale_link_by_api_and_no_survey_for_old_imports(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    api.put("/csat/settings", json={"scale": "thumbs"})
    agent = api.as_key(tenant.keys["agent"])
    old = (now_utc() - timedelta(days=40)).isoformat()
    imported = agent.post(
        "/tickets",
        json={"subject": "old", "status": "solved", "created_at": old, "requester_email": "x@y.test"},
    ).json()
    with unit_of_work() as s:
        assert s.scalars(select(CsatSurvey).where(CsatSurvey.ticket_id == imported["id"])).first() is None
    open_ticket = agent.post("/tickets", json={"subject": "open"}).json()
    assert_error(agent.post(f"/tickets/{open_ticket['id']}/csat"), 422, "ticket_id")
    link = agent.post(f"/tickets/{imported['id']}/csat").json()  # asked for by hand: opened now
    path = link["url"].removeprefix("http://testserver")  # no STEWARD_PUBLIC_URL: the host asked
    assert "👍" in app_client.get(path).text
    assert app_client.post(path, data={"rating": "3"}).status_code == 422  # thumbs take 0 or 1
    assert app_client.post(path, data={"rating": "1"}).status_code == 200
    overall = api.get("/csat/report").json()["overall"]
    assert (overall["responses"], overall["positive"], overall["csat"]) == (1, 1, 1.0)
