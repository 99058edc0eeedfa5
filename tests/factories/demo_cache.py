"""The demo workspace, built once per scale in a test session and restored for each later test that asks.

Building a demo takes tens of seconds (generation, health scoring, reading every comment); copying its rows
back into the wiped database takes about one. The restored rows keep their ids, so the context the build
returned (workspace id, API key, account ids) stays true.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, insert, select, text

from steward.core import db
from steward.demo.generator import DemoContext, DemoScale, build_demo
from steward.domains.workspaces.models import Workspace

Rows = dict[str, list[dict[str, Any]]]
_BUILT: dict[tuple[DemoScale, date], tuple[Rows, DemoContext]] = {}
CHUNK = 2_000
# The scales the suite uses; sharing them is what lets one build serve many tests.
DEMO_60 = DemoScale(accounts=60, parents=4, churn_model=False, events_per_account_day=1.0)
DEMO_80 = DemoScale(accounts=80, parents=4, churn_model=False, events_per_account_day=1.0)
DEMO_100 = DemoScale(accounts=100, parents=5, churn_model=False, events_per_account_day=1.0)


def demo_workspace(scale: DemoScale, today: date | None = None) -> DemoContext:
    """A demo at this scale in the (empty) test database; the first call per scale builds it."""
    key = (scale, today or date.today())
    with db.get_engine().connect() as conn:  # its copy would hold them, and its ids could collide with them
        if conn.execute(select(func.count()).select_from(Workspace)).scalar_one():
            raise AssertionError("a cached demo keeps its ids: ask for it before any other workspace")
    if key in _BUILT:
        rows, ctx = _BUILT[key]
        _restore(rows)
        return ctx
    with db.unit_of_work() as s:
        ctx = build_demo(session=s, scale=scale, today=key[1])
    _BUILT[key] = (_copy(), ctx)
    return ctx


def _copy() -> Rows:
    with db.get_engine().connect() as conn:
        return {
            # In key order, so a row naming an earlier row of its own table (a parent account) follows it.
            t.name: [dict(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns)).mappings()]
            for t in db.Base.metadata.sorted_tables
        }


def _restore(rows: Rows) -> None:
    engine = db.get_engine()
    with engine.begin() as conn:
        for table in db.Base.metadata.sorted_tables:
            batch = rows.get(table.name) or []
            for start in range(0, len(batch), CHUNK):
                conn.execute(insert(table), batch[start : start + CHUNK])
            if engine.dialect.name == "postgresql" and batch and "id" in table.c:
                # Explicit ids leave the sequence behind; the next insert would collide with a restored row.
                highest = conn.execute(select(func.max(table.c.id))).scalar_one()
                setval = text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)")
                conn.execute(setval, {"t": f'"{table.name}"', "v": highest})
