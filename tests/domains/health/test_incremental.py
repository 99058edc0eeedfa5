"""Scores follow their inputs: CSM sentiment, an activity, a subscription edit rescore the account at once;
old dated inputs are marked stale; a rolled-back change rescores nothing; the serve-mode worker thread."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from steward.core import changes
from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.core.jobs import ChangeWorker
from steward.domains.health import jobs as health_jobs
from steward.domains.health.models import HealthScore, HealthSentiment
from steward.domains.timeline import service as timeline_service
from steward.domains.timeline.schemas import ActivityCreate
from tests.factories import ApiClient, Tenant, assert_error

CARD: dict[str, Any] = {
    "name": "Pulse",
    "groups": [
        {"key": "voice", "weight": 50, "measures": [
            {"key": "csm_sentiment", "weight": 100, "mapping": {"poor": 2, "good": 9},
             "stale_after_days": 30},
        ]},
        {"key": "engagement", "weight": 50, "measures": [
            {"key": "activities_30d", "weight": 100, "mapping": {"poor": 0, "good": 4}},
        ]},
    ],
}  # fmt: skip


@pytest.fixture
def account(api: ApiClient) -> int:
    """One customer with a subscription in force, scored under CARD."""
    made = api.post("/accounts", json={"external_id": "acme", "name": "Acme", "segment": "SMB"}).json()
    start = (today_utc() - timedelta(days=200)).isoformat()
    sub = {
        "external_id": "s1", "account_id": made["id"], "plan": "Pro", "amount_minor": 100_000,
        "currency": "USD", "billing_period": "month", "start_date": start,
    }  # fmt: skip
    assert api.post("/subscriptions", json=sub).status_code == 201
    assert api.post("/health/scorecards", json=CARD).status_code == 201
    return int(made["id"])


def _measures(api: ApiClient, account_id: int) -> dict[str, dict[str, Any]]:
    health = api.get(f"/accounts/{account_id}/health").json()
    return {m["key"]: m for m in health["measures"]}


def test_sentiment_and_activity_rescore_at_once(api: ApiClient, account: int, tenant: Tenant) -> None:
    first = _measures(api, account)
    assert first["csm_sentiment"]["missing"] and first["activities_30d"]["value"] == 0

    r = api.post(f"/accounts/{account}/sentiment", json={"score": 9, "comment": "Champion renewed early"})
    assert r.status_code == 201, r.text
    assert r.json()["author"] is None and r.json()["score"] == 9  # an API key has no user
    said = _measures(api, account)["csm_sentiment"]
    assert said["value"] == 9 and said["score"] == 100 and not said["missing"]
    assert said["as_of"] == today_utc().isoformat() and said["stale"] is False
    health = api.get(f"/accounts/{account}/health").json()
    assert health["sentiment"]["comment"] == "Champion renewed early"

    call = {"account_id": account, "kind": "call", "subject": "QBR"}
    for _ in range(2):
        assert api.post("/timeline", json=call).status_code == 201
    assert _measures(api, account)["activities_30d"]["value"] == 2
    assert api.get(f"/accounts/{account}/health").json()["overall"] == pytest.approx(75)

    log = api.get(f"/accounts/{account}/sentiment").json()
    assert [s["score"] for s in log] == [9]
    assert_error(api.post(f"/accounts/{account}/sentiment", json={"score": 11, "comment": "x"}), 422, "score")
    assert_error(api.post(f"/accounts/{account}/sentiment", json={"score": 5, "comment": ""}), 422, "comment")
    assert_error(api.post("/accounts/999999/sentiment", json={"score": 5, "comment": "x"}), 404)
    assert_error(api.post(f"/accounts/{account}/sentiment", json={"score": 5, "comment": "a\x00b"}), 422)
    viewer = api.as_key(tenant.keys["viewer"])
    assert_error(viewer.post(f"/accounts/{account}/sentiment", json={"score": 5, "comment": "x"}), 403)
    assert viewer.get(f"/accounts/{account}/sentiment").status_code == 200


def test_ending_the_subscription_drops_todays_score(api: ApiClient, account: int) -> None:
    sub = api.get("/subscriptions", params={"account_id": account}).json()["items"][0]
    assert api.get(f"/accounts/{account}/health").status_code == 200
    assert api.delete(f"/subscriptions/{sub['id']}").status_code == 204
    with unit_of_work() as s:
        assert s.query(HealthScore).filter_by(account_id=account, day=today_utc()).count() == 0


def test_old_sentiment_is_marked_stale_and_backfill_reads_it_as_of_each_day(
    api: ApiClient, account: int
) -> None:
    api.post(f"/accounts/{account}/sentiment", json={"score": 3, "comment": "Budget freeze"})
    forty_days_ago = datetime.now(UTC) - timedelta(days=40)
    with unit_of_work() as s:
        s.execute(update(HealthSentiment).values(created_at=forty_days_ago))
    card = api.get("/health/scorecards").json()[0]
    api.post(f"/health/scorecards/{card['id']}/recompute", params={"backfill_days": 45})
    said = _measures(api, account)["csm_sentiment"]
    assert said["value"] == 3 and said["stale"] is True
    assert said["as_of"] == forty_days_ago.date().isoformat()
    with unit_of_work() as s:
        rows = {
            r.day: r.measures["csm_sentiment"] for r in s.query(HealthScore).filter_by(account_id=account)
        }
    assert rows[forty_days_ago.date() - timedelta(days=1)]["missing"] is True  # not yet said then
    assert rows[forty_days_ago.date()]["value"] == 3 and rows[forty_days_ago.date()]["stale"] is False

    wrong = {**CARD, "name": "Wrong", "groups": [{"key": "g", "weight": 100, "measures": [
        {"key": "arr", "weight": 100, "mapping": {"poor": 0, "good": 1},
         "stale_after_days": 5}]}]}  # fmt: skip
    body = assert_error(api.post("/health/scorecards", json=wrong), 422, "stale_after_days")
    assert "csm_sentiment" in body["detail"][0]["msg"]


def test_a_rolled_back_change_rescores_nothing(api: ApiClient, account: int, tenant: Tenant) -> None:
    seen: list[changes.Changes] = []
    unsubscribe = changes.subscribe(seen.append)
    try:
        with pytest.raises(RuntimeError), unit_of_work() as s:
            data = ActivityCreate(account_id=account, kind="call", subject="never happened")
            timeline_service.log_activity(session=s, workspace_id=tenant.id, author_id=None, data=data)
            raise RuntimeError("abort")
        assert seen == []
        with unit_of_work() as s:
            data = ActivityCreate(account_id=account, kind="call", subject="happened")
            timeline_service.log_activity(session=s, workspace_id=tenant.id, author_id=None, data=data)
        assert seen == [{tenant.id: {account}}]
    finally:
        unsubscribe()
    assert _measures(api, account)["activities_30d"]["value"] == 1


def test_the_serve_worker_merges_a_burst_into_one_pass(account: int, tenant: Tenant) -> None:
    worker = ChangeWorker(health_jobs.rescore_changed, delay_seconds=0.3)
    worker.start()
    try:
        for n in range(3):
            worker.submit({tenant.id: {account}})
            worker.submit({tenant.id: {account + n + 1000}})  # unknown ids are simply not scored
        assert worker.wait_idle(timeout=20)
        assert worker.batches == 1
        with unit_of_work() as s:
            s.query(HealthScore).delete()
        worker.submit({tenant.id: None})  # the whole workspace
        assert worker.wait_idle(timeout=20) and worker.batches == 2
        with unit_of_work() as s:
            assert s.query(HealthScore).filter_by(account_id=account, day=today_utc()).count() == 1
    finally:
        worker.stop()


def test_a_custom_attribute_is_an_input_and_its_edit_rescores(api: ApiClient, account: int) -> None:
    field = {"entity": "account", "key": "exec_sponsor_score", "label": "Exec sponsor", "type": "number"}
    assert api.post("/workspace/custom-fields", json=field).status_code == 201
    flag = {"entity": "account", "key": "reference", "label": "Reference", "type": "bool"}
    assert api.post("/workspace/custom-fields", json=flag).status_code == 201
    assert {"custom_exec_sponsor_score", "custom_reference"} <= set(api.get("/health/inputs").json())
    card = {"name": "Sponsor", "groups": [{"key": "people", "weight": 100, "measures": [
        {"key": "custom_exec_sponsor_score", "weight": 50, "mapping": {"poor": 0, "good": 10}},
        {"key": "custom_reference", "weight": 50, "mapping": {"poor": 0, "good": 1}}]}]}  # fmt: skip
    made = api.post("/health/scorecards", json=card).json()
    mine = {"scorecard_id": made["id"]}
    assert api.get(f"/accounts/{account}/health", params=mine).json()["overall"] is None  # both missing
    api.patch(f"/accounts/{account}", json={"custom": {"exec_sponsor_score": 7, "reference": True}})
    health = api.get(f"/accounts/{account}/health", params=mine).json()
    assert health["overall"] == pytest.approx(85)  # (70 + 100) / 2, rescored by the edit
    card["groups"][0]["measures"][0]["key"] = "custom_nope"
    body = assert_error(api.put(f"/health/scorecards/{made['id']}", json=card), 422, "key")
    assert "custom_exec_sponsor_score" in body["detail"][0]["msg"]
