"""The scorecard advisor over the API: a planted measure outranks noise, the suggestion is fitted on earlier
months only, nothing changes until an admin applies it, other workspaces see nothing, and too little
history says how much is needed."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from typer.testing import CliRunner

from steward.cli.main import app as cli_app
from steward.core.db import unit_of_work
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.schemas import AccountCreate
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.subscriptions.schemas import SubscriptionCreate
from steward.domains.timeline import service as timeline_service
from steward.domains.timeline.schemas import ActivityCreate
from tests.factories import ApiClient, Tenant, assert_error, make_tenant

TODAY = date.today()
START = TODAY - timedelta(days=520)
CARD: dict[str, Any] = {
    "name": "Planted",
    "groups": [
        {"key": "engagement", "weight": 50, "measures": [
            {"key": "activities_90d", "weight": 100, "mapping": {"poor": 0, "good": 40}},
        ]},
        {"key": "commercial", "weight": 50, "measures": [
            {"key": "seats", "weight": 100, "mapping": {"poor": 0, "good": 50}},
        ]},
    ],
}  # fmt: skip


def plant(workspace_id: int, accounts: int = 40, churners: int = 16, start: date = START) -> None:
    """Churners fall silent 120 days before their subscription ends (the planted signal); seats are
    random for everyone (the noise). Stayers log an activity every 15 days until today."""
    rng = random.Random(7)
    span = (TODAY - start).days
    with unit_of_work() as s:
        activities = []
        for i in range(accounts):
            acc = accounts_service.create_account(
                session=s, workspace_id=workspace_id, data=AccountCreate(external_id=f"a{i}", name=f"A{i}")
            )
            end = start + timedelta(days=120 + (span - 150) * i // churners) if i < churners else None
            sub = SubscriptionCreate(
                external_id=f"s{i}", account_id=acc.id, plan="pro", amount_minor=10_000, currency="USD",
                billing_period="month", start_date=start, end_date=end, seats=rng.randint(1, 50),
                auto_renew=end is None,
            )  # fmt: skip
            subscriptions_service.create_subscription(session=s, workspace_id=workspace_id, data=sub)
            quiet_from = (end - timedelta(days=120)) if end else TODAY
            day = start
            while day < quiet_from:
                at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
                activities.append((None, ActivityCreate(account_id=acc.id, kind="call", subject="check-in",
                                                        occurred_at=at)))  # fmt: skip
                day += timedelta(days=15)
        timeline_service.bulk_log(session=s, workspace_id=workspace_id, items=activities)


def _advice(client: ApiClient, card_id: int, **params: Any) -> dict[str, Any]:
    r = client.get(f"/health/scorecards/{card_id}/advice", params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_planted_measure_outranks_noise_and_only_an_admin_applies(api: ApiClient, tenant: Tenant) -> None:
    plant(tenant.id)
    card = api.post("/health/scorecards", json=CARD).json()
    advice = _advice(api, card["id"])
    assert advice["enough_history"] and advice["needs"] is None, advice
    by = {m["key"]: m for m in advice["measures"]}
    signal, noise = by["activities_90d"], by["seats"]
    assert signal["roc_auc"] > 0.9 and signal["direction"] == "lower_churns" and signal["mapping_agrees"]
    assert noise["roc_auc"] < signal["roc_auc"] - 0.2
    assert (
        signal["suggested_weight"] > noise["suggested_weight"] and signal["weight"] == noise["weight"] == 50
    )
    red = signal["bands"][0]
    assert red["label"] == "red" and red["churn_rate"] == round(red["churned"] / red["snapshots"], 4)
    assert sum(b["snapshots"] for b in signal["bands"]) == advice["snapshots"]
    split = advice["split"]
    fit_until, eval_from = date.fromisoformat(split["fit_until"]), date.fromisoformat(split["eval_from"])
    assert fit_until + timedelta(days=90) <= eval_from  # fitted only on labels closed before the later months
    assert split["fit_churned"] >= 3 and split["eval_churned"] >= 3
    assert split["fit_snapshots"] + split["eval_snapshots"] < advice["snapshots"]  # the gap is left out
    assert advice["suggested_roc_auc"] >= advice["current_roc_auc"] - 0.02
    assert advice["suggested"]["groups"][0]["weight"] > advice["suggested"]["groups"][1]["weight"]

    # Reading the advice changed nothing (a viewer may read it too); only an admin's explicit POST does.
    viewer = api.as_key(tenant.keys["viewer"]).get(f"/health/scorecards/{card['id']}/advice")
    assert viewer.status_code == 200 and viewer.json()["fingerprint"] == advice["fingerprint"]
    assert api.get("/health/scorecards").json()[0]["groups"] == card["groups"]
    apply = f"/health/scorecards/{card['id']}/advice/apply"
    body = {"fingerprint": advice["fingerprint"]}
    for role in ("manager", "csm", "viewer"):
        assert api.as_key(tenant.keys[role]).post(apply, json=body).status_code == 403
    assert_error(api.post(apply, json={"fingerprint": "stale"}), 409, "fingerprint")
    assert_error(api.post(apply, json={"horizon_days": 5}), 422, "horizon_days")
    assert_error(api.post(apply, json={"weights": {}}), 422, "weights")
    assert api.get("/health/scorecards").json()[0]["groups"] == card["groups"]
    done = api.post(apply, json=body)
    assert done.status_code == 200, done.text
    assert done.json()["previous"]["groups"] == card["groups"]
    now = api.get("/health/scorecards").json()[0]
    assert now["groups"] == advice["suggested"]["groups"] and now["name"] == "Planted"
    assert advice["differs"]
    again = _advice(api, card["id"])  # the applied scorecard is what was evaluated, and nothing is left to do
    assert not again["differs"] and again["current_roc_auc"] == advice["suggested_roc_auc"]
    assert_error(api.post(apply, json={}), 409, "scorecard")

    # Another workspace's scorecard is not found, for reading and applying alike.
    other = ApiClient(api.client, make_tenant("Other").keys["admin"])
    assert_error(other.get(f"/health/scorecards/{card['id']}/advice"), 404)
    assert_error(other.post(apply, json={}), 404)
    assert_error(
        api.get(f"/health/scorecards/{card['id']}/advice", params={"horizon_days": 7}), 422, "horizon"
    )


def test_too_little_history_says_how_much_is_needed(api: ApiClient, tenant: Tenant) -> None:
    plant(tenant.id, accounts=8, churners=2, start=TODAY - timedelta(days=200))
    card = api.post("/health/scorecards", json=CARD).json()
    advice = _advice(api, card["id"])
    assert not advice["enough_history"] and advice["measures"] == [] and advice["suggested"] is None
    assert advice["needs"].startswith(
        "needs monthly snapshots over at least 6 months with at least 10 churned"
    )
    assert advice["current_roc_auc"] is None and advice["fingerprint"] is None
    assert_error(api.post(f"/health/scorecards/{card['id']}/advice/apply", json={}), 422, "history")

    # The CLI reads the same advice and changes nothing; an unknown scorecard is an error.
    args = ["health", "advise", "--workspace", tenant.slug, "--scorecard-id", str(card["id"])]
    out = CliRunner().invoke(cli_app, [*args, "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["needs"] == advice["needs"]
    out = CliRunner().invoke(cli_app, args)
    assert out.exit_code == 0 and "not enough history" in out.stdout
    assert CliRunner().invoke(cli_app, [*args[:-1], "999999"]).exit_code == 2
