"""The cockpit's sorts (due, priority, ARR, health, created) ordered and paged in SQL give the same order as
the Python sort they replaced (kept below as the reference), ties broken by due date then id; health is read
under each account's own scorecard (rules first, else the one without rules), unscored accounts last."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from steward.core.db import unit_of_work
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.models import Account
from steward.domains.ctas import worklist
from steward.domains.ctas.models import Cta
from steward.domains.ctas.schemas import OPEN_STATUSES, PRIORITIES
from steward.domains.health import service as health_service
from steward.domains.health.models import HealthScore, HealthScorecard
from tests.factories import Tenant

DAY = date(2026, 11, 30)


def _reference(rows: list[Any], sort: str, values: dict[int, float | None]) -> list[int]:
    """The Python sort the cockpit used before (worklist.ordered at 5116fe9)."""
    rows = sorted(rows, key=lambda k: (k.due_date or date.max, k.id))
    if sort == "priority":
        rows = sorted(rows, key=lambda k: -PRIORITIES.index(k.priority))
    elif sort == "created":
        rows = sorted(rows, key=lambda k: (k.created_at, k.id), reverse=True)
    elif sort in ("arr", "health"):
        sign = -1 if sort == "arr" else 1
        rows = sorted(
            rows, key=lambda k: (values.get(k.account_id) is None, sign * (values.get(k.account_id) or 0))
        )
    return [k.id for k in rows]


def _fill(ws: int) -> None:
    rnd = random.Random(7)
    with unit_of_work() as s:
        accounts = [
            Account(workspace_id=ws, external_id=f"o{i}", name=f"Order {i}",
                    segment=rnd.choice(["ent", "smb", None]),
                    arr_minor=rnd.choice([0, 100_000, 100_000, 250_000, 9_000_000]))
            for i in range(12)
        ]  # fmt: skip
        s.add_all(accounts)
        ruled = HealthScorecard(workspace_id=ws, name="Enterprise", definition={"rules": [
            {"field": "segment", "values": ["ent"]}]})  # fmt: skip
        default = HealthScorecard(workspace_id=ws, name="Everyone", definition={"rules": []})
        s.add_all([ruled, default])
        s.flush()
        for n, a in enumerate(accounts[:-3]):  # the last three are never scored
            for card in (ruled, default):  # a score under the other card must not count
                for day in (DAY, DAY - timedelta(days=7)):
                    overall = None if n == 0 else rnd.choice([20.0, 55.5, 55.5, 80.0])
                    s.add(HealthScore(workspace_id=ws, scorecard_id=card.id, account_id=a.id, day=day,
                                      overall=overall, grade=None, groups={}, measures={}))  # fmt: skip
        base = datetime(2026, 11, 1, tzinfo=UTC)
        for i in range(140):
            due = rnd.choice([None, DAY, DAY + timedelta(days=rnd.randint(-5, 5))])
            s.add(Cta(workspace_id=ws, account_id=rnd.choice(accounts).id, type="risk", reason=f"r{i}",
                      title=f"CTA {i}", priority=rnd.choice(PRIORITIES),
                      status=rnd.choice((*OPEN_STATUSES, "done")), due_date=due, source="manual",
                      contact_ids=[],
                      created_at=base + timedelta(hours=rnd.randint(0, 5))))  # fmt: skip


def test_sql_order_is_the_python_order_with_paging(tenant: Tenant) -> None:
    _fill(tenant.id)
    with unit_of_work() as s:
        rows = [r for r in s.query(Cta).filter(Cta.workspace_id == tenant.id) if r.status in OPEN_STATUSES]
        accounts = accounts_service.by_ids(
            session=s, workspace_id=tenant.id, ids={r.account_id for r in rows}
        )
        arr = {a.id: float(a.arr_minor) for a in accounts}
        scores = health_service.current_scores(session=s, workspace_id=tenant.id, accounts=accounts)
        health = {i: c.overall for i, c in scores.items()}
        assert None in health.values() and len(set(arr.values())) < len(arr)  # ties and an unscored value
        for sort, values in (
            ("due", {}),
            ("priority", {}),
            ("created", {}),
            ("arr", arr),
            ("health", health),
        ):
            subquery = None
            if sort == "arr":
                subquery = accounts_service.arr_values(workspace_id=tenant.id)
            elif sort == "health":
                subquery = health_service.current_values(session=s, workspace_id=tenant.id)
            expected = _reference(rows, sort, values)
            paged: list[int] = []
            for offset in range(0, len(rows) + 10, 17):
                page, total = worklist.page(session=s, workspace_id=tenant.id, owner_ids=None,
                                            statuses=list(OPEN_STATUSES), sort=sort, account_values=subquery,
                                            offset=offset, limit=17)  # fmt: skip
                assert total == len(rows)
                paged += [i for i, _ in page]
            assert paged == expected, sort
