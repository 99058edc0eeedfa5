"""Rules over the API: preview, run (CTAs made once, then updated, never duplicated, with the playbook's
tasks), rules that fire on a change, the run log, loops and bad fields refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from steward.core.clock import today_utc
from steward.domains.rules import jobs as rules_jobs
from tests.factories import ApiClient, Tenant, assert_error

RED: dict[str, Any] = {
    "name": "Red accounts",
    "trigger": {"kind": "health_grade", "grades": ["red"]},
    "conditions": [{"field": "arr", "op": "gt", "value": 0}],
    "actions": [{"kind": "create_cta", "type": "risk", "reason": "Red (test)", "priority": "high",
                 "due_in_days": 5}],
}  # fmt: skip


def test_preview_then_run_makes_each_cta_once(demo: ApiClient) -> None:
    book = demo.post(
        "/playbooks", json={"name": "Rescue", "tasks": [{"key": "call", "title": "Call"}]}
    ).json()
    rule = {**RED, "actions": [{**RED["actions"][0], "playbook_id": book["id"]}]}
    preview = demo.post("/rules/preview", json={k: rule[k] for k in ("trigger", "conditions", "actions")})
    assert preview.status_code == 200, preview.text
    seen = preview.json()
    assert seen["matched"] > 0 and seen["accounts_checked"] >= 60
    assert all(a["why"]["grade"] == "red" and a["why"]["arr"] > 0 for a in seen["accounts"])

    made = demo.post("/rules", json=rule)
    assert made.status_code == 201, made.text
    assert made.json()["enabled"] is False
    first = demo.post(f"/rules/{made.json()['id']}/run").json()
    assert first["matched"] == seen["matched"] and first["ctas_created"] == seen["matched"]
    second = demo.post(f"/rules/{made.json()['id']}/run").json()
    assert second["ctas_created"] == 0 and second["ctas_updated"] == seen["matched"]
    ctas = [c for c in demo.get("/ctas", params={"type": "risk", "limit": 200}).json()["items"]
            if c["reason"] == "Red (test)"]  # fmt: skip
    assert len(ctas) == seen["matched"]  # no duplicates
    one = demo.get(f"/ctas/{ctas[0]['id']}").json()
    assert (
        one["source"] == "rule"
        and one["priority"] == "high"
        and [t["title"] for t in one["tasks"]] == ["Call"]
    )
    assert one["owner_id"] is not None  # the account's owner
    runs = demo.get(f"/rules/{made.json()['id']}/runs").json()
    assert [r["cause"] for r in runs] == ["manual", "manual"] and runs[0]["sample"][0]["why"][
        "grade"
    ] == "red"


def test_an_enabled_rule_fires_on_a_change(api: ApiClient, tenant: Tenant) -> None:
    account = api.post("/accounts", json={"external_id": "a", "name": "Acme", "segment": "SMB"}).json()
    start = (today_utc() - timedelta(days=300)).isoformat()
    sub = {
        "external_id": "s", "account_id": account["id"], "plan": "Pro", "amount_minor": 100_000,
        "currency": "USD", "billing_period": "month", "start_date": start,
        "end_date": (today_utc() + timedelta(days=200)).isoformat(),
    }  # fmt: skip
    made = api.post("/subscriptions", json=sub).json()
    rule = {
        "name": "Renewal in 60 days", "enabled": True, "trigger": {"kind": "renewal_due", "days": 60},
        "conditions": [{"field": "segment", "op": "eq", "value": "SMB"}],
        "actions": [
            {"kind": "create_cta", "type": "lifecycle", "reason": "Renewal coming", "due_in_days": 14}
        ],
    }  # fmt: skip
    assert api.post("/rules", json=rule).status_code == 201
    assert api.get("/ctas").json()["total"] == 0
    soon = (today_utc() + timedelta(days=30)).isoformat()
    assert api.patch(f"/subscriptions/{made['id']}", json={"end_date": soon}).status_code == 200
    ctas = api.get("/ctas").json()["items"]
    assert [(c["account_id"], c["reason"]) for c in ctas] == [(account["id"], "Renewal coming")]
    assert rules_jobs.run_daily(today=today_utc() + timedelta(days=400)) >= 1  # the daily pass runs it too
    assert api.get("/ctas").json()["total"] == 1


def test_loops_and_bad_fields_are_refused(api: ApiClient, tenant: Tenant) -> None:
    api.post("/accounts", json={"external_id": "a", "name": "Acme", "lifecycle_stage": "adoption"})

    def setter(name: str, when: str, to: str) -> dict[str, Any]:
        return {
            "name": name, "trigger": {"kind": "schedule"},
            "conditions": [{"field": "lifecycle_stage", "op": "eq", "value": when},
                           {"field": "lifecycle_stage", "op": "ne", "value": to}],
            "actions": [{"kind": "set_field", "field": "lifecycle_stage", "value": to}],
        }  # fmt: skip

    assert api.post("/rules", json=setter("To renewal", "adoption", "renewal")).status_code == 201
    body = assert_error(api.post("/rules", json=setter("Back", "renewal", "adoption")), 422, "actions")
    assert "'To renewal'" in body["detail"][0]["msg"] and "'Back'" in body["detail"][0]["msg"]
    unguarded = {
        **setter("Self", "adoption", "x"),
        "conditions": [{"field": "lifecycle_stage", "op": "not_empty"}],
    }
    unguarded["name"] = "Self"
    assert_error(api.post("/rules", json=unguarded), 422, "actions")

    def bad(**change: Any) -> dict[str, Any]:
        return {**RED, "name": "Bad", **change}

    cases = [
        (bad(conditions=[{"field": "segment", "op": "gt", "value": "SMB"}]), ["body", "conditions", 0, "op"]),
        (
            bad(conditions=[{"field": "segment", "op": "in", "value": "SMB"}]),
            ["body", "conditions", 0, "value"],
        ),
        (bad(conditions=[{"field": "arr", "op": "gt", "value": "lots"}]), ["body", "conditions", 0, "value"]),
        (
            bad(conditions=[{"field": "segment", "op": "empty", "value": "x"}]),
            ["body", "conditions", 0, "value"],
        ),
        (bad(actions=[{**RED["actions"][0], "type": "nope"}]), ["body", "actions", 0, "type"]),
        (bad(actions=[{**RED["actions"][0], "playbook_id": 999}]), ["body", "actions", 0, "playbook_id"]),
        (
            bad(actions=[{"kind": "set_field", "field": "owner_id", "value": 999999}]),
            ["body", "actions", 0, "value"],
        ),
    ]
    for rule, loc in cases:
        body = assert_error(api.post("/rules", json=rule), 422)
        assert body["detail"][0]["loc"] == loc, (rule, body)
    assert_error(api.post("/rules", json=bad(trigger={"kind": "health_drop", "points": 0})), 422, "points")
    assert_error(api.post("/rules", json=bad(trigger={"kind": "sometimes"})), 422, "trigger")
    assert_error(api.as_key(tenant.keys["csm"]).post("/rules", json=RED), 403)
    assert_error(api.get("/rules/99999"), 404)


def test_assignment_shares_accounts_among_a_pool(api: ApiClient) -> None:
    people = [{"email": f"csm{n}@example.com", "name": f"CSM {n}", "role": "csm"} for n in range(3)]
    pool = [api.post("/users", json=p).json()["id"] for p in people]
    admin = next(u["id"] for u in api.get("/users").json() if u["role"] == "admin")
    bodies = [{"external_id": f"a{n}", "name": f"A{n}", "segment": "SMB"} for n in range(4)]
    ids = [api.post("/accounts", json=b).json()["id"] for b in bodies]
    outsider = api.post(
        "/accounts", json={"external_id": "o", "name": "O", "segment": "SMB", "owner_id": admin}
    ).json()
    rule = {
        "name": "Share SMB", "trigger": {"kind": "schedule"},
        "conditions": [{"field": "segment", "op": "eq", "value": "SMB"}],
        "actions": [{"kind": "assign_owner", "pool": pool, "method": "round_robin"}],
    }  # fmt: skip
    made = api.post("/rules", json=rule).json()
    assert api.post(f"/rules/{made['id']}/run").json()["fields_changed"] == 5
    owners = {a["id"]: a["owner_id"] for a in api.get("/accounts", params={"limit": 50}).json()["items"]}
    assert [owners[i] for i in [*ids, outsider["id"]]] == [pool[0], pool[1], pool[2], pool[0], pool[1]]
    late = api.post("/accounts", json={"external_id": "late", "name": "Late", "segment": "SMB"}).json()
    assert api.post(f"/rules/{made['id']}/run").json()["fields_changed"] == 1  # the others stay put
    assert api.get(f"/accounts/{late['id']}").json()["owner_id"] == pool[2]  # where it stopped

    lightest = {**rule, "name": "Even out", "actions": [{"kind": "assign_owner", "pool": pool[:2],
                                                         "method": "lightest_book"}]}  # fmt: skip
    api.post("/accounts", json={"external_id": "new", "name": "New", "segment": "SMB"})
    api.put(f"/rules/{made['id']}", json={**rule, "enabled": False})
    second = api.post("/rules", json=lightest).json()
    # Unowned "New" and the accounts of pool[2] go to whoever of pool[0] (2) and pool[1] (2) is lighter.
    assert api.post(f"/rules/{second['id']}/run").json()["fields_changed"] == 3

    assert_error(api.post("/rules", json={**rule, "name": "Bad", "actions": [
        {"kind": "assign_owner", "pool": [999_999]}]}), 422, "pool")  # fmt: skip
    assert_error(api.post("/rules", json={**rule, "name": "Bad", "actions": [
        {"kind": "assign_owner", "pool": [pool[0], pool[0]]}]}), 422, "pool")  # fmt: skip


def test_engagement_fields_read_contacts_seats_and_activity(api: ApiClient) -> None:
    busy = api.post("/accounts", json={"external_id": "b", "name": "Busy", "segment": "SMB"}).json()
    quiet = api.post("/accounts", json={"external_id": "q", "name": "Quiet", "segment": "SMB"}).json()
    today = today_utc()
    for n in range(3):
        api.post(
            "/contacts", json={"external_id": f"c{n}", "account_id": busy["id"], "email": f"c{n}@busy.test"}
        )
    term = {"external_id": "s", "account_id": busy["id"], "plan": "Pro", "amount_minor": 1000,
            "currency": "USD", "billing_period": "month", "seats": 25,
            "start_date": (today - timedelta(days=400)).isoformat()}  # fmt: skip
    assert api.post("/subscriptions", json=term).status_code == 201
    for days in (2, 9, 45):
        at = f"{(today - timedelta(days=days)).isoformat()}T09:00:00Z"
        api.post(
            "/timeline", json={"account_id": busy["id"], "kind": "call", "subject": "c", "occurred_at": at}
        )
    rule = {
        "trigger": {"kind": "schedule"},
        "conditions": [{"field": "contacts", "op": "gte", "value": 3},
                       {"field": "seats", "op": "gte", "value": 20},
                       {"field": "activities_30d", "op": "eq", "value": 2},
                       {"field": "days_since_activity", "op": "eq", "value": 2},
                       {"field": "tenure_days", "op": "eq", "value": 400}],
        "actions": [{"kind": "create_cta", "type": "opportunity", "reason": "Ready to grow"}],
    }  # fmt: skip
    preview = api.post("/rules/preview", json=rule).json()
    assert [a["account_id"] for a in preview["accounts"]] == [busy["id"]]
    assert preview["accounts"][0]["why"]["seats"] == 25 and quiet["id"] not in [
        a["account_id"] for a in preview["accounts"]
    ]
    quiet_rule = {**rule, "conditions": [{"field": "days_since_activity", "op": "empty"},
                                         {"field": "contacts", "op": "eq", "value": 0}]}  # fmt: skip
    assert [a["account_id"] for a in api.post("/rules/preview", json=quiet_rule).json()["accounts"]] == [
        quiet["id"]
    ]


def test_a_logged_activity_fires_a_rule(api: ApiClient) -> None:
    acme = api.post("/accounts", json={"external_id": "a", "name": "Acme"}).json()
    term = {"external_id": "s", "account_id": acme["id"], "plan": "Pro", "product": "Analytics",
            "amount_minor": 100, "currency": "USD", "billing_period": "month",
            "start_date": "2026-01-01"}  # fmt: skip
    api.post("/subscriptions", json=term)
    rule = {
        "name": "Follow up meetings", "enabled": True,
        "trigger": {"kind": "activity_logged", "kinds": ["meeting"], "within_days": 0},
        "conditions": [{"field": "product", "op": "eq", "value": "Analytics"}],
        "actions": [{"kind": "create_cta", "type": "activity", "reason": "Send the meeting notes",
                     "due_in_days": 1}],
    }  # fmt: skip
    assert api.post("/rules", json=rule).status_code == 201
    api.post("/timeline", json={"account_id": acme["id"], "kind": "call", "subject": "Quick call"})
    assert api.get("/ctas").json()["total"] == 0  # a call is not a meeting
    api.post("/timeline", json={"account_id": acme["id"], "kind": "meeting", "subject": "QBR prep"})
    (cta,) = api.get("/ctas").json()["items"]  # seconds later, through the change hook
    assert cta["reason"] == "Send the meeting notes" and cta["source"] == "rule"
    bad = {**rule, "name": "Bad", "trigger": {"kind": "activity_logged", "kinds": ["tweet"]}}
    assert_error(api.post("/rules", json=bad), 422, "kinds")
