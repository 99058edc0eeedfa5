"""Alerts to Slack and Teams against a real HTTP server on 127.0.0.1: a Risk CTA, an SLA breach and a health
drop each queue one alert in their own transaction, and the sender posts the format each tool accepts (user
text escaped); a 500 is retried and delivered once, a 400 fails with the answer kept; filters, workspaces
apart, config errors as 422 with loc, and the incoming-webhook URL never shown back."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import select

from steward.core.clock import now_utc, today_utc
from steward.core.db import unit_of_work
from steward.domains.alerts import service
from steward.domains.alerts.models import AlertChannel
from steward.domains.alerts.schemas import ChannelCreate
from steward.domains.health import scoring
from steward.domains.health.models import HealthScore
from steward.domains.tickets import jobs as tickets_jobs
from steward.settings import get_settings
from tests.domains.health.test_incremental import CARD
from tests.domains.tickets.test_tickets import TARGETS, _iso
from tests.factories import ApiClient, Tenant, assert_error, make_tenant

PUBLIC = "https://steward.example"


class Chat:
    """Answers each path with the next (status, text) of its script, the last one repeating; keeps bodies."""

    def __init__(self) -> None:
        self.script: dict[str, list[tuple[int, str]]] = {}
        self.received: list[tuple[str, dict[str, Any]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                outer.received.append((self.path, json.loads(body)))
                answers = outer.script.get(self.path, [(200, "ok")])
                code, text = answers.pop(0) if len(answers) > 1 else answers[0]
                self.send_response(code)
                self.send_header("content-length", str(len(text)))
                self.end_headers()
                self.wfile.write(text.encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def chat() -> Iterator[Chat]:
    c = Chat()
    yield c
    c.server.shutdown()


def _send(later: timedelta = timedelta(0)) -> dict[str, int]:
    s = get_settings()
    return service.deliver_due(
        secret=s.secret_key, allow_private=True, public_url=PUBLIC, now=now_utc() + later
    )


def _channel(api: ApiClient, url: str, kind: str, events: list[str], **more: Any) -> dict[str, Any]:
    body = {"name": f"{kind} {url[-12:]}", "kind": kind, "url": url, "events": events, **more}
    r = api.post("/alerts/channels", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def _deliveries(api: ApiClient, channel_id: int) -> list[dict[str, Any]]:
    r = api.get(f"/alerts/channels/{channel_id}/deliveries")
    assert r.status_code == 200, r.text
    return list(r.json())


def test_risk_cta_to_slack_retried_after_a_500_and_delivered_once(
    api: ApiClient, chat: Chat, allow_private: None
) -> None:
    chat.script["/slack"] = [(500, "oops"), (200, "ok")]
    channel = _channel(api, f"{chat.url}/slack", "slack", ["risk_cta"])
    acme = api.post("/accounts", json={"external_id": "a", "name": "Acme <!here> & *Co*"}).json()
    for type_ in ("opportunity", "risk"):
        body = {"account_id": acme["id"], "type": type_, "reason": "Usage fell", "title": "Usage <fell>"}
        assert api.post("/ctas", json=body).status_code == 201

    assert _send() == {"delivered": 0, "retrying": 1, "failed": 0}
    assert _send() == {"delivered": 0, "retrying": 0, "failed": 0}  # waits out its back-off
    assert _send(timedelta(hours=2)) == {"delivered": 1, "retrying": 0, "failed": 0}
    assert _send(timedelta(hours=4)) == {"delivered": 0, "retrying": 0, "failed": 0}

    assert [p for p, _ in chat.received] == ["/slack", "/slack"]  # the opportunity CTA queued nothing
    sent = chat.received[-1][1]
    assert sent["text"] == "New Risk CTA: Acme &lt;!here&gt; &amp; *Co*: Risk CTA opened: Usage &lt;fell&gt;"
    link = f"<{PUBLIC}/accounts/{acme['id']}|Acme &lt;!here&gt; &amp; *Co*>"
    assert sent["blocks"][0] == {
        "type": "section",
        "text": {"type": "mrkdwn", "text": f"*{link}*\nRisk CTA opened: Usage &lt;fell&gt;"},
    }  # fmt: skip
    assert sent["blocks"][1]["elements"][0]["text"] == "Owner: no owner"
    (row,) = _deliveries(api, channel["id"])
    assert (row["event"], row["status"], row["attempts"], row["last_status_code"]) == (
        "risk_cta",
        "delivered",
        2,
        200,
    )


def test_sla_breach_to_teams_400_is_failed_with_the_answer(
    api: ApiClient, tenant: Tenant, chat: Chat, allow_private: None
) -> None:
    chat.script["/teams"] = [(400, "Bad payload received by generic incoming webhook.")]
    channel = _channel(api, f"{chat.url}/teams", "teams", ["sla_breach"])
    acme = api.post("/accounts", json={"external_id": "a", "name": "Acme_[x]", "segment": "SMB"}).json()
    api.post("/sla/policies", json={"name": "All", "filter": {}, "targets": TARGETS})
    now = now_utc()
    body = {"account_id": acme["id"], "subject": "Down", "created_at": _iso(now - timedelta(minutes=50))}
    ticket = api.post("/tickets", json=body).json()
    assert tickets_jobs.record_breaches(now + timedelta(minutes=11)) == 1

    assert _send() == {"delivered": 0, "retrying": 0, "failed": 1}
    ((_, sent),) = chat.received
    card = sent["attachments"][0]
    assert sent["type"] == "message" and card["contentType"] == "application/vnd.microsoft.card.adaptive"
    texts = [b.get("text") for b in card["content"]["body"]]
    assert texts[:3] == [
        "SLA breached",
        r"Acme\_\[x\]",
        f"Ticket \\#{ticket['id']} \\(Down\\) has breached its SLA: first response.",
    ]
    assert card["content"]["actions"][0]["url"] == f"{PUBLIC}/accounts/{acme['id']}"
    (row,) = _deliveries(api, channel["id"])
    assert row["status"] == "failed" and row["last_status_code"] == 400
    assert "Bad payload" in row["last_answer"]
    assert _send(timedelta(hours=4)) == {"delivered": 0, "retrying": 0, "failed": 0}  # not tried again


def test_health_turning_red_queues_once_and_filters_apply(
    api: ApiClient, tenant: Tenant, chat: Chat, allow_private: None
) -> None:
    smb = _channel(api, f"{chat.url}/smb", "slack", ["health_drop"], segment="SMB", drop_points=20)
    ent = _channel(api, f"{chat.url}/ent", "slack", ["health_drop"], segment="Enterprise")
    acme = api.post("/accounts", json={"external_id": "acme", "name": "Acme", "segment": "SMB"}).json()
    start = (today_utc() - timedelta(days=200)).isoformat()
    sub = {"external_id": "s1", "account_id": acme["id"], "plan": "Pro", "amount_minor": 100_000,
           "currency": "USD", "billing_period": "month", "start_date": start}  # fmt: skip
    assert api.post("/subscriptions", json=sub).status_code == 201
    card = api.post("/health/scorecards", json=CARD).json()
    week_ago = today_utc() - timedelta(days=7)
    with unit_of_work() as s:  # a week ago it was green
        s.add(HealthScore(workspace_id=tenant.id, scorecard_id=card["id"], account_id=acme["id"],
                          day=week_ago, overall=95.0, grade="green", groups={}, measures={}))  # fmt: skip
    for _ in range(2):  # rescored twice today: one alert
        with unit_of_work() as s:
            scoring.recompute(session=s, workspace_id=tenant.id, scorecard_id=card["id"])

    assert _send() == {"delivered": 1, "retrying": 0, "failed": 0}
    ((path, sent),) = chat.received
    assert path == "/smb" and "Health grade turned red (was green)" in sent["blocks"][0]["text"]["text"]
    assert "(95 a week ago)" in sent["text"]
    assert _deliveries(api, ent["id"]) == [] and len(_deliveries(api, smb["id"])) == 1


def test_config_checked_roles_and_url_never_shown(api: ApiClient, tenant: Tenant) -> None:
    good = {
        "name": "CS",
        "kind": "slack",
        "url": "https://hooks.slack.com/services/T0/B0/sEcReTtOkEn",
        "events": ["risk_cta"],
    }
    assert_error(api.post("/alerts/channels", json={**good, "kind": "email"}), 422, "body.kind")
    assert_error(api.post("/alerts/channels", json={**good, "name": "\x00"}), 422, "body")  # PostgreSQL: 500
    assert_error(api.post("/alerts/channels", json={**good, "events": []}), 422, "body.events")
    assert_error(api.post("/alerts/channels", json={**good, "events": ["churn"]}), 422, "body.events")
    assert_error(api.post("/alerts/channels", json={**good, "drop_points": 0}), 422, "body.drop_points")
    assert_error(api.post("/alerts/channels", json={**good, "url": "ftp://x.example/y"}), 422, "body.url")
    assert_error(api.post("/alerts/channels", json={**good, "url": "http://127.0.0.1:9/x"}), 422, "body.url")
    assert_error(api.post("/alerts/channels", json={**good, "owner_id": 999999}), 422, "body.owner_id")
    assert_error(api.post("/alerts/channels", json={**good, "owner_id": 2**31}), 422, "body.owner_id")
    assert_error(api.as_key(tenant.keys["manager"]).post("/alerts/channels", json=good), 403)

    made = api.post("/alerts/channels", json={**good, "url": "http://127.0.0.1:9/sEcReTtOkEn"})
    assert made.status_code == 422  # private without the setting
    with unit_of_work() as s:  # stored sealed; made directly here since the test host has no DNS
        read = service.create_channel(session=s, workspace_id=tenant.id, data=ChannelCreate(**good),
                                      secret=get_settings().secret_key, allow_private=True)  # fmt: skip
    assert_error(api.post("/alerts/channels", json=good), 409, "body.name")
    listed = api.as_key(tenant.keys["manager"]).get("/alerts/channels")
    assert listed.status_code == 200 and "sEcReTtOkEn" not in listed.text
    assert listed.json()[0]["url"].startswith("https://hooks.slack.com/") and listed.json()[0][
        "url"
    ].endswith("OkEn")
    with unit_of_work() as s:
        stored = s.scalars(select(AlertChannel)).one()
        assert "sEcReTtOkEn" not in stored.url_sealed
    test = api.post(f"/alerts/channels/{read.id}/test")
    assert test.status_code == 202 and "sEcReTtOkEn" not in test.text
    assert _deliveries(api, read.id)[0]["status"] == "pending"
    assert_error(api.as_key(tenant.keys["csm"]).get("/alerts/channels"), 403)


def test_workspaces_apart(api: ApiClient, app_client: Any, chat: Chat, allow_private: None) -> None:
    channel = _channel(api, f"{chat.url}/a", "slack", ["risk_cta"])
    other = make_tenant("Other")
    them = ApiClient(app_client, other.keys["admin"])
    assert them.get("/alerts/channels").json() == []
    assert_error(them.get(f"/alerts/channels/{channel['id']}/deliveries"), 404)
    assert_error(them.post(f"/alerts/channels/{channel['id']}/test"), 404)
    assert them.delete(f"/alerts/channels/{channel['id']}").status_code == 404
    theirs = them.post("/accounts", json={"external_id": "b", "name": "Beta"}).json()
    body = {"account_id": theirs["id"], "type": "risk", "reason": "Quiet"}
    assert them.post("/ctas", json=body).status_code == 201
    assert _deliveries(api, channel["id"]) == []
    assert _send() == {"delivered": 0, "retrying": 0, "failed": 0}


def test_a_lost_race_to_queue_the_same_alert_keeps_the_callers_work(
    api: ApiClient, tenant: Tenant, chat: Chat, allow_private: None
) -> None:
    """Two processes rescoring one account at once both see no queued alert and both queue it: the second
    meets the unique key, which must not roll back the rescoring transaction that queued it."""
    channel = _channel(api, f"{chat.url}/race", "slack", ["risk_cta"])
    facts = {"headline": "x", "account": "Acme", "account_id": None, "owner": None, "what": "y"}
    with unit_of_work() as s:
        row = s.scalars(select(AlertChannel).where(AlertChannel.id == channel["id"])).one()
        first = service._queue(s, row, "risk_cta", "cta:1", facts)
        second = service._queue(s, row, "risk_cta", "cta:1", facts)  # what the other process had queued
        assert first is not None and second is None
        row.name = "still writable"  # the caller's transaction goes on and commits
    assert [d["status"] for d in _deliveries(api, channel["id"])] == ["pending"]
    assert [c["name"] for c in api.get("/alerts/channels").json()] == ["still writable"]
