"""Writes for subscriptions; every write refreshes the affected accounts' ARR and next renewal date."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete
from sqlalchemy.orm import Session

from steward.analytics.revenue import REVENUE_STATUSES, account_rollup
from steward.core import changes
from steward.core.clock import today_utc
from steward.core.db import serialize
from steward.core.errors import Conflict, ErrorItem, Invalid, NotFound
from steward.core.schemas import BulkResult
from steward.core.upsert import Loc, bulk_result, locator, reject_duplicates, write_rows
from steward.domains.accounts import service as accounts_service
from steward.domains.subscriptions import queries
from steward.domains.subscriptions.models import Subscription
from steward.domains.subscriptions.schemas import SubscriptionCreate, SubscriptionFields, SubscriptionUpdate
from steward.domains.workspaces import service as workspaces_service

_PLAIN = (
    "plan", "product", "amount_minor", "currency", "billing_period", "seats",
    "start_date", "end_date", "auto_renew", "notice_days", "status",
)  # fmt: skip
_REQUIRED = (
    "plan",
    "amount_minor",
    "currency",
    "billing_period",
    "start_date",
    "auto_renew",
    "notice_days",
    "status",
)


def get_subscription(*, session: Session, workspace_id: int, subscription_id: int) -> Subscription:
    sub = queries.get(session, workspace_id, subscription_id)
    if sub is None:
        raise NotFound("subscription", subscription_id)
    return sub


def get_by_external_id(*, session: Session, workspace_id: int, external_id: str) -> Subscription:
    ids = queries.ids_by_external_id(session, workspace_id, [external_id])
    if external_id not in ids:
        raise NotFound("subscription with external_id", repr(external_id))
    return get_subscription(session=session, workspace_id=workspace_id, subscription_id=ids[external_id])


def create_subscription(*, session: Session, workspace_id: int, data: SubscriptionCreate) -> Subscription:
    serialize(session, f"subscriptions:{workspace_id}:{data.external_id}")  # the write below is an upsert
    if queries.ids_by_external_id(session, workspace_id, [data.external_id]):
        raise Conflict(
            f"a subscription with external_id {data.external_id!r} exists", ("body", "external_id")
        )
    ids, _ = _write(session, workspace_id, [(data.external_id, data)], locator(("body",), False))
    return get_subscription(session=session, workspace_id=workspace_id, subscription_id=ids[data.external_id])


def upsert_by_external_id(
    *, session: Session, workspace_id: int, external_id: str, data: SubscriptionFields
) -> tuple[Subscription, bool]:
    if not queries.ids_by_external_id(session, workspace_id, [external_id]):
        data = _as_create(external_id, data)
    ids, before = _write(session, workspace_id, [(external_id, data)], locator(("body",), False))
    sub = get_subscription(session=session, workspace_id=workspace_id, subscription_id=ids[external_id])
    return sub, external_id not in before


def update_subscription(
    *, session: Session, workspace_id: int, subscription_id: int, data: SubscriptionUpdate
) -> Subscription:
    sub = get_subscription(session=session, workspace_id=workspace_id, subscription_id=subscription_id)
    start = data.start_date if "start_date" in data.model_fields_set else sub.start_date
    end = data.end_date if "end_date" in data.model_fields_set else sub.end_date
    if start and end and end < start:
        raise Invalid("end_date must not be before start_date", ("body", "end_date"))
    for name in _REQUIRED:
        if name in data.model_fields_set and getattr(data, name) is None:
            raise Invalid(f"{name} cannot be null", ("body", name))
    _write(session, workspace_id, [(sub.external_id, data)], locator(("body",), False))
    session.refresh(sub)
    return sub


def delete_subscription(*, session: Session, workspace_id: int, subscription_id: int) -> None:
    sub = get_subscription(session=session, workspace_id=workspace_id, subscription_id=subscription_id)
    account_id = sub.account_id
    session.execute(
        delete(Subscription).where(
            Subscription.workspace_id == workspace_id, Subscription.id == subscription_id
        )
    )
    refresh_account_revenue(session=session, workspace_id=workspace_id, account_ids={account_id})


def bulk_upsert(
    *, session: Session, workspace_id: int, items: Sequence[SubscriptionCreate], loc: Loc = ("body", "items")
) -> BulkResult:
    """Upsert by external_id, all or nothing: any invalid item rejects the whole request with every error."""
    at = locator(loc, True)
    reject_duplicates([i.external_id for i in items], at)
    ids, before = _write(session, workspace_id, [(i.external_id, i) for i in items], at)
    return bulk_result([i.external_id for i in items], ids, before)


def list_for_account(*, session: Session, workspace_id: int, account_id: int) -> list[Subscription]:
    return queries.for_account(session, workspace_id, account_id)


def refresh_account_revenue(*, session: Session, workspace_id: int, account_ids: Collection[int]) -> None:
    """Recompute ARR and next renewal for these accounts and store them on the accounts."""
    currency = workspaces_service.get_workspace(session=session, workspace_id=workspace_id).currency
    today = today_utc()
    terms = queries.terms_by_account(session, workspace_id, account_ids)
    values = {a: account_rollup(t, currency, today) for a, t in terms.items()}
    accounts_service.set_revenue(session=session, workspace_id=workspace_id, values=values)
    changes.record(session, workspace_id, account_ids)


def _as_create(external_id: str, data: SubscriptionFields) -> SubscriptionCreate:
    try:
        return SubscriptionCreate.model_validate(
            {**data.model_dump(exclude_unset=True), "external_id": external_id}
        )
    except ValidationError as exc:
        items = [ErrorItem(("body", *e["loc"]), e["msg"], e["type"]) for e in exc.errors()]
        raise Invalid(items[0].msg, items[0].loc, items) from None


def _write(
    session: Session, workspace_id: int, items: list[tuple[str, SubscriptionFields]], at: Callable[[int], Loc]
) -> tuple[dict[str, int], dict[str, int]]:
    existing = queries.ids_by_external_id(session, workspace_id, [e for e, _ in items])
    previous_accounts = queries.account_ids(session, workspace_id, existing.values())
    account_ids, errors = accounts_service.resolve_account_refs(
        session=session,
        workspace_id=workspace_id,
        refs=[(f.account_id, f.account_external_id) for _, f in items],
        locs=[at(i) for i in range(len(items))],
    )
    rows: list[dict[str, Any]] = []
    for i, (ext, f) in enumerate(items):
        sent = f.model_fields_set
        row: dict[str, Any] = {"external_id": ext, **{c: getattr(f, c) for c in _PLAIN if c in sent}}
        if isinstance(f, SubscriptionCreate):
            row.update({c: getattr(f, c) for c in _REQUIRED})
        if sent & {"account_id", "account_external_id"}:
            if account_ids[i] is None and not any(e.loc[: len(at(i))] == at(i) for e in errors):
                errors.append(ErrorItem((*at(i), "account_id"), "a subscription needs an account", "missing"))
            row["account_id"] = account_ids[i]
        rows.append(row)
    if errors:
        raise Invalid(errors[0].msg, errors[0].loc, errors)
    ids = write_rows(session, queries.TABLE, workspace_id, rows, existing)
    session.expire_all()
    affected = previous_accounts | {a for a in account_ids if a is not None}
    refresh_account_revenue(session=session, workspace_id=workspace_id, account_ids=affected)
    return ids, existing


def ending_between(
    *,
    session: Session,
    workspace_id: int,
    first: date,
    last: date,
    statuses: Collection[str] = REVENUE_STATUSES,
) -> list[Subscription]:
    """Terms in the workspace currency with these statuses (default: revenue) that end in [first, last]."""
    currency = workspaces_service.get_workspace(session=session, workspace_id=workspace_id).currency
    return queries.ending_between(session, workspace_id, currency, first, last, statuses)


def starting_on(*, session: Session, workspace_id: int, days: Collection[date]) -> list[Subscription]:
    """Terms in the workspace currency that start on one of these days."""
    currency = workspaces_service.get_workspace(session=session, workspace_id=workspace_id).currency
    return queries.starting_on(session, workspace_id, currency, days)


def auto_renews(*, session: Session, workspace_id: int, ids: Collection[int]) -> dict[int, bool]:
    """Subscription id -> whether it renews by itself."""
    return queries.auto_renews(session, workspace_id, ids)


def main_products(
    *, session: Session, workspace_id: int, day: date, account_ids: Collection[int] | None = None
) -> dict[int, str]:
    """Account -> the product (else the plan) of its largest revenue term in force on `day`."""
    currency = workspaces_service.get_workspace(session=session, workspace_id=workspace_id).currency
    return queries.main_products(session, workspace_id, currency, day, account_ids)


def model_terms(
    *, session: Session, workspace_id: int, account_ids: Collection[int] | None = None
) -> list[tuple[Any, ...]]:
    """(account_id, start_date, end_date, amount_minor, billing_period, seats, auto_renew, notice_days, plan)
    of every term in the workspace currency: the revenue history models learn from."""
    currency = workspaces_service.get_workspace(session=session, workspace_id=workspace_id).currency
    return queries.model_terms(session, workspace_id, currency, account_ids)
