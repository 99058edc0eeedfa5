"""The cockpit's CTA page at a large number of open CTAs: the page's ids in each sort (due, priority, ARR,
health, created) chosen in SQL with LIMIT/OFFSET (now) beside the way it was done before in the same run
(load every open CTA's sort keys and every account, read every account's health, sort in Python, slice).

Usage: python bench/cockpit_sort.py [--ctas 20000] [--accounts 2000] [--repeat 7] [--url DATABASE_URL]
       (default: a fresh SQLite file in a temporary directory)
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text

from steward.core import db
from steward.core.migrate import upgrade_to_head
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.models import Account
from steward.domains.ctas import worklist
from steward.domains.ctas.models import Cta
from steward.domains.ctas.schemas import OPEN_STATUSES, PRIORITIES
from steward.domains.health import service as health_service
from steward.domains.health.models import HealthScore, HealthScorecard
from steward.domains.workspaces import service as workspaces_service
from steward.domains.workspaces.schemas import WorkspaceCreate

PAGE = 50
DAY = date(2026, 12, 1)


def seed(ctas: int, accounts: int) -> int:
    rnd = random.Random(0)
    with db.unit_of_work() as s:
        ws = workspaces_service.create_workspace(session=s, data=WorkspaceCreate(name="Cockpit bench")).id
        rows = [{"workspace_id": ws, "external_id": f"a{i}", "name": f"A {i}", "custom": {},
                 "segment": rnd.choice(["ent", "smb"]), "arr_minor": rnd.randint(0, 10**8)}
                for i in range(accounts)]  # fmt: skip
        s.execute(insert(Account), rows)
        ids = list(s.scalars(select(Account.id).where(Account.workspace_id == ws)))
        card = HealthScorecard(workspace_id=ws, name="Bench", definition={"rules": []})
        s.add(card)
        s.flush()
        s.execute(insert(HealthScore), [
            {"workspace_id": ws, "scorecard_id": card.id, "account_id": a, "day": DAY,
             "overall": rnd.random() * 100, "grade": None, "groups": {}, "measures": {}}
            for a in ids])  # fmt: skip
        base = datetime(2026, 1, 1, tzinfo=UTC)
        s.execute(insert(Cta), [
            {"workspace_id": ws, "account_id": rnd.choice(ids), "type": "risk", "reason": f"r{i}",
             "title": f"CTA {i}", "priority": rnd.choice(PRIORITIES), "status": rnd.choice(OPEN_STATUSES),
             "source": "manual",
             "due_date": DAY + timedelta(days=rnd.randint(-30, 60)), "contact_ids": [],
             "created_at": base + timedelta(minutes=i)} for i in range(ctas)])  # fmt: skip
    return ws


def before(ws: int, sort: str, page: int) -> list[int]:
    """The cockpit's way at 5116fe9: every open CTA's keys loaded, accounts read, sorted in Python."""
    with db.unit_of_work() as s:
        stmt = select(Cta.id, Cta.account_id, Cta.due_date, Cta.priority, Cta.created_at).where(
            Cta.workspace_id == ws, Cta.status.in_(OPEN_STATUSES)
        )
        keys = list(s.execute(stmt))
        values: dict[int, Any] = {}
        if sort in ("arr", "health"):
            accounts = accounts_service.by_ids(session=s, workspace_id=ws, ids={k.account_id for k in keys})
            if sort == "arr":
                values = {a.id: float(a.arr_minor) for a in accounts}
            else:
                scores = health_service.current_scores(session=s, workspace_id=ws, accounts=accounts)
                values = {i: c.overall for i, c in scores.items()}
        keys.sort(key=lambda k: (k.due_date or date.max, k.id))
        if sort == "priority":
            keys.sort(key=lambda k: -PRIORITIES.index(k.priority))
        elif sort == "created":
            keys.sort(key=lambda k: (k.created_at, k.id), reverse=True)
        elif sort in ("arr", "health"):
            sign = -1 if sort == "arr" else 1
            keys.sort(
                key=lambda k: (values.get(k.account_id) is None, sign * (values.get(k.account_id) or 0))
            )
        return [k.id for k in keys[(page - 1) * PAGE : page * PAGE]]


def after(ws: int, sort: str, page: int) -> list[int]:
    with db.unit_of_work() as s:
        values = None
        if sort == "arr":
            values = accounts_service.arr_values(workspace_id=ws)
        elif sort == "health":
            values = health_service.current_values(session=s, workspace_id=ws)
        rows, _ = worklist.page(
            session=s, workspace_id=ws, owner_ids=None, statuses=list(OPEN_STATUSES),
            sort=sort, account_values=values, offset=(page - 1) * PAGE, limit=PAGE,
        )  # fmt: skip
        return [i for i, _ in rows]


def timed(fn: Callable[[], list[int]], repeat: int) -> tuple[float, list[int]]:
    times, out = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ctas", type=int, default=20_000)
    parser.add_argument("--accounts", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'cockpit.db'}"
    db.configure(url)
    upgrade_to_head()
    ws = seed(args.ctas, args.accounts)
    with db.unit_of_work() as s:  # planner statistics, as autovacuum (PostgreSQL) or optimize (SQLite) keep
        s.execute(text("ANALYZE"))
    where = url.split(":")[0]
    print(f"{args.ctas} open CTAs on {args.accounts} accounts ({where}), median of {args.repeat}, ms")
    print(f"{'sort':<9}{'page':>5}{'before':>10}{'after':>10}  same page")
    for sort in worklist.SORTS:
        for page in (1, 100):
            old_ms, old = timed(lambda: before(ws, sort, page), args.repeat)  # noqa: B023
            new_ms, new = timed(lambda: after(ws, sort, page), args.repeat)  # noqa: B023
            print(f"{sort:<9}{page:>5}{old_ms:>10.1f}{new_ms:>10.1f}  {old == new}")


if __name__ == "__main__":
    main()
