"""Usage rollups and adoption metrics: numbers checked against a direct count over the raw events, a rerun
and a rebuild from scratch give the same figures, and a late event lands on the day it happened."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, time, timedelta

import orjson
from fastapi.testclient import TestClient
from sqlalchemy import delete

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.domains.events.models import ActiveUserDay, RollupMark, UsageDaily
from tests.factories import ApiClient, Tenant, assert_error

PLAN = [  # (days ago, user, event, times)
    (0, "u1", "Report Built", 3),
    (0, "u2", "Report Built", 1),
    (1, "u1", "Login", 2),
    (5, "u3", "Login", 1),
    (12, "u4", "Report Built", 2),
    (20, "u1", "Login", 1),
    (35, "u1", "Login", 4),
    (40, "u2", "Report Built", 6),
]


def _send(client: TestClient, key: str, messages: list[dict[str, object]]) -> None:
    auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}
    r = client.post("/v1/batch", content=orjson.dumps({"batch": messages}), headers=auth)
    assert r.status_code == 200 and not r.json()["rejected"], r.text


def _messages(
    today: date, plan: list[tuple[int, str, str, int]], prefix: str = "m"
) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for days, user, event, times in plan:
        for n in range(times):
            at = datetime.combine(today - timedelta(days=days), time(9, n), tzinfo=UTC)
            out.append(
                {
                    "type": "track",
                    "messageId": f"{prefix}-{days}-{user}-{event}-{n}",
                    "userId": user,
                    "event": event,
                    "timestamp": at.isoformat(),
                    "context": {"groupId": "acme"},
                }
            )
    return out


def test_adoption_metrics_from_rollups(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    today = today_utc()
    acme = api.post("/accounts", json={"external_id": "acme", "name": "Acme"}).json()
    start = today - timedelta(days=100)
    term = {
        "external_id": "s",
        "account_id": acme["id"],
        "plan": "Pro",
        "amount_minor": 1000,
        "currency": "USD",
        "billing_period": "month",
        "seats": 8,
        "start_date": start.isoformat(),
    }
    api.post("/subscriptions", json=term)
    assert (
        api.put("/usage/key-events", json={"events": ["Report Built", "Dashboard Shared"]}).status_code == 200
    )
    _send(app_client, tenant.write_key, _messages(today, PLAN))
    assert api.post("/usage/rollup").json()["days_rebuilt"] == 7  # the distinct days

    usage = api.get(f"/usage/accounts/{acme['id']}").json()
    # By hand: today u1,u2; last 7 days u1,u2,u3; last 30 days u1..u4.
    assert (usage["dau"], usage["wau"], usage["mau"]) == (2, 3, 4)
    assert usage["stickiness"] == 0.5 and usage["seats"] == 8 and usage["seat_utilisation"] == 0.5
    # 30 days: 3+1+2+1+2+1 = 10 events; the 30 before: 4+6 = 10 -> trend 0.
    assert (usage["events_30d"], usage["events_prior_30d"], usage["trend_30d"]) == (10, 10, 0.0)
    assert usage["key_events_used"] == ["Report Built"] and usage["key_events_unused"] == ["Dashboard Shared"]
    assert usage["first_key_event_on"] == (today - timedelta(days=40)).isoformat()
    assert usage["days_to_first_value"] == 60
    assert {d["day"]: d["events"] for d in usage["daily"]}[today.isoformat()] == 4

    # Across the workspace: a second account with a falling month sorts first by trend.
    beta = api.post("/accounts", json={"external_id": "beta", "name": "Beta"}).json()
    falling = [(d, "b1", "Login", 1) for d in (45, 44, 43, 42)] + [(5, "b1", "Login", 1)]
    _send(
        app_client,
        tenant.write_key,
        [{**m, "context": {"groupId": "beta"}} for m in _messages(today, falling, "b")],
    )
    api.post("/usage/rollup")
    view = api.get("/usage/overview").json()
    assert [a["name"] for a in view["accounts"]] == ["Beta", "Acme"]  # -75% before 0%
    row = {a["name"]: a for a in view["accounts"]}["Acme"]
    for field in ("mau", "seats", "seat_utilisation", "events_30d", "trend_30d", "days_to_first_value"):
        assert row[field] == usage[field], field
    assert row["key_events_used"] == 1 and row["account_id"] == acme["id"]
    assert {a["name"]: a["trend_30d"] for a in view["accounts"]}["Beta"] == -0.75
    assert (view["accounts_active"], view["accounts_falling"], view["accounts_underused"]) == (2, 1, 0)
    assert (view["events_30d"], view["events_prior_30d"]) == (11, 14)
    features = {f["event"]: f for f in view["features"]}
    assert features["Login"]["accounts"] == 2 and features["Login"]["share"] == 1.0
    assert features["Report Built"]["key"] and not features["Login"]["key"]
    daily = {d["day"]: d for d in view["daily"]}
    assert sum(d["events"] for d in view["daily"]) == 10 + 10 + 5
    assert daily[(today - timedelta(days=5)).isoformat()]["active_users"] == 2  # u3 at Acme, b1 at Beta
    names = [a["name"] for a in api.get("/usage/overview", params={"sort": "name"}).json()["accounts"]]
    assert names == ["Acme", "Beta"]
    assert_error(api.get("/usage/overview", params={"sort": "size"}), 422, "sort")
    api.delete(f"/accounts/{beta['id']}")
    with unit_of_work() as s:
        for table in (UsageDaily, ActiveUserDay):
            s.execute(delete(table).where(table.account_id == beta["id"]))

    assert api.post("/usage/rollup").json()["days_rebuilt"] == 0  # nothing new
    with unit_of_work() as s:  # lose the rollups altogether: a rebuild from the log gives the same
        for table in (UsageDaily, ActiveUserDay, RollupMark):
            s.execute(delete(table))
    api.post("/usage/rollup")
    assert api.get(f"/usage/accounts/{acme['id']}").json() == usage

    _send(app_client, tenant.write_key, _messages(today, [(40, "u5", "Dashboard Shared", 1)], prefix="late"))
    assert api.post("/usage/rollup").json()["days_rebuilt"] == 1  # only the day it happened on
    later = api.get(f"/usage/accounts/{acme['id']}").json()
    assert later["key_events_unused"] == [] and later["events_prior_30d"] == 11 and later["mau"] == 4

    assert_error(api.get("/usage/accounts/999999"), 404)
    assert_error(api.put("/usage/key-events", json={"events": [""]}), 422, "events")
    assert_error(api.as_key(tenant.keys["csm"]).put("/usage/key-events", json={"events": []}), 403)


def test_usage_triggers_rules_and_journeys(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    today = today_utc()
    acme = api.post(
        "/accounts", json={"external_id": "acme", "name": "Acme", "lifecycle_stage": "onboarding"}
    ).json()
    term = {
        "external_id": "s",
        "account_id": acme["id"],
        "plan": "Pro",
        "amount_minor": 1000,
        "currency": "USD",
        "billing_period": "month",
        "seats": 2,
        "start_date": (today - timedelta(days=90)).isoformat(),
    }
    api.post("/subscriptions", json=term)
    api.put("/usage/key-events", json={"events": ["Report Built"]})
    journey = {
        "name": "Onboarding",
        "enter_when": [{"field": "lifecycle_stage", "op": "eq", "value": "onboarding"}],
        "stages": [
            {
                "key": "setup",
                "name": "Set up",
                "exit_when": [{"field": "key_events_used", "op": "gte", "value": 1}],
            },
            {"key": "value", "name": "First value", "value": True},
        ],
    }
    journey_id = api.post("/journeys", json=journey).json()["id"]
    falling = {
        "name": "Usage falling",
        "enabled": True,
        "trigger": {"kind": "usage_drop", "share": 0.5},
        "actions": [{"kind": "create_cta", "type": "risk", "reason": "Usage fell by half"}],
    }
    full = {
        "name": "Seats full",
        "enabled": True,
        "trigger": {"kind": "seat_utilisation", "above": 1.0},
        "actions": [{"kind": "create_cta", "type": "opportunity", "reason": "Every seat in use"}],
    }
    assert (
        api.post("/rules", json=falling).status_code == 201
        and api.post("/rules", json=full).status_code == 201
    )
    api.post(f"/journeys/{journey_id}/advance")
    # The month before: 10 events; this month: 3, by 2 users (of 2 seats), one of them a key event.
    plan = [(40, "u1", "Login", 10), (3, "u1", "Login", 2), (2, "u2", "Report Built", 1)]
    _send(app_client, tenant.write_key, _messages(today, plan))
    api.post("/usage/rollup")  # the rollup hands the account to the change hook: rules and journeys follow
    reasons = sorted(c["reason"] for c in api.get("/ctas", params={"account_id": acme["id"]}).json()["items"])
    assert reasons == ["Every seat in use", "Usage fell by half"]
    report = api.get(f"/journeys/{journey_id}/report").json()
    assert [s["accounts"] for s in report["stages"]] == [0, 1]
