"""The service desk at scale: N tickets (default 1,000,000) with two SLA clocks each in a fresh SQLite
database, then:
- the queue API (`GET /api/v1/tickets`, default view, breached view, breaching soon) and the queue page:
  p50 and p95 over repeated requests;
- the "% of SLAs met" report by agent over every clock, beside a plain pandas group-by over the same rows
  read by pandas itself: counts and first-response medians (the two answers are compared);
- SLA replay (the clocks of a ticket replayed from its history on business hours): tickets per second on a
  sample with ten status events each, and what that rate means for N tickets.

With --demo, the queue API and page are measured on the demo workspace instead (built first).

Usage: python bench/service_desk.py [--tickets 1000000] [--requests 40] [--demo]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

TICKETS_SQL = """
WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < :n),
base AS (SELECT i, datetime(:now, '-' || (abs(random()) % (180 * 86400)) || ' seconds') AS created FROM g)
INSERT INTO tickets (workspace_id, subject, channel, priority, tags, status, assignee_id, created_at,
                     updated_at, solved_at, sla_due_at, sla_breached)
SELECT :ws, 'Ticket ' || i, 'email', CASE WHEN i % 7 = 0 THEN 'urgent' ELSE 'normal' END, '[]',
       CASE WHEN i % 10 < 8 THEN 'solved' WHEN i % 10 = 8 THEN 'open' ELSE 'pending' END,
       :agent + i % 20, created, created, CASE WHEN i % 10 < 8 THEN created END,
       CASE WHEN i % 10 >= 8 THEN datetime(created, '+8 hours') END, (i % 13 = 0)
FROM base
"""
CLOCKS_SQL = """
INSERT INTO sla_clocks (workspace_id, ticket_id, policy_id, metric, seq, priority, target_minutes,
                        activated_at, fulfilled_at, due_at, business_seconds, breached, assignee_id)
SELECT workspace_id, id, 1, :metric, 1, priority, :minutes, created_at, solved_at,
       datetime(created_at, '+' || :minutes || ' minutes'), (id % 97) * :minutes * 0.9, (id % 13 = 0),
       assignee_id
FROM tickets WHERE workspace_id = :ws
"""
PASSWORD = "bench-password-1"
TZ_WEEK = dict.fromkeys(range(5), ((9 * 60, 17 * 60),))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--demo", action="store_true", help="measure the queue on the demo data")
    args = parser.parse_args()
    console = Console(stderr=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        os.environ["STEWARD_DATABASE_URL"] = url
        os.environ["STEWARD_SCHEDULER"] = "false"
        os.environ["STEWARD_DATA_DIR"] = tmp
        rows: list[tuple[str, str]] = []
        if args.demo:
            with console.status("building the demo ..."):
                key, user, password, tickets = _demo()
            title = f"Service desk on the demo data: {tickets:,} tickets (SQLite)"
            rows += _queue_latency(key, user, password, args.requests)
        else:
            title = f"Service desk with {args.tickets:,} tickets (SQLite)"
            with console.status(f"creating {args.tickets:,} tickets ..."):
                key, user, made_s = _populate(args.tickets)
            rows.append(
                (f"{args.tickets:,} tickets and {2 * args.tickets:,} clocks written", f"{made_s:.0f} s")
            )
            rows += _queue_latency(key, user, PASSWORD, args.requests)
            rows += _report(key)
            rows += _replay_rate(args.tickets)
    table = Table(title=title)
    table.add_column("")
    table.add_column("", justify="right")
    for label, value in rows:
        table.add_row(label, value)
    Console().print(table)


def _demo() -> tuple[str, str, str, int]:
    """Build the demo; (an admin API key of it, the demo login, its password, tickets)."""
    from sqlalchemy import func, select

    from steward.core.db import unit_of_work
    from steward.core.migrate import upgrade_to_head
    from steward.core.roles import Role
    from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD, build_demo
    from steward.domains.tickets.models import Ticket
    from steward.domains.users import service as users_service
    from steward.domains.users.schemas import ApiKeyCreate

    upgrade_to_head()
    with unit_of_work() as s:
        ctx = build_demo(session=s)
        key = users_service.create_api_key(
            session=s, workspace_id=ctx.workspace_id, data=ApiKeyCreate(name="bench", role=Role.admin)
        ).key
        tickets = int(s.scalar(select(func.count()).select_from(Ticket)) or 0)
    return key, DEMO_EMAIL, DEMO_PASSWORD, tickets


def _populate(count: int) -> tuple[str, str, float]:
    from sqlalchemy import text

    from steward.core.db import get_engine, unit_of_work
    from steward.core.migrate import upgrade_to_head
    from steward.core.roles import Role
    from steward.domains.users import service as users_service
    from steward.domains.users.schemas import ApiKeyCreate, UserCreate
    from steward.domains.workspaces import service as workspaces_service
    from steward.domains.workspaces.schemas import WorkspaceCreate

    upgrade_to_head()
    with unit_of_work() as s:
        ws = workspaces_service.create_workspace(session=s, data=WorkspaceCreate(name="Bench"))
        key = users_service.create_api_key(
            session=s, workspace_id=ws.id, data=ApiKeyCreate(name="b", role=Role.admin)
        ).key
        users_service.create_user(
            session=s,
            workspace_id=ws.id,
            data=UserCreate(email="lead@bench.test", name="Lead", role=Role.admin, password=PASSWORD),
        )
        agents = [
            users_service.create_user(
                session=s,
                workspace_id=ws.id,
                data=UserCreate(email=f"a{n}@bench.test", name=f"Agent {n}", role=Role.agent),
            ).id
            for n in range(20)
        ]
        workspace_id = ws.id
    started = time.perf_counter()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    with get_engine().begin() as conn:
        conn.execute(
            text(TICKETS_SQL),
            {"ws": workspace_id, "n": count, "now": now, "agent": agents[0]},
        )
        for metric, minutes in (("first_response", 240), ("resolution", 1440)):
            conn.execute(
                text(CLOCKS_SQL),
                {"ws": workspace_id, "metric": metric, "minutes": minutes},
            )
    return key, "lead@bench.test", time.perf_counter() - started


def _timings(fn: Any, count: int) -> tuple[float, float]:
    spent = []
    for _ in range(count):
        started = time.perf_counter()
        fn()
        spent.append(time.perf_counter() - started)
    spent.sort()
    return statistics.median(spent) * 1000, spent[max(0, int(len(spent) * 0.95) - 1)] * 1000


def _queue_latency(key: str, email: str, password: str, count: int) -> list[tuple[str, str]]:
    from fastapi.testclient import TestClient

    from steward.web.app import create_app

    client = TestClient(create_app())
    auth = {"Authorization": f"Bearer {key}"}
    out = []
    for label, params in (
        ("queue API, open tickets", {}),
        ("queue API, breached", {"breached": "true"}),
        ("queue API, due within 60 min", {"due_within_minutes": "60"}),
    ):

        def call(params: dict[str, str] = params) -> None:
            assert client.get("/api/v1/tickets", params=params, headers=auth).status_code == 200

        p50, p95 = _timings(call, count)
        out.append((f"{label}: p50 / p95", f"{p50:.0f} / {p95:.0f} ms"))
    page = client.get("/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token, "next": "/tickets"},
    )
    p50, p95 = _timings(lambda: client.get("/tickets"), count)
    out.append(("queue page: p50 / p95", f"{p50:.0f} / {p95:.0f} ms"))
    return out


def _report(key: str) -> list[tuple[str, str]]:
    from fastapi.testclient import TestClient
    from sqlalchemy import text

    from steward.core.db import get_engine
    from steward.web.app import create_app

    client = TestClient(create_app())
    auth = {"Authorization": f"Bearer {key}"}
    asked = pd.Timestamp.now(tz="UTC")
    started = time.perf_counter()
    report = client.get(
        "/api/v1/sla/report", params={"by": "agent", "start": "2000-01-01"}, headers=auth
    ).json()
    ours = time.perf_counter() - started
    answered = pd.Timestamp.now(tz="UTC")
    started = time.perf_counter()
    columns = "assignee_id, metric, fulfilled_at, due_at, breached, business_seconds"
    with get_engine().connect() as conn:
        frame = pd.read_sql(text(f"SELECT {columns} FROM sla_clocks"), conn)
    due = pd.to_datetime(frame["due_at"], utc=True, format="mixed")
    frame["missed"] = frame["breached"].astype(bool) | (frame["fulfilled_at"].isna() & (due <= asked))
    frame["met"] = frame["fulfilled_at"].notna() & ~frame["missed"]
    # An open clock falling due while the report ran may be counted either way: allowed as a difference.
    frame["moot"] = frame["fulfilled_at"].isna() & (due > asked) & (due <= answered)
    grouped = frame.groupby("assignee_id")[["met", "missed", "moot"]].sum()
    done = frame[frame["fulfilled_at"].notna() & (frame["metric"] == "first_response")]
    medians = (done.groupby("assignee_id")["business_seconds"].median() / 60).round(1)
    baseline = time.perf_counter() - started
    same = all(
        int(grouped.loc[int(r["key"]), "met"]) == r["met"]
        and 0
        <= r["breached"] - int(grouped.loc[int(r["key"]), "missed"])
        <= grouped.loc[int(r["key"]), "moot"]
        and (r["first_response_median"] is None or medians.get(int(r["key"])) == r["first_response_median"])
        for r in report["rows"]
    )
    clocks = report["overall"]["met"] + report["overall"]["breached"] + report["overall"]["running"]
    return [
        (f"% met by agent over {clocks:,} clocks (API)", f"{ours:.1f} s"),
        ("  the same with plain pandas (baseline)", f"{baseline:.1f} s"),
        ("  same counts and first-response medians", "yes" if same else "NO"),
        ("  open clocks that fell due during the report", f"{int(grouped['moot'].sum()):,}"),
    ]


def _replay_rate(count: int) -> list[tuple[str, str]]:
    from steward.analytics.business_time import Calendar
    from steward.analytics.sla import Step, measure, replay

    rng = random.Random(1)
    calendar = Calendar("Europe/Berlin", TZ_WEEK, frozenset())
    targets = {"normal": {"first_response": 240, "next_response": 240, "resolution": 1440}}
    start = datetime(2026, 6, 1, tzinfo=UTC)
    samples = []
    for _ in range(2000):
        at = start + timedelta(minutes=rng.randint(0, 200_000))
        steps = [Step(at, "created", "running", "normal")]
        for n in range(9):  # ten events each
            at += timedelta(minutes=rng.randint(10, 900))
            kind = ("agent_reply", "customer_reply", "status")[n % 3]
            steps.append(Step(at, kind, ("paused", "running")[n % 2] if kind == "status" else None))
        samples.append(steps)
    now = start + timedelta(days=400)
    started = time.perf_counter()
    for steps in samples:
        measure(replay(steps), lambda p: targets[p], calendar, now)
    rate = len(samples) / (time.perf_counter() - started)
    return [
        ("SLA replay on business hours (ten events a ticket)", f"{rate:,.0f} tickets/s"),
        (f"  at that rate, {count:,} tickets on one core (not measured)", f"{count / rate / 60:.0f} min"),
    ]


if __name__ == "__main__":
    main()
