"""Read side of churn: model versions, the current model, account scores and the ARR-at-risk ranking."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steward.core.pagination import SortSpec, apply_keyset, encode_cursor
from steward.domains.churn.models import ChurnModelVersion, ChurnScore

RANKINGS = {
    "arr_at_risk": SortSpec(ChurnScore.arr_at_risk_minor, descending=True),
    "probability": SortSpec(ChurnScore.probability, descending=True),
    "ltv": SortSpec(ChurnScore.ltv_minor, descending=True),
}


def current_model(session: Session, workspace_id: int) -> ChurnModelVersion | None:
    return session.scalar(
        select(ChurnModelVersion)
        .where(ChurnModelVersion.workspace_id == workspace_id)
        .order_by(ChurnModelVersion.version.desc())
        .limit(1)
    )


def get_model(session: Session, workspace_id: int, model_id: int) -> ChurnModelVersion | None:
    return session.scalar(
        select(ChurnModelVersion).where(
            ChurnModelVersion.workspace_id == workspace_id, ChurnModelVersion.id == model_id
        )
    )


def models_page(
    session: Session, workspace_id: int, cursor: str | None, limit: int
) -> tuple[list[ChurnModelVersion], int, str | None]:
    base = select(ChurnModelVersion).where(ChurnModelVersion.workspace_id == workspace_id)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    spec = SortSpec(ChurnModelVersion.version, descending=True)
    rows = list(session.scalars(apply_keyset(base, spec, ChurnModelVersion.id, cursor, limit)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].version, rows[-1].id])
    return rows, total, next_cursor


def scored_counts(session: Session, model_ids: Collection[int]) -> dict[int, int]:
    if not model_ids:
        return {}
    rows = session.execute(
        select(ChurnScore.model_id, func.count()).where(ChurnScore.model_id.in_(model_ids))
        .group_by(ChurnScore.model_id)
    )  # fmt: skip
    return {int(m): int(n) for m, n in rows}


def account_score(session: Session, workspace_id: int, model_id: int, account_id: int) -> ChurnScore | None:
    return session.scalar(
        select(ChurnScore).where(
            ChurnScore.workspace_id == workspace_id,
            ChurnScore.model_id == model_id,
            ChurnScore.account_id == account_id,
        )
    )


def scores_for(
    session: Session, workspace_id: int, model_id: int, account_ids: Collection[int]
) -> list[ChurnScore]:
    return list(
        session.scalars(
            select(ChurnScore).where(
                ChurnScore.workspace_id == workspace_id,
                ChurnScore.model_id == model_id,
                ChurnScore.account_id.in_(account_ids),
            )
        )
    )


def ranking_page(
    session: Session,
    workspace_id: int,
    model_id: int,
    *,
    sort: str,
    account_ids: Collection[int] | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[ChurnScore], int, str | None]:
    base = select(ChurnScore).where(ChurnScore.workspace_id == workspace_id, ChurnScore.model_id == model_id)
    if account_ids is not None:
        base = base.where(ChurnScore.account_id.in_(account_ids))
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    spec = RANKINGS[sort]
    rows = list(session.scalars(apply_keyset(base, spec, ChurnScore.id, cursor, limit)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        value = {
            "arr_at_risk": last.arr_at_risk_minor,
            "probability": last.probability,
            "ltv": last.ltv_minor,
        }
        next_cursor = encode_cursor([value[sort], last.id])
    return rows, total, next_cursor


def workspaces_with_models(session: Session) -> list[int]:
    return list(session.scalars(select(ChurnModelVersion.workspace_id).distinct()))


def last_scored(session: Session, model_id: int) -> datetime | None:
    return session.scalar(select(func.max(ChurnScore.scored_at)).where(ChurnScore.model_id == model_id))


def probabilities(
    session: Session, model_id: int, account_ids: Collection[int] | None = None
) -> dict[int, float]:
    query = select(ChurnScore.account_id, ChurnScore.probability).where(ChurnScore.model_id == model_id)
    if account_ids is not None:
        query = query.where(ChurnScore.account_id.in_(account_ids))
    rows = session.execute(query)
    return {int(a): float(p) for a, p in rows}
