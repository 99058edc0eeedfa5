"""Health scorecards (validated, then scored at once), CSM sentiment, an account's explained score with
its history and what changed in a week, and the check of a scorecard against what happened."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score
from sqlalchemy import Subquery, insert
from sqlalchemy.orm import Session

from steward.analytics.health import ScorecardError, compute, roll_up, trend, validate
from steward.core import changes
from steward.core.clock import today_utc
from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.churn import service as churn_service
from steward.domains.health import ordering, queries, scoring
from steward.domains.health.inputs import INPUTS, STALE_AFTER_DAYS, custom_inputs, with_stages
from steward.domains.health.models import HealthScorecard, HealthSentiment
from steward.domains.health.schemas import (
    AccountHealthRead,
    ChildrenRollup,
    GradeOutcome,
    HealthPoint,
    MeasureScore,
    ScorecardCreate,
    ScorecardRead,
    SentimentCreate,
    SentimentRead,
    ValidationReport,
)
from steward.domains.health.scoring import (
    MAX_BACKFILL_DAYS,
    CurrentScore,
    analytics_card,
    own_scorecard,
    recompute,
)
from steward.domains.users import service as users_service


def create_scorecard(*, session: Session, workspace_id: int, data: ScorecardCreate) -> ScorecardRead:
    """Refuse a malformed scorecard with the field at fault, store it, and score today at once."""
    _check(data, inputs(session=session, workspace_id=workspace_id))
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
    _check(data, inputs(session=session, workspace_id=workspace_id))
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


def inputs(*, session: Session, workspace_id: int) -> list[str]:
    """What a measure can read without a formula: the built-in inputs and the workspace's number and
    yes/no custom account attributes (as custom_<key>)."""
    return [*INPUTS, *custom_inputs(session, workspace_id)]


def _check(data: ScorecardCreate, known: list[str]) -> None:
    try:
        validate(data.to_analytics())
    except ScorecardError as exc:
        raise Invalid(exc.msg, ("body", *exc.loc)) from exc
    for gi, group in enumerate(data.groups):
        for mi, m in enumerate(group.measures):
            at = ("body", "groups", gi, "measures", mi)
            if m.formula is None and m.key not in known:
                raise Invalid(
                    f"{m.key!r} is not an input; give it a formula or use one of: {', '.join(known)}",
                    (*at, "key"),
                )
            if m.stale_after_days is not None and m.key not in STALE_AFTER_DAYS:
                raise Invalid(
                    f"{m.key!r} has no date of its own to go stale; stale_after_days applies to: "
                    + ", ".join(STALE_AFTER_DAYS),
                    (*at, "stale_after_days"),
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


def _read(row: HealthScorecard) -> ScorecardRead:
    return ScorecardRead(id=row.id, name=row.name, **row.definition)


def list_scorecards(*, session: Session, workspace_id: int) -> list[ScorecardRead]:
    return [_read(r) for r in queries.scorecards(session, workspace_id)]


def account_health(
    *, session: Session, workspace_id: int, account_id: int, scorecard_id: int | None = None
) -> AccountHealthRead | None:
    """The latest score of the account under a scorecard (by default its own, see ScorecardCreate.rules), why
    what it is, how each measure's contribution moved over 7 days, and 180 days of history."""
    account = accounts_service.get_account(session=session, workspace_id=workspace_id, account_id=account_id)
    cards = queries.scorecards(session, workspace_id)
    if scorecard_id is None:
        card = own_scorecard(cards, account)
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
            as_of=m.get("as_of"), stale=m.get("stale", False),
        ))  # fmt: skip
    previous = np.array([np.nan if week_ago is None or week_ago.overall is None else week_ago.overall])
    current = np.array([np.nan if latest.overall is None else latest.overall])
    return AccountHealthRead(
        children=_children(session, workspace_id, card.id, account, latest.day),
        account_id=account_id, scorecard_id=card.id, scorecard=card.name, day=latest.day,
        overall=latest.overall, grade=latest.grade, trend=trend(current, previous)[0], groups=latest.groups,
        measures=sorted(measures, key=lambda m: -m.contribution),
        history=[HealthPoint(day=h.day, overall=h.overall, grade=h.grade) for h in history],
        sentiment=next(iter(_sentiment_read(session, workspace_id,
                                            queries.sentiments(session, workspace_id, account_id, 1))), None),
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
    Churn probability and sentiment are not part of those snapshots, so they are missing (and renormalised
    away) here."""
    cards = queries.scorecards(session, workspace_id)
    row = next((c for c in cards if scorecard_id in (None, c.id)), None)
    if row is None:
        raise NotFound(
            "scorecard", scorecard_id if scorecard_id is not None else "(none yet)", ("scorecard",)
        )
    snaps = churn_service.labelled_history(
        session=session, workspace_id=workspace_id, horizon_days=horizon_days, today=today or today_utc()
    )
    staged = with_stages(session, workspace_id, snaps.X, snaps.accounts)
    chosen = staged.select(row.definition.get("rules") or []).values.index.to_numpy()
    X, y_all, accounts = snaps.X.iloc[chosen], snaps.y[chosen], snaps.accounts[chosen]
    scores = compute(analytics_card(row), X) if len(y_all) else None
    if scores is None or y_all.min() == y_all.max():
        raise Invalid(
            "the history needs accounts that churned and accounts that stayed", ("workspace", "history")
        )
    known = ~np.isnan(scores.overall)
    y, overall, grades = y_all[known], scores.overall[known], scores.grade[known]
    by_grade = {}
    for g in analytics_card(row).grades:
        inside = grades == g.label
        rate = round(float(y[inside].mean()), 4) if inside.any() else None
        by_grade[g.label] = GradeOutcome(snapshots=int(inside.sum()), churn_rate=rate)
    auc = round(float(roc_auc_score(y, 100 - overall)), 4)
    return ValidationReport(
        scorecard=row.name, horizon_days=horizon_days, roc_auc=auc,
        accounts=len(set(accounts[known].tolist())), snapshots=int(known.sum()), churned=int(y.sum()),
        churn_rate_by_grade=by_grade,
    )  # fmt: skip


def add_sentiment(
    *, session: Session, workspace_id: int, account_id: int, author_id: int | None, data: SentimentCreate
) -> SentimentRead:
    """Log a CSM's sentiment; the account's scores pick it up once the transaction commits."""
    accounts_service.get_account(session=session, workspace_id=workspace_id, account_id=account_id)
    row = HealthSentiment(
        workspace_id=workspace_id, account_id=account_id, score=data.score, comment=data.comment,
        author_id=author_id,
    )  # fmt: skip
    session.add(row)
    session.flush()
    changes.record(session, workspace_id, [account_id])
    return _sentiment_read(session, workspace_id, [row])[0]


def sentiments(
    *, session: Session, workspace_id: int, account_id: int, limit: int = 50
) -> list[SentimentRead]:
    """The account's sentiments, newest first."""
    accounts_service.get_account(session=session, workspace_id=workspace_id, account_id=account_id)
    return _sentiment_read(
        session, workspace_id, queries.sentiments(session, workspace_id, account_id, limit)
    )


def _sentiment_read(session: Session, workspace_id: int, rows: list[HealthSentiment]) -> list[SentimentRead]:
    ids = [r.author_id for r in rows if r.author_id is not None]
    authors = users_service.names_by_id(session=session, workspace_id=workspace_id, ids=ids)
    return [
        SentimentRead(
            id=r.id,
            account_id=r.account_id,
            score=r.score,
            comment=r.comment,
            author_id=r.author_id,
            author=authors.get(r.author_id or -1),
            created_at=r.created_at,
        )
        for r in rows
    ]


def log_sentiments(
    *, session: Session, workspace_id: int, items: Sequence[tuple[int, int | None, SentimentCreate, datetime]]
) -> int:
    """Store sentiments given in the past, (account_id, author_id, sentiment, given_at) each: the demo's
    history, or a migration from another tool. All or nothing: an unknown account rejects the batch."""
    ids = [a for a, _, _, _ in items]
    missing = sorted(
        set(ids) - accounts_service.require_ids(session=session, workspace_id=workspace_id, ids=ids)
    )
    if missing:
        raise Invalid(f"no account with id {missing[0]}", ("items", ids.index(missing[0]), "account_id"))
    rows = [
        {"workspace_id": workspace_id, "account_id": a, "author_id": by, "score": s.score,
         "comment": s.comment, "created_at": at}
        for a, by, s, at in items
    ]  # fmt: skip
    if rows:
        session.execute(insert(HealthSentiment), rows)
    changes.record(session, workspace_id, ids)
    return len(rows)


def current_scores(
    *, session: Session, workspace_id: int, accounts: Sequence[Any], lookback_days: int = 7
) -> dict[int, CurrentScore]:
    """Each account's latest score under its own scorecard, with the change over `lookback_days`."""
    return scoring.current_scores(session, workspace_id, accounts, lookback_days)


def current_values(*, session: Session, workspace_id: int) -> Subquery | None:
    """(account_id, value) of each scored account's current overall score, for a sort in SQL."""
    return ordering.current_values(session, workspace_id)


def score_history(
    *, session: Session, workspace_id: int, since: date, account_ids: Collection[int] | None = None
) -> list[tuple[int, date, int, float, str | None]]:
    """(account, day, scorecard, overall, grade) of the scores stored since `since`: what the churn model
    reads as each account's health as of a past day."""
    return queries.score_history(session, workspace_id, since, account_ids)


churn_service.provide_health_history(score_history)  # churn's snapshots read health scores as of a day
