"""Journeys over the API: accounts join on their entry criteria, move on as exit criteria come true (also
seconds after a change, through the change hook), reaching the value stage is celebrated with a CTA, and
the report measures time in stage, stuck accounts and time to value per cohort; bad definitions refused."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from steward.core.clock import today_utc
from tests.factories import ApiClient, Tenant, assert_error

ONBOARDING: dict[str, Any] = {
    "name": "Onboarding",
    "enter_when": [{"field": "lifecycle_stage", "op": "eq", "value": "onboarding"}],
    "stages": [
        {"key": "kickoff", "name": "Kick-off", "expected_days": 14,
         "exit_when": [{"field": "contacts", "op": "gte", "value": 2}]},
        {"key": "adoption", "name": "Adoption", "expected_days": 30,
         "exit_when": [{"field": "activities_30d", "op": "gte", "value": 2}]},
        {"key": "live", "name": "Live", "value": True, "celebrate": "cta",
         "exit_when": [{"field": "activities_30d", "op": "gte", "value": 5}]},
        {"key": "expanding", "name": "Expanding"},
    ],
}  # fmt: skip


def _account(api: ApiClient, ext: str, stage: str, contacts: int = 0) -> int:
    account = api.post(
        "/accounts", json={"external_id": ext, "name": ext.title(), "lifecycle_stage": stage}
    ).json()
    for n in range(contacts):
        api.post("/contacts", json={"external_id": f"{ext}-{n}", "account_id": account["id"]})
    return int(account["id"])


def test_accounts_join_move_on_and_are_measured(api: ApiClient) -> None:
    slow = _account(api, "slow", "onboarding")
    quick = _account(api, "quick", "onboarding", contacts=2)
    _account(api, "old", "adoption")
    journey = api.post("/journeys", json=ONBOARDING).json()
    first = api.post(f"/journeys/{journey['id']}/advance").json()
    assert first == {"entered": 2, "moved": 1, "completed": 0, "celebrated": 0}  # quick had its contacts

    for days in (1, 2):  # two calls: the change hook moves quick on to Live at once
        at = f"{(today_utc() - timedelta(days=days)).isoformat()}T10:00:00Z"
        assert (
            api.post(
                "/timeline", json={"account_id": quick, "kind": "call", "subject": "c", "occurred_at": at}
            ).status_code
            == 201
        )
    (cta,) = api.get("/ctas", params={"account_id": quick}).json()["items"]
    assert cta["reason"] == "Onboarding: reached Live" and cta["type"] == "lifecycle"
    assert api.post(f"/journeys/{journey['id']}/advance").json()["moved"] == 0  # nothing more to do

    old_start = today_utc() - timedelta(days=70)
    stuck = _account(api, "stuck", "adoption")
    done = _account(api, "done", "renewal")
    history = {"items": [
        {"account_id": stuck, "stage": "kickoff", "on": old_start.isoformat()},
        {"account_id": stuck, "stage": "adoption", "on": (old_start + timedelta(days=10)).isoformat()},
        {"account_id": done, "stage": "kickoff", "on": old_start.isoformat()},
        {"account_id": done, "stage": "adoption", "on": (old_start + timedelta(days=20)).isoformat()},
        {"account_id": done, "stage": "live", "on": (old_start + timedelta(days=40)).isoformat()},
        {"account_id": done, "stage": "expanding", "on": (old_start + timedelta(days=50)).isoformat()},
    ]}  # fmt: skip
    assert api.post(f"/journeys/{journey['id']}/history", json=history).json() == {"accounts": 2}
    report = api.get(f"/journeys/{journey['id']}/report").json()
    by_key = {s["key"]: s for s in report["stages"]}
    assert report["accounts"] == 4 and [by_key[k]["accounts"] for k in by_key] == [1, 1, 1, 1]
    assert by_key["kickoff"]["median_days"] == 10.0  # stays of 0 (quick), 10 (stuck), 20 (done)
    assert by_key["adoption"]["stuck"] == [{"account_id": stuck, "name": "Stuck", "days": 60}]
    assert by_key["kickoff"]["stuck"] == []  # slow joined today
    cohorts = {c["cohort"]: c for c in report["time_to_value"]}
    old = cohorts[f"{old_start:%Y-%m}"]
    assert (old["accounts"], old["reached_value"], old["median_days_to_value"]) == (2, 1, 40.0)
    assert cohorts[f"{today_utc():%Y-%m}"]["median_days_to_value"] == 0.0  # quick reached Live the same day
    assert slow not in [s["account_id"] for s in by_key["kickoff"]["stuck"]]


def test_bad_journeys_and_history_are_refused(api: ApiClient, tenant: Tenant) -> None:
    stages = ONBOARDING["stages"]
    middle_open = {**ONBOARDING, "stages": [stages[0], {"key": "x", "name": "X"}, stages[3]]}
    assert_error(api.post("/journeys", json=middle_open), 422, "stages")
    assert_error(api.post("/journeys", json={**ONBOARDING, "stages": [stages[0], stages[0]]}), 422, "stages")
    two_values = {**ONBOARDING, "stages": [{**stages[0], "value": True}, stages[2], stages[3]]}
    assert_error(api.post("/journeys", json=two_values), 422, "stages")
    in_two = [{"field": "contacts", "op": "in", "value": 2}]
    bad_op = {**ONBOARDING, "stages": [{**stages[0], "exit_when": in_two}, stages[3]]}
    assert_error(api.post("/journeys", json=bad_op), 422, "stages.0.exit_when.0.value")
    moody = {**ONBOARDING, "enter_when": [{"field": "mood", "op": "eq", "value": "x"}]}
    assert_error(api.post("/journeys", json=moody), 422, "field")
    assert_error(api.as_key(tenant.keys["csm"]).post("/journeys", json=ONBOARDING), 403)
    journey = api.post("/journeys", json=ONBOARDING).json()
    assert_error(api.post("/journeys", json=ONBOARDING), 409, "name")

    a = _account(api, "a", "adoption")  # not joining by itself
    day = date(2026, 1, 10).isoformat()

    def at(stage: str, on: str = day, account: int = a) -> dict[str, Any]:
        return {"account_id": account, "stage": stage, "on": on}

    bad = [
        ([at("nowhere")], "stage"),
        ([at("kickoff", account=999_999)], "account_id"),
        ([at("adoption"), at("kickoff")], "on"),
        ([at("kickoff"), at("adoption", "2026-01-01")], "on"),
        ([at("done")], "stage"),
    ]  # fmt: skip
    for items, loc in bad:
        assert_error(api.post(f"/journeys/{journey['id']}/history", json={"items": items}), 422, loc)
    api.patch(f"/accounts/{a}", json={"lifecycle_stage": "onboarding"})  # joins through the change hook
    again = {"items": [{"account_id": a, "stage": "kickoff", "on": day}]}
    assert_error(api.post(f"/journeys/{journey['id']}/history", json=again), 409, "account_id")
    off = api.patch(f"/journeys/{journey['id']}", json={"enabled": False}).json()
    assert off["enabled"] is False
    assert_error(api.patch(f"/journeys/{journey['id']}", json={"name": None}), 422, "name")
