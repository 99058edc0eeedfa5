"""Churn where people see it: the At risk page, the account page's churn card, and the CLI."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from steward.cli.main import app as cli_app
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from tests.factories import ApiClient, Tenant
from tests.factories.charts import chart_spec, values
from tests.factories.demo_cache import DEMO_100, demo_workspace
from tests.web.test_ui import _csrf, login


@pytest.fixture
def demo_100(app_client: TestClient) -> None:
    demo_workspace(DEMO_100)


def test_risk_page_account_card_and_cli(
    app_client: TestClient, demo_100: None, tenant: Tenant, api: ApiClient
) -> None:  # the demo first: its rows come back with their own ids, before any other workspace

    # First visit: no model yet; the manager trains one from the page.
    browser = login(TestClient(app_client.app), DEMO_EMAIL, DEMO_PASSWORD)
    empty = browser.get("/risk")
    assert "No churn model yet" in empty.text and "Train churn model" in empty.text
    # Until a model exists the health score stands in, and says it is the health score.
    assert 'id="health-fallback"' in empty.text and "Health score, not a churn model" in empty.text
    assert "at least 50 monthly account snapshots" in empty.text
    assert browser.post("/risk/train", data={"csrf_token": "forged"}).status_code == 403
    form = {"csrf_token": _csrf(empty.text), "flag_precision": "0.6"}
    trained = browser.post("/risk/train", data=form, follow_redirects=False)
    assert trained.status_code == 303 and trained.headers["location"] == "/risk"

    cli = CliRunner().invoke(cli_app, ["churn", "at-risk", "--workspace", "demo", "--limit", "3", "--json"])
    assert cli.exit_code == 0, cli.output
    ranked = json.loads(cli.stdout)["items"]
    assert len(ranked) == 3 and ranked[0]["arr_at_risk_minor"] >= ranked[1]["arr_at_risk_minor"]
    table = CliRunner().invoke(cli_app, ["churn", "at-risk", "--workspace", "demo", "--limit", "3"])
    assert "ARR at risk" in table.stdout and ranked[0]["name"].split()[0] in table.stdout

    page = browser.get("/risk")
    assert page.status_code == 200 and 'id="at-risk"' in page.text and "Retrain model" in page.text
    assert ranked[0]["name"] in page.text and "Backtest ROC AUC" in page.text and "v1 ·" in page.text
    assert 'id="lead-time"' in page.text and "health score alone" in page.text
    assert (
        "reached 60% precision on the days before it" in page.text
        and '<option value="0.6" selected>' in page.text
    )
    assert 'id="health-fallback"' not in page.text
    again = CliRunner().invoke(
        cli_app, ["churn", "train", "--workspace", "demo", "--precision", "0.4", "--json"]
    )
    assert again.exit_code == 0, again.output
    lead = json.loads(again.stdout)["backtest"]["lead_time"]
    assert [r["precision_target"] for r in lead] == [0.4] * 3 and lead[2]["name"] == "health score alone"
    bad = CliRunner().invoke(cli_app, ["churn", "train", "--workspace", "demo", "--precision", "2"])
    assert bad.exit_code == 2 and "precision" in bad.stderr
    assert browser.get("/risk?mine=true&sort=probability").status_code == 200
    account = browser.get(f"/accounts/{ranked[0]['account_id']}")
    assert "Churn risk" in account.text and "What raises the risk" in account.text
    assert ranked[0]["reasons"][0]["text"] in account.text
    # The demo's scorecard: the breakdown table and the trend line.
    assert 'id="health-breakdown"' in account.text
    assert any(v is not None for v in values(chart_spec(account.text, "health-trend"), "Health score"))

    # A new workspace: an empty state that says what to do, a refusal that says why, exit 2 on the CLI.
    fresh = login(TestClient(app_client.app), tenant.user_emails["admin"])
    nothing = fresh.get("/risk")
    refused = fresh.post("/risk/train", data={"csrf_token": _csrf(nothing.text)})
    assert refused.status_code == 422 and "at least 50 account snapshots" in refused.text
    assert fresh.get(f"/accounts/{ranked[0]['account_id']}").status_code == 404  # the demo's, not theirs
    own = api.post("/accounts", json={"external_id": "solo", "name": "Solo"}).json()
    solo = fresh.get(f"/accounts/{own['id']}").text
    assert "No churn model yet" in solo and "No health score yet" in solo
    failed = CliRunner().invoke(cli_app, ["churn", "train", "--workspace", tenant.slug])
    assert failed.exit_code == 2 and "at least 50 account snapshots" in failed.stderr
    missing = CliRunner().invoke(cli_app, ["churn", "at-risk", "--workspace", "nope"])
    assert missing.exit_code == 2 and re.search(r"workspace .*nope", missing.stderr)
