"""Writes for churn: train a workspace's model version (with its backtest), score every account, and the
readers other domains use (account scores, the ARR-at-risk ranking, health-score measures)."""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Collection
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import sklearn
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session
from threadpoolctl import threadpool_limits

from steward.analytics import churn_training
from steward.analytics.churn import ChurnModel
from steward.analytics.churn_signals import LOOKBACK_DAYS
from steward.analytics.churn_snapshots import (
    LABELS,
    AccountTables,
    Snapshots,
    describe,
    features_at,
    labelled_snapshots,
    snapshot_days,
)
from steward.analytics.ltv import contractual_clv
from steward.core import changes
from steward.core.clock import now_utc, today_utc
from steward.core.errors import Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.schemas import AccountFilter
from steward.domains.churn import history, queries
from steward.domains.churn.models import ChurnModelVersion, ChurnScore
from steward.domains.churn.schemas import (
    AccountChurnRead,
    AtRiskItem,
    AtRiskPage,
    ChurnModelPage,
    ChurnModelRead,
    ChurnReason,
    ChurnTrain,
    HealthFallback,
    HealthFallbackItem,
)
from steward.domains.workspaces import service as workspaces_service

EPOCH = date(2000, 1, 1)  # training reads every dated signal row
# ONE_THREAD: gradient boosting's OpenMP threads spin-wait; beside web requests and other jobs on a busy
# 2-core host, one thread trained a demo model in 2.2 s where the default took 26 s.


def train_model(
    *,
    session: Session,
    workspace_id: int,
    data: ChurnTrain,
    today: date | None = None,
    trained_by: int | None = None,
) -> ChurnModelRead:
    """Fit a new model version on the workspace's history, backtest it, store it and score every account."""
    started = time.perf_counter()
    today = today or today_utc()
    tables = history.load(session, workspace_id, signals_since=EPOCH)
    try:
        with threadpool_limits(limits=1, user_api="openmp"):  # see ONE_THREAD
            trained = churn_training.train(
                tables, today=today, horizon_days=data.horizon_days, precision=data.flag_precision
            )
    except churn_training.NotEnoughHistory as exc:
        raise Invalid(str(exc), ("workspace", "history")) from exc
    latest = queries.current_model(session, workspace_id)
    summary = trained.summary()
    row = ChurnModelVersion(
        workspace_id=workspace_id, version=(latest.version + 1) if latest else 1,
        horizon_days=data.horizon_days, trained_through=trained.trained_through, rows=trained.rows,
        churned=trained.churned, algorithm=trained.model.algorithm_, summary=summary,
        artifact=pickle.dumps(trained.model), sklearn_version=sklearn.__version__, seconds=0.0,
        trained_by=trained_by,
    )  # fmt: skip
    session.add(row)
    session.flush()
    with threadpool_limits(limits=1, user_api="openmp"):
        scored = _write_scores(session, workspace_id, row, trained.model, tables, today)
    row.seconds = round(time.perf_counter() - started, 2)
    session.flush()
    return _model_read(row, scored)


def rescore(*, session: Session, workspace_id: int, today: date | None = None) -> int:
    """Score every account again with the current model (after data changes); returns accounts scored."""
    row = _current(session, workspace_id)
    session.execute(delete(ChurnScore).where(ChurnScore.model_id == row.id))
    today = today or today_utc()
    tables = history.load(session, workspace_id, signals_since=today - timedelta(days=LOOKBACK_DAYS))
    with threadpool_limits(limits=1, user_api="openmp"):
        return _write_scores(session, workspace_id, row, _unpickle(row), tables, today)


def _unpickle(row: ChurnModelVersion) -> ChurnModel:
    if row.sklearn_version != sklearn.__version__:
        raise Invalid(
            f"churn model version {row.version} was saved by scikit-learn {row.sklearn_version}; this is "
            f"{sklearn.__version__}: train a new version",
            ("model",),
        )
    model = pickle.loads(row.artifact)  # written by train_model above, never by a user
    assert isinstance(model, ChurnModel)
    return model


def _write_scores(
    session: Session,
    workspace_id: int,
    row: ChurnModelVersion,
    model: ChurnModel,
    tables: AccountTables,
    today: date,
) -> int:
    risks = churn_training.score(model, tables, today=today)
    if not risks:
        return 0
    arr = dict(zip(tables.accounts["account_id"], tables.accounts["arr_minor"], strict=True))
    probability = np.array([r.probability for r in risks])
    account_arr = np.array([int(arr.get(r.account_id, 0)) for r in risks], dtype=np.float64)
    ltv = contractual_clv(account_arr / 12, probability, horizon_days=row.horizon_days)
    now = now_utc()
    values = [
        {
            "workspace_id": workspace_id, "model_id": row.id, "account_id": r.account_id,
            "probability": r.probability, "arr_minor": int(account_arr[i]),
            "arr_at_risk_minor": round(r.probability * account_arr[i]), "ltv_minor": round(float(ltv[i])),
            "reasons": r.reasons, "scored_at": now,
        }
        for i, r in enumerate(risks)
    ]  # fmt: skip
    session.execute(insert(ChurnScore), values)
    changes.record(session, workspace_id, None)  # every probability moved: health scores read them
    return len(values)


def _current(session: Session, workspace_id: int) -> ChurnModelVersion:
    row = queries.current_model(session, workspace_id)
    if row is None:
        raise NotFound(
            "churn model",
            "(none trained yet: POST /api/v1/churn/models; meanwhile GET /api/v1/churn/health-fallback)",
            ("model",),
        )
    return row


def _model_read(row: ChurnModelVersion, scored: int) -> ChurnModelRead:
    s = row.summary
    return ChurnModelRead(
        id=row.id, version=row.version, horizon_days=row.horizon_days, trained_through=row.trained_through,
        rows=row.rows, churned=row.churned, algorithm=row.algorithm, selection_roc_auc=s["selection_roc_auc"],
        features=s["features"], backtest=s["backtest"], accounts_scored=scored, seconds=row.seconds,
        created_at=row.created_at,
    )  # fmt: skip


def list_models(*, session: Session, workspace_id: int, cursor: str | None, limit: int) -> ChurnModelPage:
    rows, total, next_cursor = queries.models_page(session, workspace_id, cursor, limit)
    counts = queries.scored_counts(session, [r.id for r in rows])
    return ChurnModelPage(
        items=[_model_read(r, counts.get(r.id, 0)) for r in rows], total=total, next_cursor=next_cursor
    )


def get_model(*, session: Session, workspace_id: int, model_id: int) -> ChurnModelRead:
    row = queries.get_model(session, workspace_id, model_id)
    if row is None:
        raise NotFound("churn model", model_id)
    return _model_read(row, queries.scored_counts(session, [row.id]).get(row.id, 0))


def current_model(*, session: Session, workspace_id: int) -> ChurnModelRead | None:
    row = queries.current_model(session, workspace_id)
    return None if row is None else _model_read(row, queries.scored_counts(session, [row.id]).get(row.id, 0))


def _score_read(score: ChurnScore, row: ChurnModelVersion, currency: str) -> dict[str, Any]:
    return {
        "account_id": score.account_id, "probability": score.probability, "horizon_days": row.horizon_days,
        "arr_minor": score.arr_minor, "arr_at_risk_minor": score.arr_at_risk_minor,
        "ltv_minor": score.ltv_minor,
        "currency": currency, "model_id": row.id, "model_version": row.version, "scored_at": score.scored_at,
        "reasons": [
            ChurnReason(label=LABELS.get(f, f), text=describe(f, r["value"]), **r)
            for r in score.reasons
            if (f := r["feature"])
        ],
    }  # fmt: skip


def account_churn(*, session: Session, workspace_id: int, account_id: int) -> AccountChurnRead | None:
    """The account's score under the current model; None when no model exists or the account had no
    subscription in force when it was scored. Unknown accounts are NotFound."""
    accounts_service.get_account(session=session, workspace_id=workspace_id, account_id=account_id)
    row = queries.current_model(session, workspace_id)
    if row is None or (score := queries.account_score(session, workspace_id, row.id, account_id)) is None:
        return None
    currency = workspaces_service.get_workspace(session=session, workspace_id=workspace_id).currency
    return AccountChurnRead(**_score_read(score, row, currency))


def at_risk(
    *,
    session: Session,
    workspace_id: int,
    sort: str = "arr_at_risk",
    owner_id: int | None = None,
    search: str | None = None,
    segment: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> AtRiskPage:
    """Accounts ranked by ARR at risk (churn probability x ARR), or by probability or lifetime value; narrowed
    to an owner's, a segment's or a search's accounts (as the accounts list searches)."""
    row = _current(session, workspace_id)
    ids = None
    if owner_id is not None or search or segment:
        chosen = AccountFilter(q=search or None, segment=segment or None, owner_id=owner_id)
        ids = accounts_service.ids_matching(session=session, workspace_id=workspace_id, filters=chosen)
    scores, total, next_cursor = queries.ranking_page(
        session, workspace_id, row.id, sort=sort, account_ids=ids, cursor=cursor, limit=limit
    )
    currency = workspaces_service.get_workspace(session=session, workspace_id=workspace_id).currency
    names = accounts_service.names(
        session=session, workspace_id=workspace_id, ids=[s.account_id for s in scores]
    )
    items = [AtRiskItem(name=names.get(s.account_id, ""), **_score_read(s, row, currency)) for s in scores]
    return AtRiskPage(items=items, total=total, next_cursor=next_cursor)


def health_measures(
    *, session: Session, workspace_id: int, account_ids: Collection[int]
) -> dict[int, dict[str, Any]]:
    """Per account, the churn model's outputs as inputs for health scorecards: `churn_probability` (0-1,
    higher is worse), `arr_at_risk_minor` and `ltv_minor`, and `scored_at`, when they were computed.
    Accounts without a score are absent, so a scorecard can flag the measure as missing, not zero."""
    row = queries.current_model(session, workspace_id)
    if row is None or not account_ids:
        return {}
    return {
        s.account_id: {
            "churn_probability": s.probability,
            "arr_at_risk_minor": s.arr_at_risk_minor,
            "ltv_minor": s.ltv_minor,
            "scored_at": s.scored_at,
        }
        for s in queries.scores_for(session, workspace_id, row.id, account_ids)
    }


def account_features(
    *, session: Session, workspace_id: int, days: list[date], account_ids: Collection[int] | None = None
) -> dict[date, pd.DataFrame]:
    """What was known of every account (or these) in force on each day (subscriptions, engagement,
    contacts), one row per account id: the inputs health scorecards draw their measures from."""
    tables = history.load(session, workspace_id, account_ids)
    return {day: features_at(tables, day) for day in days}


def labelled_history(*, session: Session, workspace_id: int, horizon_days: int, today: date) -> Snapshots:
    """Monthly point-in-time account features with whether each account churned within `horizon_days`:
    what a health score is validated against."""
    tables = history.load(session, workspace_id)
    days = snapshot_days(tables, today - timedelta(days=horizon_days))
    return labelled_snapshots(tables, days, horizon_days)


def probabilities(
    *, session: Session, workspace_id: int, account_ids: Collection[int] | None = None
) -> dict[int, float]:
    """Churn probability of every scored account (or of these) under the current model (empty without one)."""
    row = queries.current_model(session, workspace_id)
    return {} if row is None else queries.probabilities(session, row.id, account_ids)


def history_needed(horizon_days: int = 90) -> str:
    """How much history a churn model needs, in words."""
    return (
        f"at least {churn_training.MIN_ROWS} monthly account snapshots whose {horizon_days}-day outcome is "
        f"known, with {churn_training.MIN_CLASS_ROWS} that churned and {churn_training.MIN_CLASS_ROWS} "
        "that renewed"
    )


def health_fallback(*, session: Session, workspace_id: int, limit: int = 50) -> HealthFallback:
    """While no churn model can be trained: accounts ranked by their latest health score (within 45 days),
    lowest first, labelled as the health score so nobody reads it as a churn probability."""
    since = today_utc() - timedelta(days=45)
    rows = (
        history.HEALTH_HISTORY[0](**_scope(session, workspace_id), since=since)
        if history.HEALTH_HISTORY
        else []
    )
    frame = pd.DataFrame(rows, columns=["account_id", "day", "scorecard", "overall", "grade"])
    latest = frame.sort_values(["account_id", "day", "scorecard"], ascending=[True, False, True])
    latest = latest.groupby("account_id").first().sort_values("overall")
    top = latest.head(limit)
    names = accounts_service.names(
        session=session, workspace_id=workspace_id, ids=[int(a) for a in top.index]
    )
    needed = history_needed()
    return HealthFallback(
        label=f"Health score, not a churn model: the history is too short to learn from (it needs {needed})",
        needed=needed,
        items=[
            HealthFallbackItem(
                account_id=a, name=names.get(a, ""), health_score=round(float(o), 1), grade=g, day=d
            )
            for a, o, g, d in zip(
                top.index.astype(int), top["overall"], top["grade"], top["day"], strict=True
            )
        ],
        total=len(latest),
    )


def _scope(session: Session, workspace_id: int) -> dict[str, Any]:
    return {"session": session, "workspace_id": workspace_id, "account_ids": None}


def provide_health_history(reader: Callable[..., list[tuple[int, date, int, float, str | None]]]) -> None:
    """Health's service gives churn its score history this way: it imports churn's, not the reverse."""
    history.HEALTH_HISTORY[:] = [reader]
