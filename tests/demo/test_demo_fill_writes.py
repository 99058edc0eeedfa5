"""The demo's background fill writes in short transactions: while `python -m steward.demo.history` fills a
workspace in another process (as `steward demo` runs it), the API's writes go through promptly instead of
waiting out SQLite's 10 s busy timeout and failing with "busy, try again"."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date

import pytest
from fastapi.testclient import TestClient

from steward.core import changes
from steward.core.db import unit_of_work
from steward.demo import history
from steward.demo.generator import DemoScale
from steward.domains.workspaces import backfills
from tests.factories import ApiClient

SMALL = DemoScale(accounts=30, parents=2, churn_model=False, events_per_account_day=1.0)


@pytest.mark.timeout(600)
def test_api_writes_go_through_while_the_fill_runs_in_another_process(
    app_client: TestClient, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(changes, "_listeners", [])  # as in `steward demo`: no rescoring on commit
    with unit_of_work() as s:
        ctx = history.build_core(session=s, scale=SMALL, today=date.today())
    assert ctx.api_key
    api = ApiClient(TestClient(app_client.app), ctx.api_key)
    env = {**os.environ, "STEWARD_DATABASE_URL": database_url}
    filler = subprocess.Popen(
        [sys.executable, "-m", "steward.demo.history", str(ctx.workspace_id)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    waits: list[float] = []
    try:
        while filler.poll() is None:
            started = time.monotonic()
            n = len(waits)
            r = api.post("/accounts", json={"external_id": f"walk-in-{n}", "name": f"Walk-in {n}"})
            waits.append(time.monotonic() - started)
            assert r.status_code == 201, r.text
            time.sleep(0.1)
        _, errors = filler.communicate(timeout=60)
    finally:
        if filler.poll() is None:
            filler.kill()
    assert filler.returncode == 0, errors
    with unit_of_work() as s:
        assert backfills.filling(session=s, workspace_id=ctx.workspace_id) is None  # it finished
    print(f"{len(waits)} writes during the fill, longest {max(waits):.2f} s")
    assert len(waits) >= 10
    assert max(waits) < 5.0, sorted(waits)[-5:]  # a short fill transaction, not the 10 s busy timeout
