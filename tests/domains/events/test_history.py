"""History on Parquet and DuckDB: the day files written by compaction, rolled up on DuckDB, give the same
numbers as the relational rollups of the same events (two engines, one answer); the trend query agrees with
the adoption metrics; the CLI writes and reads them."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from steward.analytics import usage_history
from steward.cli.main import app
from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.domains.events import archive
from steward.domains.events.models import UsageDaily
from steward.settings import get_settings
from tests.domains.events.test_usage import _messages, _send
from tests.factories import ApiClient, Tenant

PLAN = [(d, f"u{d % 5}", e, 1 + d % 3) for d in range(1, 70, 3) for e in ("Login", "Report Built")]


def test_duckdb_over_parquet_matches_the_relational_rollup(
    app_client: TestClient, api: ApiClient, tenant: Tenant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = today_utc()
    acme = api.post("/accounts", json={"external_id": "acme", "name": "Acme"}).json()
    _send(app_client, tenant.write_key, _messages(today, PLAN))
    api.post("/usage/rollup")
    with unit_of_work() as s:
        written = archive.compact(s, tenant.id, tmp_path, days=90)
        relational = {(r.day, r.event): (r.count, r.users) for r in s.scalars(select(UsageDaily))}
    assert len(written) == len({today - timedelta(days=d) for d, *_ in PLAN})

    con = usage_history.connect()
    usage_history.events_view(
        con, str(archive.workspace_dir(tmp_path, tenant.id) / "day=*" / "events.parquet")
    )
    assert usage_history.rollup(con) == len(PLAN)
    rolled = usage_history.usage_frame(con)
    on_duckdb = {
        (r["day"].date(), r["event"]): (int(r["count"]), int(r["users"])) for r in rolled.to_dict("records")
    }
    assert on_duckdb == relational and len(relational) == len(PLAN)
    trend = usage_history.trend(con, today, 30).set_index("account_id")
    usage = api.get(f"/usage/accounts/{acme['id']}").json()
    assert int(trend.at[acme["id"], "recent"]) == usage["events_30d"]
    assert int(trend.at[acme["id"], "prior"]) == usage["events_prior_30d"]
    cohorts = usage_history.cohorts(con)
    assert cohorts[cohorts["week_index"] == 0]["users"].sum() == 5  # five users, each in one first week

    monkeypatch.setenv("STEWARD_DATA_DIR", str(tmp_path / "cli"))
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        missing = runner.invoke(app, ["events", "history", "--workspace", tenant.slug])
        assert missing.exit_code == 2 and "events compact" in missing.stderr
        done = runner.invoke(app, ["events", "compact", "--workspace", tenant.slug, "--json"])
        assert done.exit_code == 0 and json.loads(done.stdout)["days"] == len(written)
        shown = runner.invoke(app, ["events", "history", "--workspace", tenant.slug, "--json"])
        assert shown.exit_code == 0, shown.output
        report = json.loads(shown.stdout)
        assert report["accounts"] == 1 and report["falling"][0]["account_id"] == acme["id"]
        assert report["cohorts"][0]["week"] == 0
    finally:
        get_settings.cache_clear()
