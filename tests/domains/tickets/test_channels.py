"""Every channel in the measures: an SLA policy for some channels only (the others get no clock; an unknown
channel is refused by name), and tickets, first response and resolution medians and CSAT per channel for
the workspace and for one account, with every channel of the schema listed even without tickets."""

from __future__ import annotations

from datetime import timedelta
from typing import get_args

from steward.analytics.rules import TICKET_CHANNELS
from steward.core.clock import now_utc, start_of_day, today_utc
from steward.core.db import unit_of_work
from steward.domains.tickets import channels, csat
from steward.domains.tickets.schemas import Channel, CsatResponse
from steward.domains.tickets.service import tickets_by_channel
from tests.domains.tickets.test_tickets import TARGETS, _account, _iso
from tests.factories import ApiClient, Tenant, assert_error


def test_policy_filter_by_channel_and_measures_by_channel(api: ApiClient, tenant: Tenant) -> None:
    assert_error(
        api.post("/sla/policies", json={"name": "X", "filter": {"channels": ["fax"]}, "targets": TARGETS}),
        422,
        "filter.channels.0",
    )
    policy = api.post(
        "/sla/policies",
        json={"name": "Written", "filter": {"channels": ["email", "web"]}, "targets": TARGETS},
    )
    assert policy.status_code == 201 and policy.json()["filter"]["channels"] == ["email", "web"]
    acme = _account(api)
    other = api.post("/accounts", json={"external_id": "initech", "name": "Initech"}).json()
    agent = api.as_key(tenant.keys["agent"])
    opened = {}
    for channel, minutes_ago, account in [
        ("email", 120, acme), ("email", 60, acme), ("web", 30, acme), ("api", 10, acme), ("web", 5, other),
    ]:  # fmt: skip
        at = _iso(now_utc() - timedelta(minutes=minutes_ago))
        body = {"subject": f"Help by {channel}", "body": "It fails.", "account_id": account["id"],
                "channel": channel, "created_at": at}  # fmt: skip
        ticket = agent.post("/tickets", json=body).json()
        opened.setdefault(channel, []).append(ticket)
    assert [t["sla_policy_id"] for t in opened["email"] + opened["web"]] == [policy.json()["id"]] * 4
    assert opened["api"][0]["sla_policy_id"] is None and opened["api"][0]["clocks"] == []
    for ticket in opened["email"]:  # answered and solved now: first responses of 120 and 60 minutes
        agent.post(f"/tickets/{ticket['id']}/messages", json={"body": "Fixed", "status": "solved"})
    with unit_of_work() as s:
        csat.rate_ticket(session=s, workspace_id=tenant.id, ticket_id=opened["email"][0]["id"],
                         data=CsatResponse(rating=5))  # fmt: skip
        csat.rate_ticket(session=s, workspace_id=tenant.id, ticket_id=opened["email"][1]["id"],
                         data=CsatResponse(rating=2))  # fmt: skip
        start, end = (
            start_of_day(today_utc() - timedelta(days=29)),
            start_of_day(today_utc() + timedelta(days=1)),
        )
        rows = {r.channel: r for r in channels.by_channel(s, tenant.id, start, end)}
        mine = {r.channel: r for r in channels.by_channel(s, tenant.id, start, end, account_id=acme["id"])}
        counts = tickets_by_channel(session=s, workspace_id=tenant.id, since=start)
    assert list(rows) == list(get_args(Channel)) == list(TICKET_CHANNELS)  # chat listed with no tickets
    assert {c: r.tickets for c, r in rows.items()} == {"email": 2, "web": 2, "api": 1, "chat": 0}
    assert {c: r.tickets for c, r in mine.items()} == {"email": 2, "web": 1, "api": 1, "chat": 0}
    email = rows["email"]
    assert email.first_response_median is not None and 89 <= email.first_response_median <= 91  # (120+60)/2
    assert email.resolution_median is not None and 89 <= email.resolution_median <= 91
    assert (email.csat, email.csat_responses) == (0.5, 2)
    assert rows["web"].first_response_median is None and rows["web"].csat is None  # not answered yet
    assert rows["api"].first_response_median is None and rows["chat"].csat_responses == 0
    assert counts == {(acme["id"], "email"): 2, (acme["id"], "web"): 1, (acme["id"], "api"): 1,
                      (other["id"], "web"): 1}  # fmt: skip
