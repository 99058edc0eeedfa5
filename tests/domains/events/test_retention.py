"""Retention and partitions: raw events past the horizon are pruned only after their day's Parquet file
holds every one of them and the rollups took them in; the rollups and the archive keep the numbers; late
events for pruned days are refused with the reason; a repeated message id is stored once; on PostgreSQL
stray months move out of the default partition and emptied months are dropped."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import duckdb
import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from steward.core.clock import today_utc
from steward.core.db import get_engine, unit_of_work
from steward.domains.events import archive, jobs, partitions
from steward.domains.events.models import Event, EventKey, RollupMark, UsageDaily
from tests.domains.events.test_usage import _messages, _send
from tests.factories import ApiClient, Tenant

# (days ago, user, event, times): ten old days and five recent ones
PLAN = [(d, f"u{d % 4}", "Login", 1 + d % 3) for d in (*range(40, 50), *range(1, 6))]


def _raw_and_keys(workspace_id: int) -> tuple[int, int]:
    with unit_of_work() as s:
        events = s.scalar(select(func.count()).select_from(Event).where(Event.workspace_id == workspace_id))
        keys = s.scalar(
            select(func.count()).select_from(EventKey).where(EventKey.workspace_id == workspace_id)
        )
    return int(events or 0), int(keys or 0)


def _rollup_totals(workspace_id: int) -> dict[date, int]:
    with unit_of_work() as s:
        rows = s.execute(
            select(UsageDaily.day, func.sum(UsageDaily.count))
            .where(UsageDaily.workspace_id == workspace_id)
            .group_by(UsageDaily.day)
        )
        return {d: int(n) for d, n in rows}


def _archived(root: Path, workspace_id: int) -> int:
    files = archive.workspace_dir(root, workspace_id) / "day=*" / "events.parquet"
    ((n,),) = duckdb.sql(f"SELECT COUNT(*) FROM read_parquet('{files}')").fetchall()
    return int(n)


def test_prune_keeps_every_event_in_the_archive_and_the_rollups(
    app_client: TestClient, api: ApiClient, tenant: Tenant, tmp_path: Path
) -> None:
    today = today_utc()
    api.post("/accounts", json={"external_id": "acme", "name": "Acme"})
    sent = _messages(today, PLAN)
    _send(app_client, tenant.write_key, sent)
    with unit_of_work() as s:  # not rolled up yet: nothing may go
        assert archive.prune(s, tenant.id, tmp_path, keep_days=30, today=today) == 0
    api.post("/usage/rollup")
    before = _rollup_totals(tenant.id)
    old = sum(times for days, _, _, times in PLAN if days >= 40)

    with unit_of_work() as s:
        archive.compact(s, tenant.id, tmp_path, days=90, today=today)
        pruned = archive.prune(s, tenant.id, tmp_path, keep_days=30, today=today)
    assert pruned == old
    assert _raw_and_keys(tenant.id) == (len(sent) - old, len(sent) - old)
    assert _archived(tmp_path, tenant.id) == len(sent)  # the archive holds them all, old and recent
    assert _rollup_totals(tenant.id) == before
    with unit_of_work() as s:
        mark = s.get(RollupMark, tenant.id)
        assert mark is not None and mark.pruned_before == today - timedelta(days=30)
        # Compacting a pruned day again keeps what only its file holds.
        archive.compact(s, tenant.id, tmp_path, days=90, today=today)
    assert _archived(tmp_path, tenant.id) == len(sent)

    # A late event for a pruned day is refused with the reason; one for a kept day is stored.
    late = _messages(today, [(45, "u9", "Login", 1), (2, "u9", "Login", 1)], prefix="late")
    auth = {"Authorization": "Basic " + base64.b64encode(f"{tenant.write_key}:".encode()).decode()}
    r = app_client.post("/v1/batch", content=orjson.dumps({"batch": late}), headers=auth)
    assert r.status_code == 200
    body = r.json()
    assert body["accepted"] == 1
    [refused] = body["rejected"]
    assert refused["index"] == 0 and "archived and pruned" in refused["errors"][0]


def test_retried_and_repeated_message_ids_are_stored_once(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    today = today_utc()
    api.post("/accounts", json={"external_id": "acme", "name": "Acme"})
    batch = _messages(today, [(1, "u1", "Login", 3)])
    _send(app_client, tenant.write_key, [*batch, batch[0]])  # a repeat inside the batch
    _send(app_client, tenant.write_key, batch)  # the whole batch retried
    assert _raw_and_keys(tenant.id) == (3, 3)


def test_daily_archive_job_compacts_prunes_and_runs_once_a_day(
    app_client: TestClient, api: ApiClient, tenant: Tenant, tmp_path: Path
) -> None:
    today = today_utc()
    api.post("/accounts", json={"external_id": "acme", "name": "Acme"})
    _send(app_client, tenant.write_key, _messages(today, PLAN))
    api.post("/usage/rollup")
    old = sum(times for days, _, _, times in PLAN if days >= 40)
    later = today + timedelta(days=1000)  # a day of its own for this job's once-a-day memory
    assert jobs.archive_daily(root=tmp_path, raw_days=1030, today=later) == old
    assert jobs.archive_daily(root=tmp_path, raw_days=1030, today=later) == 0


def test_months_move_out_of_the_default_partition_and_empty_ones_are_dropped(
    app_client: TestClient, api: ApiClient, tenant: Tenant, tmp_path: Path
) -> None:
    if get_engine().dialect.name != "postgresql":
        pytest.skip("partitions are PostgreSQL's; SQLite keeps one table")
    today = today_utc()
    api.post("/accounts", json={"external_id": "acme", "name": "Acme"})
    far = datetime.combine(date(2019, 3, 14), time(12), tzinfo=UTC)
    backfill = [
        {**m, "timestamp": (far + timedelta(days=30 * i)).isoformat()}
        for i, m in enumerate(_messages(today, [(1, "u1", "Login", 3)], prefix="old"))
    ]
    _send(app_client, tenant.write_key, backfill)
    with unit_of_work() as s:
        created = partitions.ensure(s, today)
    assert {date(2019, 3, 1), date(2019, 4, 1), date(2019, 5, 1)} <= set(created)
    with unit_of_work() as s:
        assert s.scalar(text(f"SELECT COUNT(*) FROM {partitions.DEFAULT}")) == 0
        assert s.scalar(text("SELECT COUNT(*) FROM events_p2019_04")) == 1
        assert partitions.ensure(s, today) == []  # nothing more to do
    _send(app_client, tenant.write_key, _messages(today, [(0, "u2", "Login", 2)], prefix="now"))
    with unit_of_work() as s:  # this month's events go straight to their partition
        month = partitions.name_of(today)
        assert s.scalar(text(f"SELECT COUNT(*) FROM {month} WHERE message_id LIKE 'now-%'")) == 2
        s.execute(text("DELETE FROM events WHERE timestamp < '2019-04-01'"))
        dropped = partitions.drop_empty_before(s, date(2019, 6, 1))
    assert dropped == [date(2019, 3, 1)]  # April and May still hold events
    with unit_of_work() as s:
        assert date(2019, 3, 1) not in partitions.existing(s)
        assert s.scalar(select(func.count()).select_from(Event)) == 4
