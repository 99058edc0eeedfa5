"""Writes for health: create a scorecard (validated, then scored at once), recompute a day or backfill
past days, and read an account's explained score with its history and what changed in a week."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sqlalchemy import insert
from sqlalchemy.orm import Session

from steward.analytics.churn_snapshots import NUMERIC
from steward.analytics.health import Scorecard, ScorecardError, compute, roll_up, trend, validate
from steward.core.clock import today_utc
from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.churn import service as churn_service
from steward.domains.health import queries
from steward.domains.health.models import HealthScore, HealthScorecard
from steward.domains.health.schemas import (
    AccountHealthRead,
    ChildrenRollup,
    GradeOutcome,
    HealthPoint,
    MeasureScore,
    RecomputeResult,
    ScorecardCreate,
    ScorecardRead,
    ValidationReport,
)

INPUTS = (*NUMERIC, "churn_probability")
MAX_BACKFILL_DAYS = 180


def create_scorecard(*, session: Session, workspace_id: int, data: ScorecardCreate) -> ScorecardRead:
    """Refuse a malformed scorecard with the field at fault, store it, and score today at once."""
    _check(data)
    _check_rules(session, workspace_id, data)
    if queries.by_name(session, workspace_id, data.name) is not None:
        raise Conflict(f"a scorecard named {data.name!r} exists", ("body", "name"))
    row = HealthScorecard(
        workspace_id=workspace_id, name=data.name, definition=data.model_dump(exclude={"name"})
    )
    session.add(row)
    session.flush()
    recompute(session=session, workspace_id=workspace_id, scorecard_id=row.id)
    return _read(row)


def replace_scorecard(
    *, session: Session, workspace_id: int, scorecard_id: int, data: ScorecardCreate, backfill_days: int = 0
) -> ScorecardRead:
    """Replace a scorecard's definition and recompute today (and `backfill_days` before it) at once."""
    _check(data)
    _check_rules(session, workspace_id, data)
    row = queries.scorecard(session, workspace_id, scorecard_id)
    if row is None:
        raise NotFound("scorecard", scorecard_id)
    other = queries.by_name(session, workspace_id, data.name)
    if other is not None and other.id != row.id:
        raise Conflict(f"a scorecard named {data.name!r} exists", ("body", "name"))
    row.name, row.definition = data.name, data.model_dump(exclude={"name"})
    session.flush()
    recompute(session=session, workspace_id=workspace_id, scorecard_id=row.id, backfill_days=backfill_days)
    return _read(row)


def _check(data: ScorecardCreate) -> None:
    try:
        validate(data.to_analytics())
    except ScorecardError as exc:
        raise Invalid(exc.msg, ("body", *exc.loc)) from exc
    for gi, group in enumerate(data.groups):
        for mi, m in enumerate(group.measures):
            if m.formula is None and m.key not in INPUTS:
                raise Invalid(
                    f"{m.key!r} is not an input; give it a formula or use one of: {', '.join(INPUTS)}",
                    ("body", "groups", gi, "measures", mi, "key"),
                )


def _check_rules(session: Session, workspace_id: int, data: ScorecardCreate) -> None:
    """A rule value that no account of the workspace has is refused: it would silently score nobody."""
    options = accounts_service.rule_values(session=session, workspace_id=workspace_id)
    for ri, rule in enumerate(data.rules):
        for vi, value in enumerate(rule.values):
            if value not in options[rule.field]:
                known = ", ".join(options[rule.field][:20]) or "none"
                raise Invalid(
                    f"no account has {rule.field} {value!r}; this workspace's values: {known}",
                    ("body", "rules", ri, "values", vi),
                )


def _matching(raw: pd.DataFrame, rules: list[dict[str, Any]]) -> pd.DataFrame:
    keep = np.ones(len(raw), dtype=bool)
    for rule in rules:
        keep &= raw[rule["field"]].isin(rule["values"]).to_numpy()
    return raw[keep]


def _with_stage(raw: pd.DataFrame, account_ids: Any, stages: dict[int, str]) -> pd.DataFrame:
    """The inputs plus each account's current lifecycle stage, for rules (not a measure)."""
    return raw.assign(lifecycle_stage=[stages.get(int(a), "") for a in account_ids])


def _own_scorecard(cards: list[HealthScorecard], account: Any) -> HealthScorecard | None:
    """The first scorecard whose rules the account matches, else the first without rules."""
    for card in cards:
        rules = card.definition.get("rules") or []
        if rules and all(getattr(account, r["field"]) in r["values"] for r in rules):
            return card
    return next((c for c in cards if not c.definition.get("rules")), None)


def _read(row: HealthScorecard) -> ScorecardRead:
    return ScorecardRead(id=row.id, name=row.name, **row.definition)


def list_scorecards(*, session: Session, workspace_id: int) -> list[ScorecardRead]:
    return [_read(r) for r in queries.scorecards(session, workspace_id)]


def recompute(
    *,
    session: Session,
    workspace_id: int,
    scorecard_id: int,
    today: date | None = None,
    backfill_days: int = 0,
) -> RecomputeResult:
    """Score every account in force on today and, with `backfill_days`, on each earlier day, replacing what
    was stored for those days. Churn probability is known only for today; earlier days flag it missing."""
    if not 0 <= backfill_days <= MAX_BACKFILL_DAYS:
        raise Invalid(f"backfill_days must be 0-{MAX_BACKFILL_DAYS}", ("query", "backfill_days"))
    row = queries.scorecard(session, workspace_id, scorecard_id)
    if row is None:
        raise NotFound("scorecard", scorecard_id)
    card = ScorecardCreate(name=row.name, **row.definition).to_analytics()
    today = today or today_utc()
    days = [today - timedelta(days=k) for k in range(backfill_days, -1, -1)]
    features = churn_service.account_features(session=session, workspace_id=workspace_id, days=days)
    queries.delete_days(session, row.id, days)
    written, accounts = 0, 0
    rules = row.definition.get("rules") or []
    stages = accounts_service.lifecycle_stages(session=session, workspace_id=workspace_id)
    for day in days:
        raw = _matching(_with_stage(features[day], features[day].index, stages), rules).copy()
        if day == today and len(raw):
            churn = churn_service.health_measures(session=session, workspace_id=workspace_id,
                                                  account_ids=[int(a) for a in raw.index])  # fmt: skip
            raw["churn_probability"] = [
                churn.get(int(a), {}).get("churn_probability", np.nan) for a in raw.index
            ]
        written += _store(session, workspace_id, row.id, day, card, raw)
        accounts = max(accounts, len(raw))
    return RecomputeResult(scorecard_id=row.id, days=len(days), accounts=accounts, rows_written=written)


def _store(
    session: Session, workspace_id: int, scorecard_id: int, day: date, card: Scorecard, raw: pd.DataFrame
) -> int:
    if raw.empty:
        return 0
    s = compute(card, raw)
    rows = []
    for i, account_id in enumerate(raw.index):
        measures = {
            key: {
                "value": _num(s.values[key][i]),
                "score": _num(s.measures[key][i]),
                "contribution": round(float(s.contributions[key][i]), 3),
                "missing": bool(s.missing[key][i]),
            }
            for key in s.measures
        }
        rows.append({
            "workspace_id": workspace_id, "scorecard_id": scorecard_id, "account_id": int(account_id),
            "day": day, "overall": _num(s.overall[i]), "grade": s.grade[i], "measures": measures,
            "groups": {k: _num(v[i]) for k, v in s.groups.items()},
        })  # fmt: skip
    session.execute(insert(HealthScore), rows)
    return len(rows)


def _num(value: float) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 3)


def account_health(
    *, session: Session, workspace_id: int, account_id: int, scorecard_id: int | None = None
) -> AccountHealthRead | None:
    """The latest score of the account under a scorecard (by default its own, see ScorecardCreate.rules), why
    what it is, how each measure's contribution moved over 7 days, and 180 days of history."""
    account = accounts_service.get_account(session=session, workspace_id=workspace_id, account_id=account_id)
    cards = queries.scorecards(session, workspace_id)
    if scorecard_id is None:
        card = _own_scorecard(cards, account)
    else:
        card = next((c for c in cards if c.id == scorecard_id), None)
    if card is None:
        return None
    since = today_utc() - timedelta(days=MAX_BACKFILL_DAYS)
    history = queries.account_history(session, workspace_id, card.id, account_id, since)
    if not history:
        return None
    latest = history[-1]
    week_ago = next((h for h in reversed(history) if h.day <= latest.day - timedelta(days=7)), None)
    groups_of = {m["key"]: g["key"] for g in card.definition["groups"] for m in g["measures"]}
    measures = []
    for key, m in latest.measures.items():
        before = week_ago.measures.get(key) if week_ago else None
        change = None if before is None else round(m["contribution"] - before["contribution"], 3)
        measures.append(MeasureScore(
            key=key, group=groups_of.get(key, ""), value=m["value"], score=m["score"],
            contribution=m["contribution"], missing=m["missing"], change_since_last_week=change,
        ))  # fmt: skip
    previous = np.array([np.nan if week_ago is None or week_ago.overall is None else week_ago.overall])
    current = np.array([np.nan if latest.overall is None else latest.overall])
    return AccountHealthRead(
        children=_children(session, workspace_id, card.id, account, latest.day),
        account_id=account_id, scorecard_id=card.id, scorecard=card.name, day=latest.day,
        overall=latest.overall, grade=latest.grade, trend=trend(current, previous)[0], groups=latest.groups,
        measures=sorted(measures, key=lambda m: -m.contribution),
        history=[HealthPoint(day=h.day, overall=h.overall, grade=h.grade) for h in history],
    )  # fmt: skip


def _children(
    session: Session, workspace_id: int, scorecard_id: int, account: Any, day: date
) -> ChildrenRollup | None:
    """A parent's direct children rolled up: the plain mean and the mean weighted by ARR."""
    _, kids = accounts_service.hierarchy(session=session, workspace_id=workspace_id, account=account)
    scores = queries.overall_on(session, workspace_id, scorecard_id, [k.id for k in kids], day)
    if not scores:
        return None
    parent_of = {k.id: account.id for k in kids}
    arr = {k.id: float(k.arr_minor) for k in kids}
    mean = roll_up(parent_of, scores, arr, weighted=False)[account.id]
    weighted = roll_up(parent_of, scores, arr, weighted=True)[account.id]
    return ChildrenRollup(scored=len(scores), mean=round(mean, 3), arr_weighted=round(weighted, 3))


def validate_against_churn(
    *,
    session: Session,
    workspace_id: int,
    scorecard_id: int | None = None,
    horizon_days: int = 90,
    today: date | None = None,
) -> ValidationReport:
    """How well the scorecard, applied to each month's point-in-time inputs, separated the accounts that
    churned within `horizon_days` from those that stayed: ROC AUC of (100 - score) and churn rate per grade.
    Churn probability has no history, so it is missing (and renormalised away) on past days."""
    cards = queries.scorecards(session, workspace_id)
    row = next((c for c in cards if scorecard_id in (None, c.id)), None)
    if row is None:
        raise NotFound(
            "scorecard", scorecard_id if scorecard_id is not None else "(none yet)", ("scorecard",)
        )
    card = ScorecardCreate(name=row.name, **row.definition).to_analytics()
    snaps = churn_service.labelled_history(
        session=session, workspace_id=workspace_id, horizon_days=horizon_days, today=today or today_utc()
    )
    stages = accounts_service.lifecycle_stages(session=session, workspace_id=workspace_id)
    with_stage = _with_stage(snaps.X, snaps.accounts, stages)
    chosen = _matching(with_stage, row.definition.get("rules") or []).index.to_numpy()
    X, y_all, accounts = snaps.X.iloc[chosen], snaps.y[chosen], snaps.accounts[chosen]
    scores = compute(card, X) if len(y_all) else None
    if scores is None or y_all.min() == y_all.max():
        raise Invalid(
            "the history needs accounts that churned and accounts that stayed", ("workspace", "history")
        )
    known = ~np.isnan(scores.overall)
    y, overall, grades = y_all[known], scores.overall[known], scores.grade[known]
    by_grade = {}
    for g in card.grades:
        inside = grades == g.label
        rate = round(float(y[inside].mean()), 4) if inside.any() else None
        by_grade[g.label] = GradeOutcome(snapshots=int(inside.sum()), churn_rate=rate)
    auc = round(float(roc_auc_score(y, 100 - overall)), 4)
    return ValidationReport(
        scorecard=row.name, horizon_days=horizon_days, roc_auc=auc,
        accounts=len(set(accounts[known].tolist())), snapshots=int(known.sum()), churned=int(y.sum()),
        churn_rate_by_grade=by_grade,
    )  # fmt: skip
