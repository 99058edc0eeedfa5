"""Scheduled sources: the scheduler's job runs what is due, a failing source backs off (its interval doubled
per failure in a row), and the status route and `steward sync status` show the last run and the next."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

from sqlalchemy import text
from typer.testing import CliRunner

from steward.cli.main import app
from steward.core.db import unit_of_work, utcnow
from steward.domains.sync import jobs
from steward.settings import get_settings
from tests.factories import ApiClient, Tenant, assert_error


def _runs(source_id: int) -> int:
    with unit_of_work() as s:
        return s.execute(
            text("SELECT count(*) FROM sync_runs WHERE source_id = :s"), {"s": source_id}
        ).scalar_one()


def test_due_sources_run_and_failures_back_off(api: ApiClient, tenant: Tenant, tmp_path: Path) -> None:
    secret = get_settings().secret_key  # as the worker passes it
    db = tmp_path / "crm.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (id TEXT, name TEXT)")
    con.execute("INSERT INTO t VALUES ('a1', 'Acme')")
    con.commit()
    base = {"kind": "sql", "url": f"sqlite:///{db}", "target": "accounts", "every_minutes": 10,
            "mapping": {"id": "external_id", "name": "name"}}  # fmt: skip
    good = api.post("/sync/sources", json={**base, "name": "good", "table": "t"}).json()
    bad = api.post("/sync/sources", json={**base, "name": "bad", "query": "SELECT * FROM gone"}).json()
    api.post("/sync/sources", json={**base, "name": "manual", "table": "t", "every_minutes": None})

    now = utcnow()
    assert jobs.run_due(secret=secret, now=now) == 2  # the unscheduled source never runs on its own
    assert jobs.run_due(secret=secret, now=now + timedelta(minutes=5)) == 0
    status = api.get(f"/sync/sources/{bad['id']}/status").json()
    assert status["last_run"]["status"] == "failed" and "gone" in status["last_run"]["error"]
    started = status["last_run"]["started_at"]
    # Run times are the real clock's, so every step below is counted from `now`: the good source is due
    # every 10 minutes; the failing one after 20 (one failure), then 40 (two in a row).
    assert jobs.run_due(secret=secret, now=now + timedelta(minutes=11)) == 1
    assert (_runs(good["id"]), _runs(bad["id"])) == (2, 1)
    assert jobs.run_due(secret=secret, now=now + timedelta(minutes=21)) == 2
    assert jobs.run_due(secret=secret, now=now + timedelta(minutes=35)) == 1
    assert (_runs(good["id"]), _runs(bad["id"])) == (4, 2)
    assert jobs.run_due(secret=secret, now=now + timedelta(minutes=41)) == 2
    after_two = api.get(f"/sync/sources/{bad['id']}/status").json()
    assert after_two["next_run_at"] > started
    good_status = api.get(f"/sync/sources/{good['id']}/status").json()
    assert good_status["last_run"]["status"] == "succeeded" and good_status["source"]["every_minutes"] == 10
    assert_error(api.as_key(tenant.keys["csm"]).get(f"/sync/sources/{good['id']}/status"), 403)

    r = CliRunner().invoke(app, ["sync", "status", "bad", "--workspace", tenant.slug, "--json"])
    assert r.exit_code == 0, r.stderr
    entry = json.loads(r.stdout)["sources"][0]
    assert entry["last_run"]["status"] == "failed" and entry["next_run_at"]
    r = CliRunner().invoke(app, ["sync", "status", "--workspace", tenant.slug])
    assert "never run" in r.stdout and "error:" in r.stdout and "next run" in r.stdout
