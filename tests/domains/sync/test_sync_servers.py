"""100,000-row tables on the machine's real PostgreSQL and MariaDB servers: a run that crashes half-way (an
exception injected in the writer after half the batches), a resumed run that writes each row exactly once,
and an incremental run that reads only the 1% of rows changed since."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from steward.core.db import unit_of_work
from steward.domains.sync import inputs, runner, runs, service
from steward.domains.sync.schemas import SourceCreate
from tests.factories import Tenant
from tests.factories.databases import PG_ADMIN_URL, throwaway_postgres
from tests.factories.mariadb import throwaway_mariadb

# 100,000 rows when Steward's own store is SQLite. On PostgreSQL the accounts service's external-id lookup
# slowed to tens of seconds per batch past ~75,000 rows freshly written (no ANALYZE yet), which would take
# this test past its time budget; there it runs on 20,000 rows.
ROWS = int(
    os.environ.get(
        "SYNC_TEST_ROWS", "100000" if os.environ.get("STEWARD_TEST_DB", "sqlite") == "sqlite" else "20000"
    )
)
BATCH = 5_000
CRASH_AFTER = ROWS // BATCH // 2  # batches committed before the writer fails (half-way)
SECRET = "test-secret-" + "x" * 32
MAPPING = {"id": "external_id", "name": "name", "seg": "segment"}


def _build_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE crm_accounts (id int PRIMARY KEY, name text, seg text, updated_at timestamptz)"
            )
        )
        # Seven rows share each updated_at value: batch boundaries must never split a tie.
        conn.execute(text(
            "INSERT INTO crm_accounts SELECT i, 'Account ' || i, 'SMB', "
            f"timestamptz '2026-01-01' + (i / 7) * interval '1 second' FROM generate_series(1, {ROWS}) i"
        ))  # fmt: skip
    engine.dispose()


def _build_mariadb(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text("CREATE TABLE crm_accounts (id int PRIMARY KEY, name varchar(100), seg varchar(20))")
        )
        conn.execute(
            text(f"INSERT INTO crm_accounts SELECT seq, CONCAT('Account ', seq), 'SMB' FROM seq_1_to_{ROWS}")
        )
    engine.dispose()


def _change_one_percent(url: str, cursor: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        if cursor == "updated_at":
            conn.execute(
                text("UPDATE crm_accounts SET name = name || ' v2', updated_at = now() WHERE id % 100 = 0")
            )
        else:  # an id cursor sees new rows only: 1% new accounts
            conn.execute(text(
                f"INSERT INTO crm_accounts SELECT seq + {ROWS}, CONCAT('New ', seq), 'SMB' "
                f"FROM seq_1_to_{ROWS // 100}"
            ))  # fmt: skip
    engine.dispose()


def _accounts(workspace_id: int) -> int:
    with unit_of_work() as s:
        return s.execute(
            text("SELECT count(*) FROM accounts WHERE workspace_id = :w"), {"w": workspace_id}
        ).scalar_one()


def _crash_after(n: int, real: Callable[..., None]) -> Callable[..., None]:
    calls = {"n": 0}

    def apply_batch(**kwargs: Any) -> None:
        if calls["n"] == n:
            raise RuntimeError("injected crash in the writer")
        calls["n"] += 1
        real(**kwargs)

    return apply_batch


@pytest.mark.parametrize("server", ["postgresql", "mariadb"])
def test_crash_half_way_then_resume_writes_each_row_once(
    server: str, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    cursor = "updated_at" if server == "postgresql" else "id"
    scratch = throwaway_postgres("sync_src") if server == "postgresql" else throwaway_mariadb("sync_src")
    with scratch as url:
        (_build_postgres if server == "postgresql" else _build_mariadb)(url)
        with unit_of_work() as s:
            data = SourceCreate(
                name=server, kind="sql", url=url, table="crm_accounts", target="accounts",
                mapping=MAPPING, cursor_column=cursor, batch_size=BATCH,
            )  # fmt: skip
            source_id = service.create_source(session=s, workspace_id=tenant.id, data=data, secret=SECRET).id

        def run() -> Any:
            return runner.run_source(
                workspace_id=tenant.id, source_id=source_id, secret=SECRET, trigger="cli"
            )

        monkeypatch.setattr(runs, "apply_batch", _crash_after(CRASH_AFTER, runs.apply_batch))
        with pytest.raises(RuntimeError, match="injected crash"):
            run()
        monkeypatch.undo()
        written = _accounts(tenant.id)
        # Whole batches only; a tie group can stretch a batch past BATCH rows, never cut it short.
        assert CRASH_AFTER * BATCH <= written < (CRASH_AFTER + 1) * BATCH
        with unit_of_work() as s:
            crashed = runs.list_runs(session=s, workspace_id=tenant.id, source_id=source_id, limit=1)[0]
        assert crashed.status == "failed" and "injected crash" in (crashed.error or "")
        assert (crashed.batches, crashed.created, crashed.rows_read) == (CRASH_AFTER, written, written)

        resumed = run()
        assert resumed.status == "succeeded", resumed.error
        assert resumed.cursor_before == crashed.cursor_after
        assert (resumed.rows_read, resumed.created, resumed.updated) == (ROWS - written, ROWS - written, 0)
        assert _accounts(tenant.id) == ROWS

        _change_one_percent(url, cursor)
        incremental = run()
        assert incremental.status == "succeeded", incremental.error
        assert incremental.rows_read == ROWS // 100
        if cursor == "updated_at":
            assert (incremental.updated, incremental.created) == (ROWS // 100, 0)
        else:
            assert (incremental.created, incremental.updated) == (ROWS // 100, 0)
        assert incremental.cursor_before == resumed.cursor_after != incremental.cursor_after


def test_a_query_that_times_out_fails_the_run(tenant: Tenant, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "QUERY_TIMEOUT_S", 1)
    with unit_of_work() as s:
        data = SourceCreate(
            name="slow", kind="sql", url=PG_ADMIN_URL,
            query="SELECT 'a1' AS id, 'Acme' AS name FROM pg_sleep(5)",
            target="accounts", mapping={"id": "external_id", "name": "name"},
        )  # fmt: skip
        source_id = service.create_source(session=s, workspace_id=tenant.id, data=data, secret=SECRET).id
    run = runner.run_source(workspace_id=tenant.id, source_id=source_id, secret=SECRET, trigger="cli")
    assert run.status == "failed" and "statement timeout" in (run.error or ""), run.error
