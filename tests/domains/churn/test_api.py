"""Churn in the product: train a workspace model over the API, rank ARR at risk, explain an account."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.jobs import Periodic, Scheduler
from steward.domains.churn import jobs as churn_jobs
from steward.domains.churn import service as churn_service
from tests.factories import ApiClient, Tenant, assert_error
from tests.factories.demo_cache import DEMO_100, demo_workspace

TODAY = date.today()


@pytest.fixture
def demo(app_client: TestClient) -> ApiClient:
    """100 accounts with three years of renewals, churn and engagement (no model yet)."""
    ctx = demo_workspace(DEMO_100)
    assert ctx.api_key
    return ApiClient(app_client, ctx.api_key)


def test_train_rank_explain_and_refresh(demo: ApiClient, api: ApiClient) -> None:
    assert_error(demo.get("/churn/at-risk"), 404, "model")
    r = demo.post("/churn/models", json={"horizon_days": 90, "flag_precision": 0.4})
    assert r.status_code == 201, r.text
    model = r.json()
    assert model["version"] == 1 and model["accounts_scored"] > 50 and model["rows"] > 1000
    assert model["algorithm"] in {"boosting", "logistic", "blend"} and set(model["selection_roc_auc"]) == {
        "boosting", "logistic",
    }  # fmt: skip
    # Ranking quality is gated on the nested cross-validation over every snapshot (over 1,000 rows); the
    # backtest's last three days hold only a handful of the demo's churners, too few for a stable AUC.
    assert min(model["selection_roc_auc"].values()) > 0.8, model["selection_roc_auc"]
    backtest = model["backtest"]
    assert backtest["churned"] > 0 and 0 <= backtest["roc_auc"] <= 1, backtest
    # Lead time at the threshold that reached 40% precision on earlier backtest days: this model, the previous
    # feature set and the health score alone.
    lead = {r["name"]: r for r in backtest["lead_time"]}
    assert list(lead) == [
        "all signals", "previous features (subscriptions, activity, contacts)", "health score alone",
    ], lead  # fmt: skip
    for row in lead.values():
        assert row["precision_target"] == 0.4 and 0 < row["churners"] <= backtest["churned"]
        assert row["flagged"] <= row["churners"]
        if row["precision"] is not None:  # of flags set on earlier days: it may fall short of the 40%
            assert 0 <= row["precision"] <= 1
        else:
            assert row["note"] and row["flagged"] == 0
        if row["flagged"]:
            assert 0 <= row["median_lead_days"] <= 90 + 30  # within the horizon of a backtest day
    assert any(f.startswith(("usage_", "support_", "voice_")) for f in model["features"]), model["features"]
    assert demo.get(f"/churn/models/{model['id']}").json()["version"] == 1

    page = demo.get("/churn/at-risk", params={"limit": 10}).json()
    items = page["items"]
    assert page["total"] == model["accounts_scored"] and len(items) == 10
    risk = [i["arr_at_risk_minor"] for i in items]
    assert risk == sorted(risk, reverse=True)
    for item in items:
        assert item["model_version"] == 1 and item["name"]
        assert abs(item["arr_at_risk_minor"] - item["probability"] * item["arr_minor"]) <= 1
    nxt = demo.get("/churn/at-risk", params={"limit": 10, "cursor": page["next_cursor"]}).json()["items"]
    assert nxt[0]["arr_at_risk_minor"] <= risk[-1] and not {i["account_id"] for i in nxt} & {
        i["account_id"] for i in items
    }
    assert_error(demo.get("/churn/at-risk", params={"cursor": "garbage"}), 422, "cursor")
    by_p = demo.get("/churn/at-risk", params={"sort": "probability", "limit": 5}).json()["items"]
    assert [i["probability"] for i in by_p] == sorted((i["probability"] for i in by_p), reverse=True)

    top = items[0]
    one = demo.get(f"/accounts/{top['account_id']}/churn").json()
    assert one["probability"] == top["probability"] and one["ltv_minor"] > 0 and one["currency"] == "USD"
    assert one["reasons"] and all(r["adds"] > 0 and r["text"] for r in one["reasons"])

    # Another workspace sees none of it.
    assert_error(api.get(f"/accounts/{top['account_id']}/churn"), 404)
    assert_error(api.get(f"/churn/models/{model['id']}"), 404)
    assert_error(api.get("/churn/at-risk"), 404, "model")

    # The scheduled job: nothing to do at once, a rescore a day on, version 2 a week on.
    now = datetime.now(UTC)
    assert churn_jobs.refresh_models(retrain_days=7, now=now).rescored == []  # scored moments ago
    report = churn_jobs.refresh_models(retrain_days=7, now=now + timedelta(days=2))
    assert len(report.rescored) == 1 and not report.retrained
    rescored = demo.get(f"/accounts/{top['account_id']}/churn").json()  # two days nearer its renewal
    assert rescored["model_version"] == 1 and rescored["scored_at"] > one["scored_at"]
    report = churn_jobs.refresh_models(retrain_days=7, now=now + timedelta(days=8))
    assert len(report.retrained) == 1 and not report.failed
    versions = demo.get("/churn/models", params={"limit": 1}).json()
    assert versions["total"] == 2 and versions["items"][0]["version"] == 2 and versions["next_cursor"]
    retrained = versions["items"][0]["backtest"]["lead_time"][0]
    assert retrained["precision_target"] == 0.4  # the scheduled retrain keeps the workspace's choice
    older = demo.get("/churn/models", params={"limit": 1, "cursor": versions["next_cursor"]}).json()
    assert older["items"][0]["version"] == 1
    # Health scorecards read the current model's outputs.
    with unit_of_work() as s:
        ws = report.retrained[0]
        assert churn_service.health_measures(session=s, workspace_id=ws, account_ids=[]) == {}
        ids = [i["account_id"] for i in items]
        measures = churn_service.health_measures(session=s, workspace_id=ws, account_ids=ids)
        assert set(measures) <= set(ids) and len(measures) >= 8
        assert set(next(iter(measures.values()))) == {
            "churn_probability",
            "arr_at_risk_minor",
            "ltv_minor",
            "scored_at",
        }


def test_roles_and_bad_input(api: ApiClient, tenant: Tenant) -> None:
    assert_error(api.as_key(tenant.keys["csm"]).post("/churn/models", json={}), 403)
    assert api.as_key(tenant.keys["viewer"]).get("/churn/models").json() == {
        "items": [], "total": 0, "next_cursor": None,
    }  # fmt: skip
    assert_error(api.post("/churn/models", json={"horizon_days": 7}), 422, "horizon_days")
    assert_error(api.post("/churn/models", json={"horizon": 90}), 422, "horizon")
    assert_error(api.get("/churn/at-risk", params={"sort": "name"}), 422, "sort")
    # A workspace with no history cannot train, and says why.
    api.post("/accounts", json={"external_id": "a1", "name": "Solo"})
    body = assert_error(api.post("/churn/models", json={}), 422, "history")
    assert "at least 50 account snapshots" in body["detail"][0]["msg"]


def test_scheduler_runs_jobs_and_survives_failures() -> None:
    calls: list[str] = []

    def broken() -> None:
        calls.append("broken")
        raise RuntimeError("boom")

    scheduler = Scheduler(
        [Periodic("ok", 0.05, lambda: calls.append("ok")), Periodic("broken", 0.05, broken)]
    )
    scheduler.start()
    deadline = datetime.now(UTC) + timedelta(seconds=5)
    while (calls.count("ok") < 3 or calls.count("broken") < 3) and datetime.now(UTC) < deadline:
        pass
    scheduler.stop()
    assert calls.count("ok") >= 3 and calls.count("broken") >= 3


def test_health_score_stands_in_until_a_model_exists(demo: ApiClient) -> None:
    missing = assert_error(demo.get("/churn/at-risk"), 404, "model")
    assert "/churn/health-fallback" in missing["detail"][0]["msg"]
    fallback = demo.get("/churn/health-fallback", params={"limit": 20}).json()
    assert "not a churn model" in fallback["label"] and fallback["needed"]
    scores = [i["health_score"] for i in fallback["items"]]
    assert len(scores) == 20 and scores == sorted(scores) and fallback["total"] >= 50
    assert all(i["name"] and i["day"] for i in fallback["items"])
    assert_error(demo.get("/churn/health-fallback", params={"limit": 0}), 422, "limit")
