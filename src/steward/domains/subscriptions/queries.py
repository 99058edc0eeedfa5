"""Read side of subscriptions."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, case, func, literal, select
from sqlalchemy.orm import Session

from steward.analytics.revenue import PERIODS_PER_YEAR, SubscriptionTerms
from steward.core.pagination import SortSpec, apply_keyset, encode_cursor
from steward.core.upsert import ids_by_external_id as _ids
from steward.domains.subscriptions.models import Subscription
from steward.domains.subscriptions.schemas import SubscriptionFilter

TABLE = cast(Table, Subscription.__table__)
_FAR_FUTURE = date(9999, 12, 31)
_ARR = Subscription.amount_minor * case(
    *((Subscription.billing_period == p, n) for p, n in PERIODS_PER_YEAR.items()), else_=0
)


def get(session: Session, workspace_id: int, subscription_id: int) -> Subscription | None:
    return session.scalar(
        select(Subscription).where(
            Subscription.workspace_id == workspace_id, Subscription.id == subscription_id
        )
    )


def ids_by_external_id(session: Session, workspace_id: int, external_ids: list[str]) -> dict[str, int]:
    return _ids(session, TABLE, workspace_id, external_ids)


def account_ids(session: Session, workspace_id: int, ids: Collection[int]) -> set[int]:
    if not ids:
        return set()
    stmt = select(Subscription.account_id).where(
        Subscription.workspace_id == workspace_id, Subscription.id.in_(ids)
    )
    return set(session.scalars(stmt))


def terms_by_account(
    session: Session, workspace_id: int, account_ids_: Collection[int]
) -> dict[int, list[SubscriptionTerms]]:
    out: dict[int, list[SubscriptionTerms]] = {a: [] for a in account_ids_}
    ids = list(account_ids_)
    for start in range(0, len(ids), 5000):
        rows = session.execute(
            select(
                Subscription.account_id,
                Subscription.status,
                Subscription.currency,
                Subscription.amount_minor,
                Subscription.billing_period,
                Subscription.end_date,
            ).where(
                Subscription.workspace_id == workspace_id,
                Subscription.account_id.in_(ids[start : start + 5000]),
            )
        )
        for account_id, status, currency, amount, period, end in rows:
            out[account_id].append(SubscriptionTerms(status, currency, amount, period, end))
    return out


def for_account(session: Session, workspace_id: int, account_id: int) -> list[Subscription]:
    stmt = (
        select(Subscription)
        .where(Subscription.workspace_id == workspace_id, Subscription.account_id == account_id)
        .order_by(Subscription.status, Subscription.end_date, Subscription.id)
    )
    return list(session.scalars(stmt))


def page(
    session: Session, workspace_id: int, f: SubscriptionFilter, sort: str, cursor: str | None, limit: int
) -> tuple[list[Subscription], int, str | None]:
    stmt = select(Subscription).where(Subscription.workspace_id == workspace_id)
    for column, value in (
        (Subscription.account_id, f.account_id),
        (Subscription.status, f.status),
        (Subscription.plan, f.plan),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if f.renews_after:
        stmt = stmt.where(Subscription.end_date >= f.renews_after)
    if f.renews_before:
        stmt = stmt.where(Subscription.end_date <= f.renews_before)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    key = sort.lstrip("-")
    exprs: dict[str, Any] = {
        "end_date": func.coalesce(Subscription.end_date, literal(_FAR_FUTURE)),
        "arr": _ARR,
        "start_date": Subscription.start_date,
        "id": Subscription.id,
    }
    rows = list(
        session.scalars(
            apply_keyset(stmt, SortSpec(exprs[key], sort.startswith("-")), Subscription.id, cursor, limit)
        )
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        values: dict[str, Any] = {
            "end_date": (last.end_date or _FAR_FUTURE).isoformat(),
            "arr": last.amount_minor * PERIODS_PER_YEAR[last.billing_period],
            "start_date": last.start_date.isoformat(),
            "id": last.id,
        }
        next_cursor = encode_cursor([values[key], last.id])
    return rows, total, next_cursor


def model_terms(
    session: Session, workspace_id: int, currency: str, account_ids: Collection[int] | None = None
) -> list[tuple[Any, ...]]:
    """Every subscription term in the workspace currency (of all accounts, or these), as tuples for models."""
    s = Subscription
    query = select(s.account_id, s.start_date, s.end_date, s.amount_minor, s.billing_period, s.seats,
                   s.auto_renew, s.notice_days, s.plan).where(s.workspace_id == workspace_id,
                                                              s.currency == currency)  # fmt: skip
    if account_ids is not None:
        query = query.where(s.account_id.in_(account_ids))
    return [tuple(r) for r in session.execute(query)]


def ending_between(
    session: Session, workspace_id: int, currency: str, first: date, last: date, statuses: Collection[str]
) -> list[Subscription]:
    """Terms in the workspace currency with these statuses whose end date falls in [first, last]."""
    s = Subscription
    query = select(s).where(
        s.workspace_id == workspace_id, s.currency == currency, s.status.in_(statuses),
        s.end_date >= first, s.end_date <= last,
    )  # fmt: skip
    return list(session.scalars(query.order_by(s.end_date, s.id)))


def auto_renews(session: Session, workspace_id: int, ids: Collection[int]) -> dict[int, bool]:
    if not ids:
        return {}
    s = Subscription
    query = select(s.id, s.auto_renew).where(s.workspace_id == workspace_id, s.id.in_(list(ids)))
    return {int(i): bool(a) for i, a in session.execute(query)}


def starting_on(
    session: Session, workspace_id: int, currency: str, days: Collection[date]
) -> list[Subscription]:
    if not days:
        return []
    s = Subscription
    query = select(s).where(
        s.workspace_id == workspace_id, s.currency == currency, s.start_date.in_(list(days))
    )
    return list(session.scalars(query))


def main_products(
    session: Session, workspace_id: int, currency: str, day: date, account_ids: Collection[int] | None
) -> dict[int, str]:
    """Account -> the product (else plan) of its largest term in force on `day`."""
    s = Subscription
    query = select(s.account_id, s.product, s.plan, _ARR).where(
        s.workspace_id == workspace_id, s.currency == currency, s.start_date <= day,
        (s.end_date.is_(None)) | (s.end_date > day), s.status.in_(("active", "past_due")),
    )  # fmt: skip
    if account_ids is not None:
        query = query.where(s.account_id.in_(account_ids))
    best: dict[int, tuple[int, str]] = {}
    for account_id, product, plan, arr in session.execute(query):
        if account_id not in best or arr > best[account_id][0]:
            best[account_id] = (int(arr), product or plan)
    return {a: name for a, (_, name) in best.items()}
