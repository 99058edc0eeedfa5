"""Renewal opportunities over the API: opened once ahead of each term's end, forecast (automatic until a
person sets it), closed with outcomes that write the next term and feed renewal NRR and GRR; bad input."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from steward.core.clock import today_utc
from tests.factories import ApiClient, Tenant, assert_error, make_tenant


def _term(api: ApiClient, account_id: int, ext: str, ends_in: int, status: str = "active") -> dict[str, Any]:
    end = today_utc() + timedelta(days=ends_in)
    body = {
        "external_id": ext, "account_id": account_id, "plan": "Pro", "amount_minor": 120_000,
        "currency": "USD", "billing_period": "year", "start_date": (end - timedelta(days=365)).isoformat(),
        "end_date": end.isoformat(), "status": status, "seats": 10,
    }  # fmt: skip
    r = api.post("/subscriptions", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_open_forecast_and_close_renewals(api: ApiClient, tenant: Tenant) -> None:
    acme = api.post("/accounts", json={"external_id": "a1", "name": "Acme"}).json()
    soon = _term(api, acme["id"], "S1", 60)
    later = _term(api, acme["id"], "S2", 200)
    _term(api, acme["id"], "S3", 30, status="canceled")  # no revenue to renew

    assert api.post("/renewals/open-due").json() == {"opened": 1, "forecasts_refreshed": 0}
    assert api.post("/renewals/open-due").json()["opened"] == 0  # once per term
    items = api.get("/renewals").json()["items"]
    assert [i["subscription_id"] for i in items] == [soon["id"]]
    opp = items[0]
    assert opp["forecast"] == "commit" and opp["forecast_by"] == "auto"  # auto-renews, nothing risky
    assert opp["current_arr_minor"] == opp["expected_arr_minor"] == 120_000 and opp["days_left"] == 60

    moved = api.patch(f"/renewals/{opp['id']}", json={"forecast": "at_risk", "expected_arr_minor": 90_000})
    assert moved.json()["forecast"] == "at_risk" and moved.json()["forecast_by"] == "person"
    api.post("/renewals/open-due")
    assert api.get(f"/renewals/{opp['id']}").json()["forecast"] == "at_risk"  # a person's call is kept
    (quarter,) = api.get("/renewals/pipeline").json()
    cells = {c["forecast"]: c for c in quarter["cells"]}
    assert cells["at_risk"] == {"forecast": "at_risk", "count": 1, "expected_arr_minor": 90_000}
    assert api.get("/renewals", params={"quarter": quarter["quarter"]}).json()["total"] == 1

    assert api.put("/renewals/settings", json={"lead_days": 365}).status_code == 200
    assert api.post("/renewals/open-due").json()["opened"] == 1
    second = api.get("/renewals", params={"forecast": "commit"}).json()["items"][0]
    assert second["subscription_id"] == later["id"]

    closed = api.post(
        f"/renewals/{opp['id']}/close", json={"outcome": "upsell", "outcome_arr_minor": 150_000}
    )
    assert closed.status_code == 200, closed.text
    nxt = api.get(f"/subscriptions/{closed.json()['next_subscription_id']}").json()
    assert nxt["start_date"] == soon["end_date"] and nxt["amount_minor"] == 150_000
    assert date.fromisoformat(nxt["end_date"]) - date.fromisoformat(nxt["start_date"]) == timedelta(days=365)
    assert_error(api.post(f"/renewals/{opp['id']}/close", json={"outcome": "renewed"}), 409)
    assert_error(api.patch(f"/renewals/{opp['id']}", json={"forecast": "commit"}), 409)

    assert_error(
        api.post(f"/renewals/{second['id']}/close", json={"outcome": "churned"}), 422, "churn_reason"
    )
    body = {"outcome": "churned", "churn_reason": "weather"}
    assert (
        "price"
        in assert_error(api.post(f"/renewals/{second['id']}/close", json=body), 422)["detail"][0]["msg"]
    )
    churned = api.post(
        f"/renewals/{second['id']}/close", json={"outcome": "churned", "churn_reason": "price"}
    )
    assert churned.json()["outcome_arr_minor"] == 0 and churned.json()["next_subscription_id"] is None
    assert api.get(f"/subscriptions/{later['id']}").json()["auto_renew"] is False

    end = (today_utc() + timedelta(days=400)).isoformat()
    report = api.get("/renewals/outcomes", params={"start": today_utc().isoformat(), "end": end}).json()
    assert report["closed"] == 2 and report["current_arr_minor"] == 240_000
    assert report["nrr"] == 150_000 / 240_000 and report["grr"] == 120_000 / 240_000
    assert report["churn_by_reason"] == [{"reason": "price", "count": 1, "arr_minor": 120_000}]
    assert api.get("/renewals", params={"status": "closed"}).json()["total"] == 2

    viewer = api.as_key(tenant.keys["viewer"])
    assert_error(viewer.patch(f"/renewals/{opp['id']}", json={"notes": "x"}), 403)
    assert_error(viewer.post("/renewals/open-due"), 403)
    stranger = api.as_key(make_tenant("Stranger").keys["admin"])
    assert_error(stranger.get(f"/renewals/{opp['id']}"), 404)
    assert stranger.get("/renewals").json()["total"] == 0


def test_bad_renewal_input_is_named(api: ApiClient) -> None:
    acme = api.post("/accounts", json={"external_id": "a1", "name": "Acme"}).json()
    _term(api, acme["id"], "S1", 10)
    api.post("/renewals/open-due")
    rid = api.get("/renewals").json()["items"][0]["id"]
    assert_error(api.post(f"/renewals/{rid}/close", json={"outcome": "renewed", "outcome_arr_minor": 1}),
                 422, "outcome_arr_minor")  # fmt: skip
    assert_error(api.post(f"/renewals/{rid}/close", json={"outcome": "downsell", "outcome_arr_minor": 0}),
                 422, "outcome_arr_minor")  # fmt: skip
    assert_error(api.post(f"/renewals/{rid}/close", json={"outcome": "upsell"}), 422, "outcome_arr_minor")
    assert_error(api.post(f"/renewals/{rid}/close", json={"outcome": "renewed", "churn_reason": "price"}),
                 422, "churn_reason")  # fmt: skip
    assert_error(api.post(f"/renewals/{rid}/close", json={"outcome": "won"}), 422, "outcome")
    assert_error(api.patch(f"/renewals/{rid}", json={"owner_id": 999_999}), 422, "owner_id")
    assert_error(api.patch(f"/renewals/{rid}", json={"forecast": None}), 422, "forecast")
    assert_error(api.get("/renewals", params={"quarter": "2027Q5"}), 422, "quarter")
    assert_error(
        api.get("/renewals/outcomes", params={"start": "2027-01-02", "end": "2027-01-01"}), 422, "end"
    )
    assert_error(api.put("/renewals/settings", json={"lead_days": 0}), 422, "lead_days")
    assert_error(
        api.put("/renewals/settings", json={"churn_reasons": ["price", "price"]}), 422, "churn_reasons"
    )
    assert_error(api.put("/renewals/settings", json={"churn_reasons": ["Bad Code"]}), 422, "churn_reasons")
    assert_error(api.get("/renewals/999999"), 404)
    renewed = api.post(f"/renewals/{rid}/close", json={"outcome": "renewed"}).json()
    assert renewed["outcome_arr_minor"] == 120_000 and renewed["status"] == "closed"


def test_backfilled_outcomes_agree_with_the_revenue_movement(demo: ApiClient) -> None:
    """Two independent computations: renewal NRR/GRR from the opportunities read back from the term history,
    and the ARR movement of the same 12 months from the terms themselves. Terms that end in the period are
    nearly all of what can move ARR, so the two agree closely."""
    outcomes = demo.get("/renewals/outcomes").json()
    movement = demo.get("/revenue").json()["movement"]
    assert outcomes["closed"] > 20
    assert abs(outcomes["nrr"] - movement["nrr"]) < 0.02 and abs(outcomes["grr"] - movement["grr"]) < 0.02
    churned = sum(r["arr_minor"] for r in outcomes["churn_by_reason"])
    assert churned == next(
        o["current_arr_minor"] for o in outcomes["by_outcome"] if o["outcome"] == "churned"
    )
