"""Business reviews over the API: a cadence per segment schedules one review per account, holding one
schedules the next, and the pack gathers health, activity, plans, renewals and open work for the period."""

from __future__ import annotations

from datetime import timedelta

from steward.core.clock import now_utc, today_utc
from tests.factories import ApiClient, Tenant, assert_error, make_tenant


def test_cadence_schedules_and_holding_reschedules(api: ApiClient, tenant: Tenant) -> None:
    big = api.post("/accounts", json={"external_id": "b", "name": "Big", "segment": "Enterprise"}).json()
    api.post("/accounts", json={"external_id": "s", "name": "Small", "segment": "SMB"})
    api.post("/accounts", json={"external_id": "g", "name": "Gone", "segment": "Enterprise",
                                "lifecycle_stage": "churned"})  # fmt: skip
    assert_error(api.put("/reviews/cadence", json={"every_days": {"Enterprize": 90}}), 422, "Enterprize")
    assert_error(api.put("/reviews/cadence", json={"every_days": {"Enterprise": 3}}), 422, "Enterprise")
    assert api.put("/reviews/cadence", json={"every_days": {"Enterprise": 90}}).status_code == 200
    assert api.post("/reviews/schedule-due").json() == {"scheduled": 1}  # not SMB, not the churned one
    assert api.post("/reviews/schedule-due").json() == {"scheduled": 0}
    (review,) = api.get("/reviews", params={"status": "scheduled"}).json()
    assert review["account_id"] == big["id"] and review["source"] == "cadence"
    assert review["due_date"] == (today_utc() + timedelta(days=14)).isoformat()
    assert_error(
        api.post("/reviews", json={"account_id": big["id"], "due_date": "2030-01-01"}), 409, "account_id"
    )

    held_on = today_utc() - timedelta(days=1)
    body = {"status": "held", "held_on": held_on.isoformat(), "notes": "Sponsor wants SSO for the EU team."}
    held = api.patch(f"/reviews/{review['id']}", json=body).json()
    assert held["status"] == "held" and held["held_on"] == held_on.isoformat()
    (nxt,) = api.get("/reviews", params={"status": "scheduled"}).json()
    assert nxt["due_date"] == (held_on + timedelta(days=90)).isoformat()
    assert_error(api.patch(f"/reviews/{review['id']}", json={"status": "cancelled"}), 409, "status")
    assert_error(api.patch(f"/reviews/{nxt['id']}", json={"held_on": "2026-01-01"}), 422, "held_on")
    assert_error(api.patch(f"/reviews/{nxt['id']}", json={"status": None}), 422, "status")

    viewer = api.as_key(tenant.keys["viewer"])
    assert_error(viewer.patch(f"/reviews/{nxt['id']}", json={"notes": "x"}), 403)
    assert_error(api.as_key(tenant.keys["csm"]).put("/reviews/cadence", json={"every_days": {}}), 403)
    stranger = api.as_key(make_tenant("Stranger").keys["admin"])
    assert_error(stranger.get(f"/reviews/{nxt['id']}/pack"), 404)


def test_pack_from_live_data(api: ApiClient) -> None:
    acme = api.post("/accounts", json={"external_id": "a", "name": "Acme", "segment": "Enterprise"}).json()
    today = today_utc()
    term = {"external_id": "S1", "account_id": acme["id"], "plan": "Pro", "amount_minor": 120_000,
            "currency": "USD", "billing_period": "year",
            "start_date": (today - timedelta(days=300)).isoformat(),
            "end_date": (today + timedelta(days=65)).isoformat()}  # fmt: skip
    api.post("/subscriptions", json=term)
    api.post("/renewals/open-due")
    for days, kind in ((10, "meeting"), (20, "call"), (30, "call"), (200, "email")):
        at = (today - timedelta(days=days)).isoformat() + "T10:00:00Z"
        activity = {"account_id": acme["id"], "kind": kind, "subject": kind, "occurred_at": at}
        assert api.post("/timeline", json=activity).status_code == 201
    objective = {"title": "Go live", "start_date": (today - timedelta(days=20)).isoformat(),
                 "due_date": (today + timedelta(days=20)).isoformat(),
                 "items": [{"title": "SSO"}]}  # fmt: skip
    api.post("/plans", json={"account_id": acme["id"], "title": "Acme plan", "objectives": [objective]})
    api.post("/ctas", json={"account_id": acme["id"], "type": "opportunity", "reason": "Second team"})
    api.post(
        "/sla/policies", json={"name": "All", "filter": {}, "targets": {"normal": {"first_response": 60}}}
    )
    for ago, category in ((timedelta(hours=2), "Billing"), (timedelta(days=100), "Export")):
        at = (now_utc() - ago).isoformat()
        api.post(
            "/tickets",
            json={"subject": "Help", "account_id": acme["id"], "category": category, "created_at": at},
        )
    review = api.post("/reviews", json={"account_id": acme["id"], "due_date": today.isoformat()}).json()

    pack = api.get(f"/reviews/{review['id']}/pack").json()
    assert (
        pack["period_start"] == (today - timedelta(days=90)).isoformat()
        and pack["period_end"] == today.isoformat()
    )
    assert pack["activities"] == {"call": 2, "meeting": 1}  # the e-mail was before the period
    assert pack["arr_minor"] == 120_000 and pack["arr_year_ago_minor"] == 0
    assert [p["title"] for p in pack["plans"]] == ["Acme plan"] and pack["plans"][0]["objectives"][0][
        "title"
    ] == "Go live"
    assert pack["renewals"][0]["forecast"] == "commit" and pack["open_ctas"] == {"opportunity": 1}
    assert pack["health"] is None  # no scorecard
    support = pack["support"]  # the ticket of 100 days ago is before the period, and still open
    assert (support["tickets_opened"], support["open_now"]) == (1, 2)
    assert (support["sla_met"], support["sla_breached"], support["share_met"]) == (0, 1, 0.0)
    assert support["top_categories"] == {"Billing": 1} and support["csat"] is None
