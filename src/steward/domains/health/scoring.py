"""Computing and storing scores: a scorecard's full recompute (today, or a backfill of past days) and
the incremental rescoring of the few accounts whose inputs just changed."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import insert
from sqlalchemy.orm import Session

from steward.analytics.health import Scorecard, compute
from steward.core.bulk import ids_if_few
from steward.core.clock import today_utc
from steward.core.errors import Invalid, NotFound
from steward.domains.alerts import service as alerts_service
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
        written += _store(session, row, day, chosen, alert=day == today)  # no alerts about past days
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
        _store(session, card, today, inputs.select(card.definition.get("rules") or []), alert=True)
        for card in cards
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


def _store(session: Session, row: HealthScorecard, day: date, inputs: DayInputs, *, alert: bool) -> int:
    raw = inputs.values
    if raw.empty:
        return 0
    s = compute(analytics_card(row), raw)
    after = _stale_after(row)
    # Whole columns converted at once: per-value Python calls dominated a 20,000-account recompute.
    columns = {
        key: (_nums(s.values[key]), _nums(s.measures[key]), _nums(s.contributions[key]),
              s.missing[key].tolist(), _dated(day, inputs.as_of.get(key), s.missing[key], after.get(key)))
        for key in s.measures
    }  # fmt: skip
    overall, groups = _nums(s.overall), {k: _nums(v) for k, v in s.groups.items()}
    rows = []
    for i, account_id in enumerate(raw.index.tolist()):
        measures = {}
        for key, (value, score, points, missing, dated) in columns.items():
            as_of, is_stale = dated[i]
            measures[key] = {"value": value[i], "score": score[i], "contribution": points[i] or 0.0,
                             "missing": missing[i], "as_of": as_of, "stale": is_stale}  # fmt: skip
        rows.append({
            "workspace_id": row.workspace_id, "scorecard_id": row.id, "account_id": int(account_id),
            "day": day, "overall": overall[i], "grade": s.grade[i], "measures": measures,
            "groups": {k: v[i] for k, v in groups.items()},
        })  # fmt: skip
    session.execute(insert(HealthScore), rows)
    if alert:
        _alert_drops(session, row, day, rows)
    return len(rows)


def _alert_drops(session: Session, card: HealthScorecard, day: date, rows: list[dict[str, Any]]) -> None:
    """Queue a health-drop alert for each account whose score fell within a week (each channel applies its
    own threshold) or whose grade turned to the worst since its previous score. Once per account and day."""
    ws = card.workspace_id
    if not alerts_service.watching(session=session, workspace_id=ws, event="health_drop"):
        return  # the common case: no lookups
    ids = ids_if_few([r["account_id"] for r in rows])
    week = queries.scores_on(session, ws, day - timedelta(days=7), ids)
    yesterday = queries.scores_on(session, ws, day - timedelta(days=1), ids)
    worst = min(analytics_card(card).grades, key=lambda g: g.low).label
    found = []
    for r in rows:
        key, overall = (card.id, r["account_id"]), r["overall"]
        before = week.get(key, (None, None))[0]
        drop = None if before is None or overall is None else round(before - overall, 3)
        earlier_grade = (yesterday.get(key) or week.get(key) or (None, None))[1]
        change = f" ({before:g} a week ago)" if before is not None else ""
        once = f"health:{card.id}:{r['account_id']}:{day}"
        if r["grade"] == worst and earlier_grade not in (None, worst):
            what = f"Health grade turned {worst} (was {earlier_grade}); score {overall:g}{change}."
            found.append(alerts_service.Alert(r["account_id"], once, what))
        elif drop is not None and drop > 0:
            what = f"Health score fell {drop:g} points in a week: {before:g} to {overall:g} ({r['grade']})."
            found.append(alerts_service.Alert(r["account_id"], once, what, drop))
    alerts_service.raise_alerts(session=session, workspace_id=ws, event="health_drop", alerts=found)


def _nums(values: np.ndarray) -> list[float | None]:
    """Rounded to 3 places, NaN as None (JSON has no NaN)."""
    return [None if v != v else v for v in np.round(values.astype(np.float64), 3).tolist()]


def _dated(
    day: date, as_of: list[date | None] | None, missing: np.ndarray, after_days: int | None
) -> list[tuple[str | None, bool]]:
    """(as_of as ISO text, stale) per account; (None, False) for inputs without a date or missing values."""
    if as_of is None:
        return [(None, False)] * len(missing)
    return [
        (None, False) if gone or d is None else (d.isoformat(), stale(day, d, after_days))
        for d, gone in zip(as_of, missing.tolist(), strict=True)
    ]


@dataclass(frozen=True)
class CurrentScore:
    scorecard: str
    overall: float | None
    grade: str | None
    before: float | None  # overall `lookback_days` earlier

    @property
    def change(self) -> float | None:
        return None if self.overall is None or self.before is None else round(self.overall - self.before, 3)


def current_scores(
    session: Session, workspace_id: int, accounts: Sequence[Any], lookback_days: int = 7
) -> dict[int, CurrentScore]:
    """Each account's score under its own scorecard on the latest scored day, with the score
    `lookback_days` earlier. Accounts are objects with id and the rule fields (segment, ...)."""
    cards = queries.scorecards(session, workspace_id)
    day = queries.latest_day(session, workspace_id)
    if day is None or not cards:
        return {}
    ids = ids_if_few([a.id for a in accounts])  # a change reads a few accounts; a full run, the whole day
    now = queries.scores_on(session, workspace_id, day, ids)
    before = queries.scores_on(session, workspace_id, day - timedelta(days=lookback_days), ids)
    out = {}
    for a in accounts:
        card = own_scorecard(cards, a)
        if card is not None and (card.id, a.id) in now:
            overall, grade = now[(card.id, a.id)]
            out[a.id] = CurrentScore(card.name, overall, grade, before.get((card.id, a.id), (None, None))[0])
    return out
