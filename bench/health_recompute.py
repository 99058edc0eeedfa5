"""Health recompute through the database: a workspace's full recompute (read every input, score, write a
row per account) and the incremental rescoring of one changed account, on SQLite and PostgreSQL.

Usage: python bench/health_recompute.py [--accounts 20000] [--sample 100] [--json] [--no-postgres]

The baseline, measured in the same run, is what incremental rescoring would cost if it were used for a
full recompute: `rescore_accounts` account by account (timed on --sample accounts, scaled to all).
The scorecard has 12 measures in 3 groups over real inputs (subscriptions, activities, contacts,
CSM sentiment). "serve" is the time from a committed change to the stored score on the background
worker thread, which waits 0.2 s for the rest of a burst before it scores.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from rich.console import Console
from rich.progress import track
from rich.table import Table
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from steward.core import changes, db
from steward.core.clock import today_utc
from steward.core.jobs import ChangeWorker
from steward.core.migrate import upgrade_to_head
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.schemas import AccountCreate
from steward.domains.contacts import service as contacts_service
from steward.domains.contacts.schemas import ContactCreate
from steward.domains.health import jobs as health_jobs
from steward.domains.health import scoring
from steward.domains.health import service as health_service
from steward.domains.health.schemas import ScorecardCreate, SentimentCreate
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.subscriptions.schemas import SubscriptionCreate
from steward.domains.timeline import service as timeline_service
from steward.domains.timeline.schemas import ActivityCreate
from steward.domains.workspaces import service as workspaces_service
from steward.domains.workspaces.schemas import WorkspaceCreate

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _m(key: str, poor: float, good: float) -> dict[str, Any]:
    return {"key": key, "weight": 25, "mapping": {"poor": poor, "good": good}}


CARD = {"name": "Bench", "groups": [
    {"key": "engagement", "weight": 40, "measures": [
        _m("activities_30d", 0, 4), _m("activities_90d", 1, 10), _m("days_since_activity", 60, 5),
        _m("meetings_90d", 0, 3)]},
    {"key": "commercial", "weight": 35, "measures": [
        _m("arr", 1e5, 5e6), _m("seats", 5, 200), _m("days_to_renewal", 20, 200),
        _m("tenure_days", 60, 900)]},
    {"key": "relationship", "weight": 25, "measures": [
        _m("contacts", 1, 8), _m("csm_sentiment", 3, 8), _m("notice_days", 90, 0), _m("auto_renew", 0, 1)]},
]}  # fmt: skip


def seed(accounts: int) -> int:
    """A workspace with `accounts` customers, each with a subscription, ~5 activities, 2 contacts and,
    for half of them, a CSM sentiment. Returns the workspace id."""
    rng, today = random.Random(0), today_utc()
    with db.unit_of_work() as s:
        ws = workspaces_service.create_workspace(
            session=s, data=WorkspaceCreate(name=f"bench {uuid.uuid4()}")
        ).id
    for lo in track(range(0, accounts, 5000), description=f"seeding {accounts:,} accounts"):
        n = min(5000, accounts - lo)
        with db.unit_of_work() as s:
            made = accounts_service.bulk_upsert(session=s, workspace_id=ws, items=[
                AccountCreate(external_id=f"a{lo + i}", name=f"Account {lo + i}", segment="SMB")
                for i in range(n)
            ]).items  # fmt: skip
            ids = [r.id for r in made]
            subscriptions_service.bulk_upsert(session=s, workspace_id=ws, items=[
                SubscriptionCreate(
                    external_id=f"s{a}", account_id=a, plan="Pro",
                    amount_minor=rng.randrange(10_000, 500_000),
                    currency="USD", billing_period="month", seats=rng.randrange(5, 300),
                    start_date=today - timedelta(days=rng.randrange(30, 1200)),
                    end_date=today + timedelta(days=rng.randrange(1, 365)),
                ) for a in ids
            ])  # fmt: skip
            contacts_service.bulk_upsert(session=s, workspace_id=ws, items=[
                ContactCreate(external_id=f"c{a}-{k}", account_id=a, name=f"Contact {k}")
                for a in ids for k in (1, 2)
            ])  # fmt: skip
            when = [datetime.now(UTC) - timedelta(days=rng.randrange(120)) for _ in range(5 * n)]
            timeline_service.bulk_log(session=s, workspace_id=ws, items=[
                (None, ActivityCreate(account_id=ids[i // 5], kind=rng.choice(["call", "email", "note"]),
                                      subject="touch", occurred_at=when[i])) for i in range(5 * n)
            ])  # fmt: skip
            said = [(a, None, SentimentCreate(score=rng.randrange(1, 11), comment="bench"), when[i])
                    for i, a in enumerate(ids) if i % 2 == 0]  # fmt: skip
            health_service.log_sentiments(session=s, workspace_id=ws, items=said)
    return ws


def measure(url: str, accounts: int, sample: int) -> dict[str, float]:
    db.configure(url)
    upgrade_to_head()
    ws = seed(accounts)
    with db.unit_of_work() as s:
        card = health_service.create_scorecard(session=s, workspace_id=ws, data=ScorecardCreate(**CARD))
        ids = [a.id for a in accounts_service.owned_by(session=s, workspace_id=ws, owner_ids=None)]
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        with db.unit_of_work() as s:
            done = scoring.recompute(session=s, workspace_id=ws, scorecard_id=card.id)
        runs.append(time.perf_counter() - t)
    assert done.rows_written == accounts, done
    one = []
    for account_id in random.Random(1).sample(ids, sample):
        t = time.perf_counter()
        with db.unit_of_work() as s:
            scoring.rescore_accounts(session=s, workspace_id=ws, account_ids=[account_id])
        one.append(time.perf_counter() - t)
    worker = ChangeWorker(health_jobs.rescore_changed)
    worker.start()
    unsubscribe = changes.subscribe(worker.submit)
    serve = []
    for account_id in ids[:10]:
        t = time.perf_counter()
        with db.unit_of_work() as s:
            health_service.add_sentiment(session=s, workspace_id=ws, account_id=account_id, author_id=None,
                                         data=SentimentCreate(score=9, comment="changed"))  # fmt: skip
        worker.wait_idle(30)
        serve.append(time.perf_counter() - t)
    unsubscribe()
    worker.stop()
    return {
        "full_recompute_s": min(runs), "per_account_ms": statistics.median(one) * 1000,
        "per_account_p95_ms": sorted(one)[int(0.95 * len(one)) - 1] * 1000,
        "one_by_one_all_s": statistics.mean(one) * accounts,
        "serve_change_to_score_s": statistics.median(serve),
    }  # fmt: skip


def _postgres() -> str | None:
    try:
        psycopg.connect(PG_ADMIN.replace("+psycopg", ""), connect_timeout=3).close()
    except psycopg.OperationalError:
        return None
    name = f"steward_bench_{uuid.uuid4().hex[:8]}"
    with create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)


def _drop(url: str) -> None:
    db.configure("sqlite://")
    with create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    results = {
        "sqlite": measure(
            f"sqlite:////tmp/steward-bench-{uuid.uuid4().hex[:8]}.db", args.accounts, args.sample
        )
    }
    pg = None if args.no_postgres else _postgres()
    if pg:
        try:
            results["postgresql"] = measure(pg, args.accounts, args.sample)
        finally:
            _drop(pg)
    if args.json:
        print(json.dumps({"accounts": args.accounts, **results}))
        return
    table = Table(
        title=f"Health recompute through the database, {args.accounts:,} accounts x 12 measures x 3 groups"
    )
    table.add_column("")
    for backend in results:
        table.add_column(backend, justify="right")
    rows = [
        ("Full recompute (read, score, write)", "full_recompute_s", "{:.2f} s"),
        (f"Baseline: one at a time (timed on {args.sample}, scaled)", "one_by_one_all_s", "{:.1f} s"),
        ("One changed account, median", "per_account_ms", "{:.1f} ms"),
        ("One changed account, p95", "per_account_p95_ms", "{:.1f} ms"),
        ("serve: commit to stored score, median", "serve_change_to_score_s", "{:.2f} s"),
    ]
    for name, key, fmt in rows:
        table.add_row(name, *(fmt.format(r[key]) for r in results.values()))
    Console().print(table)
    for backend, r in results.items():
        print(
            f"{backend}: full recompute {r['one_by_one_all_s'] / r['full_recompute_s']:.0f}x faster"
            f" than one account at a time (estimated: {args.sample} timed, scaled to {args.accounts:,})"
        )


if __name__ == "__main__":
    main()
