"""Data sync of a 100,000-row table from MariaDB and from PostgreSQL: the first run and an incremental run
with 1% of the rows changed, beside the CSV import of the same rows in the same run.

Usage: python bench/sync_sources.py [--rows 100000] [--json]
Steward's own store is a fresh SQLite file (the default install); the sources are scratch databases on the
machine's servers (PostgreSQL at 127.0.0.1:5432, MariaDB at 127.0.0.1:3306, root without a password),
created and dropped here. Each path writes into a workspace of its own. Aim: the incremental run under 5 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pymysql
from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from steward.core import db
from steward.core.migrate import upgrade_to_head
from steward.domains.imports import service as imports_service
from steward.domains.sync import runner
from steward.domains.sync import service as sync_service
from steward.domains.sync.schemas import SourceCreate
from steward.domains.workspaces import service as workspaces_service
from steward.domains.workspaces.schemas import WorkspaceCreate

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SECRET = "bench-secret-" + "x" * 32
MAPPING = {"id": "external_id", "name": "name", "segment": "segment", "region": "region"}


@contextmanager
def scratch_postgres() -> Iterator[str]:
    name = f"bench_sync_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def scratch_mariadb() -> Iterator[str]:
    name = f"bench_sync_{uuid.uuid4().hex[:8]}"
    admin = pymysql.connect(host="127.0.0.1", user="root", password="", connect_timeout=5, autocommit=True)
    with admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{name}`")
    try:
        yield f"mysql+pymysql://root@127.0.0.1:3306/{name}"
    finally:
        with admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        admin.close()


def build_table(url: str, rows: int) -> None:
    """The same rows on both servers: id, name, segment, region, updated_at (seven rows per second)."""
    engine = create_engine(url)
    pg = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        stamp = "timestamptz" if pg else "datetime(6)"
        conn.execute(text(
            f"CREATE TABLE crm_accounts (id int PRIMARY KEY, name varchar(100), segment varchar(20), "
            f"region varchar(10), updated_at {stamp} NOT NULL)"
        ))  # fmt: skip
        if pg:
            conn.execute(text(
                "INSERT INTO crm_accounts SELECT i, 'Company ' || i, "
                "(ARRAY['SMB','Mid-Market','Enterprise'])[1 + i % 3], "
                "(ARRAY['NA','EMEA','APAC'])[1 + i % 3], "
                f"timestamptz '2026-01-01' + (i / 7) * interval '1 second' FROM generate_series(1, {rows}) i"
            ))  # fmt: skip
        else:
            conn.execute(text(
                "INSERT INTO crm_accounts SELECT seq, CONCAT('Company ', seq), "
                "ELT(1 + seq % 3, 'SMB', 'Mid-Market', 'Enterprise'), "
                "ELT(1 + seq % 3, 'NA', 'EMEA', 'APAC'), "
                f"TIMESTAMP '2026-01-01 00:00:00' + INTERVAL (seq DIV 7) SECOND FROM seq_1_to_{rows}"
            ))  # fmt: skip
    engine.dispose()


def change_one_percent(url: str) -> int:
    engine = create_engine(url)
    now = "now()" if engine.dialect.name == "postgresql" else "NOW(6)"
    concat = "name || ' v2'" if engine.dialect.name == "postgresql" else "CONCAT(name, ' v2')"
    with engine.begin() as conn:
        changed = conn.execute(
            text(f"UPDATE crm_accounts SET name = {concat}, updated_at = {now} WHERE id % 100 = 0")
        )
    engine.dispose()
    return changed.rowcount


def csv_of(url: str) -> bytes:
    engine = create_engine(url)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["external_id", "name", "segment", "region"])
    with engine.connect() as conn:
        writer.writerows(conn.execute(text("SELECT id, name, segment, region FROM crm_accounts ORDER BY id")))
    engine.dispose()
    return out.getvalue().encode()


def workspace(name: str) -> int:
    with db.unit_of_work() as s:
        return workspaces_service.create_workspace(session=s, data=WorkspaceCreate(name=name)).id


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def sync_twice(kind: str, url: str, rows: int) -> dict[str, object]:
    ws = workspace(f"Sync {kind} {uuid.uuid4().hex[:4]}")
    with db.unit_of_work() as s:
        data = SourceCreate(
            name=kind, kind="sql", url=url, table="crm_accounts", target="accounts",
            mapping=MAPPING, cursor_column="updated_at",
        )  # fmt: skip
        source_id = sync_service.create_source(session=s, workspace_id=ws, data=data, secret=SECRET).id

    def run() -> object:
        return runner.run_source(workspace_id=ws, source_id=source_id, secret=SECRET, trigger="cli")

    first_s, first = timed(run)
    changed = change_one_percent(url)
    again_s, again = timed(run)
    assert getattr(first, "created", None) == rows, first
    assert getattr(again, "updated", None) == changed, again
    return {"first_s": round(first_s, 2), "incremental_s": round(again_s, 2), "changed_rows": changed}


def unreachable() -> str | None:
    """Why this benchmark cannot run here (it needs both servers), or None."""
    try:
        pymysql.connect(host="127.0.0.1", user="root", password="", connect_timeout=3).close()
    except pymysql.MySQLError as exc:
        return f"MariaDB at 127.0.0.1:3306 does not answer ({exc.args[0]})"
    try:
        create_engine(PG_ADMIN).connect().close()
    except OperationalError:
        return f"PostgreSQL at {PG_ADMIN} does not answer"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if why := unreachable():  # a fresh machine without the servers: skip, so `make bench` runs the rest
        print(f"skipped: {why}; this benchmark syncs from real MariaDB and PostgreSQL servers")
        return
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        db.configure(f"sqlite:///{tmp}/steward.db")
        upgrade_to_head()
        figures: dict[str, object] = {"rows": args.rows}
        with scratch_mariadb() as maria, scratch_postgres() as pg:
            build_table(maria, args.rows)
            build_table(pg, args.rows)
            data = csv_of(pg)
            ws = workspace("CSV import")

            def import_csv() -> object:
                with db.unit_of_work() as s:
                    return imports_service.run_import(
                        session=s, workspace_id=ws, entity="accounts", data=data
                    )

            csv_s, _ = timed(import_csv)
            figures["csv_import_s"] = round(csv_s, 2)
            figures["mariadb"] = sync_twice("mariadb", maria, args.rows)
            figures["postgresql"] = sync_twice("postgresql", pg, args.rows)
        db.configure("sqlite://")
    figures["load_before"] = [round(x, 1) for x in load_before]
    figures["load_after"] = [round(x, 1) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(figures))
        return
    load = f"load {figures['load_before']} -> {figures['load_after']}"
    table = Table(title=f"Sync of {args.rows:,} accounts into SQLite ({load})")
    table.add_column("path")
    table.add_column("first run, s", justify="right")
    table.add_column("incremental (1% changed), s", justify="right")
    table.add_row("CSV import (baseline)", str(figures["csv_import_s"]), "-")
    for kind in ("mariadb", "postgresql"):
        f = figures[kind]
        assert isinstance(f, dict)
        table.add_row(
            f"sync from {kind}", str(f["first_s"]), f"{f['incremental_s']} ({f['changed_rows']:,} rows)"
        )
    Console().print(table)


if __name__ == "__main__":
    main()
