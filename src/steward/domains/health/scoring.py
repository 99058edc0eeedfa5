"""Computing and storing scores: a scorecard's full recompute (today, or a backfill of past days) and
the incremental rescoring of the few accounts whose inputs just changed."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import insert
from sqlalchemy.orm import Session

from steward.analytics.health import Scorecard, compute
from steward.core.clock import today_utc
from steward.core.errors import Invalid, NotFound
from steward.domains.health import queries
from steward.domains.health.inputs import STALE_AFTER_DAYS, DayInputs, gather, stale
from steward.domains.health.models import HealthScore, HealthScorecard
from steward.domains.health.schemas import RecomputeResult, ScorecardCreate

MAX_BACKFILL_DAYS = 180


def recompute(
    *,
    session: Session,
    workspace_id: int,
    scorecard_id: int,
    today: date | None = None,
    backfill_days: int = 0,
) -> RecomputeResult:
    """Score every account in force on today and, with `backfill_days`, on each earlier day, replacing what
    was stored for those days."""
    if not 0 <= backfill_days <= MAX_BACKFILL_DAYS:
        raise Invalid(f"backfill_days must be 0-{MAX_BACKFILL_DAYS}", ("query", "backfill_days"))
    row = queries.scorecard(session, workspace_id, scorecard_id)
    if row is None:
        raise NotFound("scorecard", scorecard_id)
    today = today or today_utc()
    days = [today - timedelta(days=k) for k in range(backfill_days, -1, -1)]
    inputs = gather(session, workspace_id, days, today)
    queries.delete_days(session, row.id, days)
    written, accounts = 0, 0
    for day in days:
        chosen = inputs[day].select(row.definition.get("rules") or [])
        written += _store(session, row, day, chosen)
        accounts = max(accounts, len(chosen.values))
    return RecomputeResult(scorecard_id=row.id, days=len(days), accounts=accounts, rows_written=written)


def rescore_accounts(
    *, session: Session, workspace_id: int, account_ids: Collection[int], today: date | None = None
) -> int:
    """Today's scores of these accounts under every scorecard, replaced: what runs seconds after one of
    their inputs changes. An account no longer in force, or no longer matching a scorecard's rules, loses
    today's score under it. Returns the rows written."""
    cards = queries.scorecards(session, workspace_id)
    if not cards or not account_ids:
        return 0
    today = today or today_utc()
    inputs = gather(session, workspace_id, [today], today, account_ids)[today]
    queries.delete_account_days(session, [c.id for c in cards], account_ids, today)
    return sum(
        _store(session, card, today, inputs.select(card.definition.get("rules") or [])) for card in cards
    )


def own_scorecard(cards: list[HealthScorecard], account: Any) -> HealthScorecard | None:
    """The first scorecard whose rules the account matches, else the first without rules."""
    for card in cards:
        rules = card.definition.get("rules") or []
        if rules and all(getattr(account, r["field"]) in r["values"] for r in rules):
            return card
    return next((c for c in cards if not c.definition.get("rules")), None)


def analytics_card(row: HealthScorecard) -> Scorecard:
    return ScorecardCreate(name=row.name, **row.definition).to_analytics()


def _stale_after(row: HealthScorecard) -> dict[str, int | None]:
    return {
        m["key"]: m.get("stale_after_days") or STALE_AFTER_DAYS.get(m["key"])
        for g in row.definition["groups"]
        for m in g["measures"]
    }


def _store(session: Session, row: HealthScorecard, day: date, inputs: DayInputs) -> int:
    raw = inputs.values
    if raw.empty:
        return 0
    s = compute(analytics_card(row), raw)
    after = _stale_after(row)
    rows = []
    for i, account_id in enumerate(raw.index):
        measures: dict[str, Any] = {}
        for key in s.measures:
            as_of = inputs.as_of[key][i] if key in inputs.as_of and not s.missing[key][i] else None
            measures[key] = {
                "value": _num(s.values[key][i]), "score": _num(s.measures[key][i]),
                "contribution": round(float(s.contributions[key][i]), 3), "missing": bool(s.missing[key][i]),
                "as_of": as_of.isoformat() if as_of else None, "stale": stale(day, as_of, after.get(key)),
            }  # fmt: skip
        rows.append({
            "workspace_id": row.workspace_id, "scorecard_id": row.id, "account_id": int(account_id),
            "day": day, "overall": _num(s.overall[i]), "grade": s.grade[i], "measures": measures,
            "groups": {k: _num(v[i]) for k, v in s.groups.items()},
        })  # fmt: skip
    session.execute(insert(HealthScore), rows)
    return len(rows)


def _num(value: float) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 3)
