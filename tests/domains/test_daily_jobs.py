"""The daily jobs of renewals, reviews and journeys: each workspace in its own transaction, once a day."""

from __future__ import annotations

from datetime import timedelta

from steward.core.clock import today_utc
from steward.domains.journeys import jobs as journeys_jobs
from steward.domains.renewals import jobs as renewals_jobs
from steward.domains.reviews import jobs as reviews_jobs
from tests.factories import ApiClient


def test_daily_jobs_run_once_a_day(api: ApiClient) -> None:
    acme = api.post("/accounts", json={"external_id": "a", "name": "Acme", "segment": "Enterprise",
                                       "lifecycle_stage": "onboarding"}).json()  # fmt: skip
    end = today_utc() + timedelta(days=30)
    term = {"external_id": "s", "account_id": acme["id"], "plan": "Pro", "amount_minor": 100,
            "currency": "USD", "billing_period": "month", "start_date": "2026-01-01",
            "end_date": end.isoformat()}  # fmt: skip
    api.post("/subscriptions", json=term)
    api.put("/reviews/cadence", json={"every_days": {"Enterprise": 90}})
    journey = {"name": "On", "enter_when": [{"field": "lifecycle_stage", "op": "eq", "value": "onboarding"}],
               "stages": [{"key": "a", "name": "A",
                           "exit_when": [{"field": "contacts", "op": "gte", "value": 1}]},
                          {"key": "b", "name": "B"}]}  # fmt: skip
    journey_id = api.post("/journeys", json=journey).json()["id"]
    day = today_utc() + timedelta(days=3650)  # a day no other test has run the jobs on
    assert renewals_jobs.open_due_daily(today=day - timedelta(days=3620)) >= 1
    assert reviews_jobs.schedule_daily(today=day) >= 1
    assert journeys_jobs.advance_daily(today=day) >= 1
    assert reviews_jobs.schedule_daily(today=day) == 0  # once a day
    assert api.get(f"/journeys/{journey_id}/report").json()["accounts"] == 1
