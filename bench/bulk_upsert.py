"""Bulk upsert of accounts: the API (real HTTP server) and CSV import, beside raw DB-API executemany.

Usage: python bench/bulk_upsert.py [--rows 100000] [--backend sqlite|postgresql|both] [--json]
Each backend gets a fresh database migrated by Alembic; the three paths write the same rows into the same
`accounts` table (one workspace each), so the ratios compare like with like on this machine, in this run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import free_port, wait_until_healthy
from steward.core import db
from steward.core.migrate import upgrade_to_head
from steward.core.roles import Role
from steward.domains.imports import service as imports_service
from steward.domains.users import service as users_service
from steward.domains.users.schemas import ApiKeyCreate
from steward.domains.workspaces import service as workspaces_service
from steward.domains.workspaces.schemas import WorkspaceCreate

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BATCH = 5000
SEGMENTS = ("Enterprise", "Mid-Market", "SMB", "Strategic")
REGIONS = ("NA", "EMEA", "APAC", "LATAM")
STAGES = ("onboarding", "adoption", "growth", "renewal")


def make_rows(n: int) -> list[dict[str, Any]]:
    return [
        {"external_id": f"ACC-{i:07d}", "name": f"Company {i}", "domain": f"company{i}.example.com",
         "segment": SEGMENTS[i % 4], "tier": f"T{i % 3}", "industry": "Software", "region": REGIONS[i % 4],
         "lifecycle_stage": STAGES[i % 4]}
        for i in range(n)
    ]  # fmt: skip


@contextmanager
def database(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    name = f"steward_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    finally:
        db.configure("sqlite://")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def new_workspace(name: str) -> tuple[int, str, str]:
    with db.unit_of_work() as s:
        ws = workspaces_service.create_workspace(session=s, data=WorkspaceCreate(name=name))
        key = users_service.create_api_key(session=s, workspace_id=ws.id, data=ApiKeyCreate(role=Role.admin))
    return ws.id, ws.slug, key.key


def raw_executemany(rows: list[dict[str, Any]]) -> float:
    """Baseline: the driver's own executemany of the same rows, one transaction."""
    ws_id, _, _ = new_workspace("raw")
    now = datetime.now(UTC)
    cols = ["workspace_id", "external_id", "name", "domain", "segment", "tier", "industry", "region",
            "lifecycle_stage", "custom", "arr_minor", "created_at", "updated_at"]  # fmt: skip
    values = [(ws_id, *(r[c] for c in cols[1:9]), "{}", 0, now, now) for r in rows]
    engine = db.get_engine()
    mark = "?" if engine.dialect.name == "sqlite" else "%s"
    sql = f"INSERT INTO accounts ({', '.join(cols)}) VALUES ({', '.join([mark] * len(cols))})"
    raw = engine.raw_connection()
    try:
        started = time.perf_counter()
        cur = raw.cursor()
        cur.executemany(sql, values)
        raw.commit()
        return time.perf_counter() - started
    finally:
        raw.close()


@contextmanager
def server(database_url: str) -> Iterator[str]:
    """`steward serve` in its own process, as in production: the client's JSON encoding runs beside it."""
    port = free_port()
    env = {**os.environ, "STEWARD_DATABASE_URL": database_url, "STEWARD_ENV": "dev"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "steward.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(proc, url, seconds=120)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def api_path(url: str, rows: list[dict[str, Any]]) -> tuple[float, float]:
    """POST /api/v1/accounts/bulk in batches of 5,000: first inserting, then updating every row.

    Bodies are encoded before the clock starts: the client's JSON encoding happens on the client's
    machine in production, and here it would compete with the server for the same two cores.
    """
    _, _, key = new_workspace("api")
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    timings = []
    with httpx.Client(base_url=url, headers=headers, timeout=300) as client:
        for attempt in range(2):
            batch_rows = rows if attempt == 0 else [{**r, "segment": "Enterprise"} for r in rows]
            bodies = [
                json.dumps({"items": batch_rows[i : i + BATCH]}).encode()
                for i in range(0, len(batch_rows), BATCH)
            ]
            started = time.perf_counter()
            for body in bodies:
                client.post("/api/v1/accounts/bulk", content=body).raise_for_status()
            timings.append(time.perf_counter() - started)
    return timings[0], timings[1]


def csv_path(rows: list[dict[str, Any]], tmp: Path) -> float:
    """The import service that `steward import accounts FILE.csv` runs, in-process, one transaction."""
    ws_id, _, _ = new_workspace("csv")
    path = tmp / "accounts.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    data = path.read_bytes()
    started = time.perf_counter()
    with db.unit_of_work() as s:
        imports_service.run_import(session=s, workspace_id=ws_id, entity="accounts", data=data)
    return time.perf_counter() - started


def pg_available() -> bool:
    try:
        create_engine(PG_ADMIN).connect().close()
        return True
    except Exception:
        return False


def run(backend: str, n: int) -> dict[str, Any]:
    rows = make_rows(n)
    with database(backend) as url, tempfile.TemporaryDirectory() as tmp:
        db.configure(url)
        upgrade_to_head()
        raw = raw_executemany(rows)
        with server(url) as base:
            api_insert, api_update = api_path(base, rows)
        csv_time = csv_path(rows, Path(tmp))
    rate = {
        k: n / v
        for k, v in {"raw": raw, "api_insert": api_insert, "api_update": api_update, "csv": csv_time}.items()
    }
    return {
        "backend": backend,
        "rows": n,
        "rows_per_s": {k: round(v) for k, v in rate.items()},
        "share_of_raw": {k: round(v / rate["raw"], 3) for k, v in rate.items() if k != "raw"},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    console = Console(stderr=True)
    results = []
    for backend in backends:
        if backend == "postgresql" and not pg_available():
            console.print(f"[yellow]skipping PostgreSQL: nothing answers at {PG_ADMIN}[/]")
            continue
        console.print(f"running {backend} with {args.rows:,} rows ...")
        results.append(run(backend, args.rows))
    if args.json:
        sys.stdout.write(json.dumps(results) + "\n")
        return
    table = Table(title=f"Bulk upsert of {args.rows:,} accounts (rows/s; share of raw executemany)")
    for col in ("backend", "raw executemany", "API insert", "API update", "CSV import"):
        table.add_column(col, justify="right" if col != "backend" else "left")
    for r in results:
        rate, share = r["rows_per_s"], r["share_of_raw"]
        table.add_row(
            r["backend"], f"{rate['raw']:,}",
            *(f"{rate[k]:,} ({share[k]:.0%})" for k in ("api_insert", "api_update", "csv")),
        )  # fmt: skip
    Console().print(table)


if __name__ == "__main__":
    main()
