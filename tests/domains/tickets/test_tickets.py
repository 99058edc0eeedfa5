"""Tickets over the API: the life of a ticket with its SLA clocks (breach, fulfil, solve, reopen), the
queue's breached and breaching-soon views, routing, the SLA report, and bad input answered precisely."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from steward.core.clock import now_utc
from tests.factories import ApiClient, Tenant, assert_error, make_tenant

TARGETS = {
    "normal": {"first_response": 60, "resolution": 480, "next_response": 120},
    "urgent": {"first_response": 15, "resolution": 120},
}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _account(api: ApiClient, segment: str = "Enterprise") -> dict[str, Any]:
    acme = api.post("/accounts", json={"external_id": "acme", "name": "Acme", "segment": segment}).json()
    body = {"external_id": "dana", "account_id": acme["id"], "name": "Dana", "email": "dana@acme.test"}
    api.post("/contacts", json=body)
    return dict(acme)


def _states(ticket: dict[str, Any]) -> dict[str, str]:
    return {f"{c['metric']}#{c['seq']}": c["state"] for c in ticket["clocks"]}


def test_ticket_life_with_sla_clocks(api: ApiClient, tenant: Tenant) -> None:
    acme = _account(api)
    policy = {"name": "Enterprise", "filter": {"segments": ["Enterprise"]}, "targets": TARGETS}
    r = api.post("/sla/policies", json=policy)
    assert r.status_code == 201, r.text
    policy_id = r.json()["id"]
    agent = api.as_key(tenant.keys["agent"])
    two_hours_ago = now_utc() - timedelta(hours=2)
    body = {
        "subject": "Export fails",
        "body": "It times out.",
        "account_id": acme["id"],
        "channel": "email",
        "created_at": _iso(two_hours_ago),
    }
    r = agent.post("/tickets", json=body)
    assert r.status_code == 201, r.text
    ticket = r.json()
    assert ticket["status"] == "new" and ticket["sla_policy_id"] == policy_id
    assert _states(ticket) == {"first_response#1": "breached", "resolution#1": "running"}
    assert ticket["breached"] and ticket["messages"][0]["author"] == "customer"
    breached = api.get("/tickets", params={"breached": "true"}).json()
    assert [t["id"] for t in breached["items"]] == [ticket["id"]]
    fresh = agent.post("/tickets", json={**body, "created_at": _iso(now_utc())}).json()  # due in an hour
    soon = api.get("/tickets", params={"due_within_minutes": 90}).json()
    assert [t["id"] for t in soon["items"]] == [fresh["id"]]  # the breached one is not "breaching soon"
    assert soon["items"][0]["next_due_at"] and not soon["items"][0]["breached"]

    r = agent.post(f"/tickets/{ticket['id']}/messages", json={"body": "Looking into it", "public": False})
    assert _states(r.json())["first_response#1"] == "breached"  # a note is no response
    assert r.json()["status"] == "new"
    replied = agent.post(f"/tickets/{ticket['id']}/messages", json={"body": "Fixed on our side"}).json()
    assert replied["status"] == "open"  # the first public reply opens a new ticket
    clock = next(c for c in replied["clocks"] if c["metric"] == "first_response")
    assert clock["state"] == "breached" and abs(clock["business_seconds"] - 7200) < 60

    solved = agent.patch(f"/tickets/{ticket['id']}", json={"status": "solved"}).json()
    assert solved["solved_at"] and _states(solved)["resolution#1"] == "met"
    assert [h["field"] for h in solved["history"]] == ["created", "status", "status"]
    reopened = agent.post(
        f"/tickets/{ticket['id']}/messages", json={"body": "Still broken", "author": "customer"}
    ).json()
    assert reopened["status"] == "open" and reopened["solved_at"] is None
    assert _states(reopened)["resolution#1"] == "running"
    assert _states(reopened)["next_response#1"] == "running"

    report = api.get("/sla/report", params={"by": "metric"}).json()
    rows = {row["key"]: row for row in report["rows"]}
    assert rows["first_response"]["breached"] == 1 and rows["first_response"]["share_met"] == 0.0
    assert report["overall"]["first_response_median"] == rows["first_response"]["first_response_median"]
    assert 119 <= report["overall"]["first_response_median"] <= 121

    stranger = make_tenant("Elsewhere")
    other = api.as_key(stranger.keys["admin"])
    assert_error(other.get(f"/tickets/{ticket['id']}"), 404)
    assert_error(other.post("/tickets", json={"subject": "x", "account_id": acme["id"]}), 422, "account_id")
    assert other.get("/tickets").json()["total"] == 0


def test_bad_input_is_named(api: ApiClient, tenant: Tenant) -> None:
    _account(api)
    agent = api.as_key(tenant.keys["agent"])
    assert_error(agent.post("/tickets", json={"subject": "x", "status": "closed_forever"}), 422, "status")
    assert_error(agent.post("/tickets", json={"subject": "x", "priority": "critical"}), 422, "priority")
    assert_error(agent.post("/tickets", json={"subject": ""}), 422, "subject")
    future = _iso(now_utc() + timedelta(days=1))
    assert_error(agent.post("/tickets", json={"subject": "x", "created_at": future}), 422, "created_at")
    assert_error(
        agent.post("/tickets", json={"subject": "x", "created_at": "2026-01-01T10:00:00"}), 422, "created_at"
    )
    ticket = agent.post("/tickets", json={"subject": "x"}).json()
    assert_error(agent.patch(f"/tickets/{ticket['id']}", json={"status": "nope"}), 422, "status")
    assert_error(agent.patch(f"/tickets/{ticket['id']}", json={"priority": None}), 422, "priority")
    assert_error(agent.get("/tickets", params={"status": "nope"}), 422, "status")
    assert_error(api.as_key(tenant.keys["viewer"]).post("/tickets", json={"subject": "x"}), 403)

    overlap = {
        "name": "Office",
        "time_zone": "Europe/Berlin",
        "hours": {"mon": [["09:00", "13:00"], ["12:00", "17:00"]]},
    }
    assert_error(api.post("/sla/calendars", json=overlap), 422, "hours")
    zone = {"name": "Office", "time_zone": "Mars/Olympus", "hours": {"mon": [["09:00", "17:00"]]}}
    assert_error(api.post("/sla/calendars", json=zone), 422, "time_zone")
    clock = {"name": "Office", "hours": {"mon": [["9am", "17:00"]]}}
    assert_error(api.post("/sla/calendars", json=clock), 422, "hours")
    nothing = {"name": "Never", "filter": {"segments": ["Enterprize"]}, "targets": TARGETS}
    body = assert_error(api.post("/sla/policies", json=nothing), 422, "filter.segments.0")
    assert "Enterprise" in body["detail"][0]["msg"]  # the known values are named
    assert_error(api.post("/sla/policies", json={"name": "X", "targets": {}}), 422, "targets")
    assert_error(
        api.post("/sla/policies", json={"name": "X", "targets": {"normal": {}}}), 422, "targets.normal"
    )
    assert_error(
        api.post("/sla/policies", json={"name": "X", "targets": TARGETS, "calendar_id": 999}),
        422,
        "calendar_id",
    )
    only_solved = {"statuses": [{"key": "solved", "label": "Solved", "behaviour": "fulfilled"}]}
    assert_error(api.put("/tickets/statuses", json=only_solved), 422, "statuses")
    in_use = {
        "statuses": [
            {"key": "open", "label": "Open", "behaviour": "running"},
            {"key": "solved", "label": "Solved", "behaviour": "fulfilled"},
        ]
    }
    assert_error(api.put("/tickets/statuses", json=in_use), 409, "statuses")  # the ticket above is "new"


def test_business_hours_policy_and_routing(api: ApiClient, tenant: Tenant) -> None:
    _account(api)
    users = {u["email"]: u["id"] for u in api.get("/users").json()}
    pool = [users[tenant.user_emails["agent"]], users[tenant.user_emails["csm"]]]
    team = api.post("/teams", json={"name": "Tier 1", "member_ids": pool}).json()
    german = api.post(
        "/teams", json={"name": "Deutsch", "member_ids": [users[tenant.user_emails["manager"]]]}
    ).json()
    rules = [
        {"name": "German", "match": {"languages": ["de"]}, "team_id": german["id"], "method": "least_open"},
        {"name": "Everyone else", "team_id": team["id"], "method": "round_robin"},
    ]
    assert api.put("/tickets/routing/rules", json={"rules": rules}).status_code == 200
    assert_error(
        api.put("/tickets/routing/rules", json={"rules": [{"name": "x", "method": "round_robin"}]}),
        422,
        "team_id",
    )
    agent = api.as_key(tenant.keys["agent"])
    assigned = [agent.post("/tickets", json={"subject": f"t{n}"}).json()["assignee_id"] for n in range(3)]
    assert assigned == [pool[0], pool[1], pool[0]]
    de = agent.post("/tickets", json={"subject": "Hilfe", "language": "de"}).json()
    assert de["team_id"] == german["id"] and de["assignee_id"] == users[tenant.user_emails["manager"]]
    assert de["history"][-1]["actor"] == "rule"

    week = {d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
    office = api.post(
        "/sla/calendars", json={"name": "Office", "time_zone": "Asia/Tokyo", "hours": week}
    ).json()
    policy = {"name": "Office hours", "targets": {"normal": {"resolution": 600}}, "calendar_id": office["id"]}
    assert api.post("/sla/policies", json=policy).status_code == 201
    ticket = api.get(f"/tickets/{de['id']}").json()  # open tickets were replayed under the new policy
    [clock] = ticket["clocks"]
    assert clock["metric"] == "resolution" and clock["target_minutes"] == 600
    due = datetime.fromisoformat(clock["due_at"])
    local = due.astimezone(ZoneInfo("Asia/Tokyo"))
    assert local.weekday() < 5 and (9 <= local.hour < 17 or (local.hour, local.minute) == (17, 0))


def test_policy_for_holders_of_a_subscription(api: ApiClient, tenant: Tenant) -> None:
    acme = _account(api)
    other = api.post("/accounts", json={"external_id": "other", "name": "Other"}).json()
    term = {"external_id": "P1", "account_id": acme["id"], "plan": "Premium support", "amount_minor": 100,
            "currency": "USD", "billing_period": "year", "start_date": "2026-01-01",
            "end_date": "2099-01-01"}  # fmt: skip
    premium = api.post("/subscriptions", json=term).json()
    policy = {"name": "Premium", "filter": {"subscription_ids": [premium["id"]]}, "targets": TARGETS}
    premium_policy = api.post("/sla/policies", json=policy).json()["id"]
    bad = {**policy, "name": "Ghost", "filter": {"subscription_ids": [premium["id"], 999_999]}}
    assert_error(api.post("/sla/policies", json=bad), 422, "filter.subscription_ids.1")
    held = api.post("/tickets", json={"subject": "Help", "account_id": acme["id"]}).json()
    not_held = api.post("/tickets", json={"subject": "Help", "account_id": other["id"]}).json()
    assert held["sla_policy_id"] == premium_policy and not_held["sla_policy_id"] is None
