"""Sustained event intake through the Segment-compatible /v1/batch of a real `uvicorn` server (8 client
threads, batches of 200 track calls attributed to 500 accounts), on SQLite and PostgreSQL, beside the raw
insert rate of the same rows into the same table in the same run: plain driver `executemany`, one
transaction per batch of 200, the ceiling any intake could reach.

Usage: python bench/ingest.py [--events 80000] [--threads 8] [--backend sqlite|postgresql|both] [--json]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import psycopg
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

sys.path.insert(0, os.path.dirname(__file__))
from bulk_upsert import database, pg_available
from serving import free_port, wait_until_healthy
from steward.core import db
from steward.core.migrate import upgrade_to_head
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.schemas import AccountCreate
from steward.domains.events.models import Event
from steward.domains.workspaces import service as workspaces_service
from steward.domains.workspaces.schemas import WorkspaceCreate

BATCH = 200
ACCOUNTS = 500
EVENTS = [f"Feature {i}" for i in range(40)]
NOW = datetime.now(UTC).replace(microsecond=0)


def batches(total: int, prefix: str) -> list[list[dict[str, Any]]]:
    out = []
    for start in range(0, total, BATCH):
        out.append(
            [
                {
                    "type": "track",
                    "messageId": f"{prefix}-{n}",
                    "userId": f"user-{n % 20_000}",
                    "event": EVENTS[n % 40],
                    "timestamp": (NOW - timedelta(seconds=n)).isoformat(),
                    "properties": {"n": n, "plan": "pro"},
                    "context": {"groupId": f"ACC-{n % ACCOUNTS}", "library": {"name": "bench"}},
                }
                for n in range(start, min(start + BATCH, total))
            ]
        )
    return out


def serve(url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "STEWARD_DATABASE_URL": url, "STEWARD_SCHEDULER": "0", "STEWARD_RESCORE": "off"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "steward.web.app:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_healthy(proc, base, seconds=120, what="uvicorn steward.web.app")
    return proc, base


def intake(base: str, key: str, work: list[list[dict[str, Any]]], threads: int) -> float:
    auth = {
        "Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode(),
        "Content-Type": "application/json",
    }
    bodies = [orjson.dumps({"batch": b, "sentAt": NOW.isoformat()}) for b in work]
    lock, position, failures = threading.Lock(), [0], []

    def client() -> None:
        with httpx.Client(base_url=base, headers=auth, timeout=60) as http:
            while True:
                with lock:
                    if position[0] >= len(bodies):
                        return
                    body, position[0] = bodies[position[0]], position[0] + 1
                r = http.post("/v1/batch", content=body)
                while r.status_code == 429:  # the intake asks to come back: do so, nothing is lost
                    time.sleep(float(r.headers.get("retry-after", "1")))
                    r = http.post("/v1/batch", content=body)
                if r.status_code != 200 or r.json()["rejected"]:
                    failures.append(r.text[:200])

    started = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} batches failed, e.g. {failures[0]}")
    return elapsed


def raw_rows(workspace_id: int, work: list[list[dict[str, Any]]]) -> list[list[tuple[Any, ...]]]:
    now = datetime.now(UTC)
    return [
        [
            (
                workspace_id,
                m["messageId"],
                "track",
                m["event"],
                m["userId"],
                None,
                m["context"]["groupId"],
                int(m["context"]["groupId"][4:]) + 1,
                m["timestamp"],
                now.isoformat(),
                orjson.dumps(m["properties"]).decode(),
            )
            for m in batch
        ]
        for batch in work
    ]


SQL = (
    "INSERT INTO events (workspace_id, message_id, type, event, user_id, anonymous_id, group_id, account_id, "
    "timestamp, received_at, properties) VALUES ({p})"
)


def raw_insert(url: str, rows: list[list[tuple[Any, ...]]]) -> float:
    """The ceiling: the driver's executemany, one transaction per batch, no validation, no attribution."""
    started = time.perf_counter()
    if url.startswith("sqlite"):
        con = sqlite3.connect(make_url(url).database or "")
        for batch in rows:
            with con:
                con.executemany(SQL.format(p=", ".join("?" * 11)), batch)
        con.close()
    else:
        plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(plain) as con:
            for batch in rows:
                with con.transaction(), con.cursor() as cur:
                    cur.executemany(SQL.format(p=", ".join(["%s"] * 11)), batch)
    return time.perf_counter() - started


def run(backend: str, total: int, threads: int) -> dict[str, Any]:
    with database(backend) as url:
        db.configure(url)
        os.environ["STEWARD_DATABASE_URL"] = url
        upgrade_to_head()
        with db.unit_of_work() as s:
            ws = workspaces_service.create_workspace(session=s, data=WorkspaceCreate(name=f"Bench {backend}"))
            accounts_service.bulk_upsert(
                session=s,
                workspace_id=ws.id,
                items=[AccountCreate(external_id=f"ACC-{i}", name=f"Company {i}") for i in range(ACCOUNTS)],
            )
        proc, base = serve(url)
        try:
            elapsed = intake(base, ws.write_key, batches(total, "api"), threads)
        finally:
            proc.terminate()
            proc.wait(10)
        with db.unit_of_work() as s:
            stored = s.scalar(select(func.count()).select_from(Event).where(Event.workspace_id == ws.id))
            attributed = s.scalar(
                select(func.count()).select_from(Event).where(Event.account_id.is_not(None))
            )
        raw = raw_insert(url, raw_rows(ws.id, batches(total, "raw")))
        db.configure("sqlite://")
    return {
        "backend": backend,
        "events": total,
        "stored": stored,
        "attributed": attributed,
        "intake_per_second": round(total / elapsed),
        "raw_per_second": round(total / raw),
        "share_of_raw": round(raw / elapsed, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=80_000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    console = Console(stderr=True)
    results = []
    for backend in ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]:
        if backend == "postgresql" and not pg_available():
            console.print("[yellow]skipping PostgreSQL: nothing answers[/]")
            continue
        with console.status(f"{backend}: {args.events:,} events through /v1/batch ..."):
            results.append(run(backend, args.events, args.threads))
    if args.json:
        print(json.dumps(results))
        return
    table = Table(
        title=f"Event intake: {args.events:,} track calls, batches of {BATCH}, {args.threads} client threads"
    )
    table.add_column("")
    for r in results:
        table.add_column(r["backend"], justify="right")
    for label, key in (
        ("stored (each once)", "stored"),
        ("attributed to an account", "attributed"),
        ("/v1/batch events/s", "intake_per_second"),
        ("raw executemany rows/s", "raw_per_second"),
        ("intake / raw", "share_of_raw"),
    ):
        table.add_row(
            label, *(f"{r[key]:,}" if isinstance(r[key], int) else f"{r[key]:.0%}" for r in results)
        )
    Console().print(table)


if __name__ == "__main__":
    main()
