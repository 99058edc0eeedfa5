"""Rule evaluation after a bulk health recompute: one rule ("health is red" -> a Risk CTA) over every
account, creating the CTAs and then, on the second run, updating them; beside a naive loop that reads and
evaluates one account at a time and upserts its CTA, timed on --sample accounts and scaled to all.

Usage: python bench/rules_evaluate.py [--accounts 100000] [--sample 300] [--postgres] [--json]

The workspace is seeded like bench/health_recompute.py (subscription, activities, contacts, sentiment)
and scored with its 12-measure scorecard. The script checks there is at most one open CTA per account
and reason after both runs.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))
import health_recompute as seeding
from steward.core import db
from steward.core.migrate import upgrade_to_head
from steward.domains.accounts import service as accounts_service
from steward.domains.ctas import service as ctas_service
from steward.domains.ctas.models import Cta
from steward.domains.health import service as health_service
from steward.domains.health.schemas import ScorecardCreate
from steward.domains.rules import evaluate
from steward.domains.rules import queries as rules_queries
from steward.domains.rules import service as rules_service
from steward.domains.rules.frame import account_frame
from steward.domains.rules.schemas import RuleCreate, RuleFields

RULE = {
    "name": "Red", "trigger": {"kind": "health_grade", "grades": ["red"]},
    "conditions": [{"field": "arr", "op": "gt", "value": 0}],
    "actions": [{"kind": "create_cta", "type": "risk", "reason": "Health is red", "priority": "high"}],
}  # fmt: skip


def measure(url: str, accounts: int, sample: int) -> dict[str, float]:
    db.configure(url)
    upgrade_to_head()
    ws = seeding.seed(accounts)
    t = time.perf_counter()
    with db.unit_of_work() as s:
        health_service.create_scorecard(session=s, workspace_id=ws, data=ScorecardCreate(**seeding.CARD))
    recompute = time.perf_counter() - t
    with db.unit_of_work() as s:
        rule = rules_service.create_rule(session=s, workspace_id=ws, data=RuleCreate(**RULE))
    runs = []
    for _ in range(2):
        t = time.perf_counter()
        with db.unit_of_work() as s:
            row = rules_queries.rule(s, ws, rule.id)
            assert row is not None
            log = evaluate.run(s, row, account_frame(s, ws), "manual")
            assert log is not None
            runs.append((time.perf_counter() - t, log.matched, log.ctas_created, log.ctas_updated))
    naive = _naive(ws, sample)
    with db.unit_of_work() as s:
        open_ctas = s.scalar(
            select(func.count()).select_from(Cta).where(Cta.workspace_id == ws, Cta.reason == "Health is red")
        )
        distinct = s.scalar(
            select(func.count(func.distinct(Cta.account_id))).where(
                Cta.workspace_id == ws, Cta.reason == "Health is red"
            )
        )
    assert open_ctas == distinct == runs[0][1], (open_ctas, distinct, runs[0])
    return {
        "health_recompute_s": recompute, "matched": runs[0][1], "first_run_s": runs[0][0],
        "created": runs[0][2], "second_run_s": runs[1][0], "updated": runs[1][3],
        "naive_per_account_ms": naive * 1000, "naive_all_s": naive * accounts,
    }  # fmt: skip


def _naive(ws: int, sample: int) -> float:
    """Per account: read it, evaluate the rule on it alone, upsert its CTA (another reason, so the two
    approaches do not share CTAs). Returns seconds per account."""
    fields = {k: v for k, v in RULE.items() if k != "name"}
    rule = RuleFields(**{**fields, "actions": [{**RULE["actions"][0], "reason": "Naive"}]})
    with db.unit_of_work() as s:
        ids = [a.id for a in accounts_service.owned_by(session=s, workspace_id=ws, owner_ids=None)]
    chosen = random.Random(0).sample(ids, min(sample, len(ids)))
    t = time.perf_counter()
    for account_id in chosen:
        with db.unit_of_work() as s:
            matched = evaluate.matches(rule, account_frame(s, ws, [account_id]))
            items = [
                ctas_service.RuleCta(account_id=int(a), type="risk", reason="Naive", title="Naive",
                                     priority="high", due_date=None, rule_id=0)
                for a in matched.index
            ]  # fmt: skip
            ctas_service.upsert_rule_ctas(session=s, workspace_id=ws, items=items)
    return (time.perf_counter() - t) / len(chosen)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--postgres", action="store_true", help="also on a throwaway PostgreSQL database")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sqlite = f"sqlite:////tmp/steward-bench-{uuid.uuid4().hex[:8]}.db"
    results: dict[str, dict[str, Any]] = {"sqlite": measure(sqlite, args.accounts, args.sample)}
    pg = seeding._postgres() if args.postgres else None
    if pg:
        try:
            results["postgresql"] = measure(pg, args.accounts, args.sample)
        finally:
            seeding._drop(pg)
    if args.json:
        print(json.dumps({"accounts": args.accounts, **results}))
        return
    table = Table(title=f"Rule evaluation over {args.accounts:,} accounts")
    table.add_column("")
    for backend in results:
        table.add_column(backend, justify="right")
    rows = [
        ("Health recompute first (12 measures)", "health_recompute_s", "{:.1f} s"),
        ("Accounts matched (health red)", "matched", "{:,}"),
        ("First run: evaluate + create CTAs", "first_run_s", "{:.2f} s"),
        ("  CTAs created", "created", "{:,}"),
        ("Second run: evaluate + update CTAs", "second_run_s", "{:.2f} s"),
        ("  CTAs updated (no duplicates)", "updated", "{:,}"),
        ("Baseline: one account at a time", "naive_per_account_ms", "{:.1f} ms each"),
        ("Baseline scaled to all accounts", "naive_all_s", "{:,.0f} s"),
    ]
    for name, key, fmt in rows:
        table.add_row(name, *(fmt.format(r[key]) for r in results.values()))
    Console().print(table)
    for backend, r in results.items():
        print(
            f"{backend}: the set-based run is {r['naive_all_s'] / r['first_run_s']:.0f}x faster than the loop"
        )


if __name__ == "__main__":
    main()
