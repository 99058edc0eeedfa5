"""Read side of accounts: lookups, filtered keyset pages, hierarchy."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any, cast

from sqlalchemy import Select, Subquery, Table, func, literal, or_, select, update
from sqlalchemy.orm import Session

from steward.core.pagination import SortSpec, apply_keyset, encode_cursor
from steward.core.upsert import ids_by_external_id as _ids
from steward.domains.accounts.models import Account
from steward.domains.accounts.schemas import AccountFilter

TABLE = cast(Table, Account.__table__)
_FAR_FUTURE = date(9999, 12, 31)


def get(session: Session, workspace_id: int, account_id: int) -> Account | None:
    return session.scalar(
        select(Account).where(Account.workspace_id == workspace_id, Account.id == account_id)
    )


def by_external_id(session: Session, workspace_id: int, external_id: str) -> Account | None:
    return session.scalar(
        select(Account).where(Account.workspace_id == workspace_id, Account.external_id == external_id)
    )


def ids_by_external_id(session: Session, workspace_id: int, external_ids: Collection[str]) -> dict[str, int]:
    return _ids(session, TABLE, workspace_id, external_ids)


def existing_ids(session: Session, workspace_id: int, ids: Collection[int]) -> set[int]:
    if not ids:
        return set()
    rows = session.scalars(
        select(Account.id).where(Account.workspace_id == workspace_id, Account.id.in_(ids))
    )
    return set(rows)


def parent_links(session: Session, workspace_id: int) -> dict[int, int]:
    """child id -> parent id for every account that has a parent (hierarchies are sparse)."""
    rows = session.execute(
        select(Account.id, Account.parent_id).where(
            Account.workspace_id == workspace_id, Account.parent_id.is_not(None)
        )
    )
    return {child: parent for child, parent in rows if parent is not None}


def children(session: Session, workspace_id: int, account_id: int) -> list[Account]:
    return list(
        session.scalars(
            select(Account)
            .where(Account.workspace_id == workspace_id, Account.parent_id == account_id)
            .order_by(Account.name)
        )
    )


def ancestors(session: Session, workspace_id: int, account: Account, limit: int = 20) -> list[Account]:
    """Parents from the nearest up to the root."""
    chain: list[Account] = []
    current = account
    while current.parent_id is not None and len(chain) < limit:
        parent = get(session, workspace_id, current.parent_id)
        if parent is None:
            break
        chain.append(parent)
        current = parent
    return chain


def _sort_spec(sort: str) -> SortSpec:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    expr: Any = {
        "name": Account.name,
        "arr": Account.arr_minor,
        "renewal": func.coalesce(Account.next_renewal_date, literal(_FAR_FUTURE)),
        "updated": Account.updated_at,
        "id": Account.id,
    }[key]
    return SortSpec(expr=expr, descending=descending)


def _filtered(workspace_id: int, f: AccountFilter) -> Select[Any]:
    stmt = select(Account).where(Account.workspace_id == workspace_id)
    if f.q:
        like = f"%{f.q.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Account.name).like(like),
                func.lower(Account.external_id).like(like),
                func.lower(Account.domain).like(like),
            )
        )
    for column, value in (
        (Account.segment, f.segment),
        (Account.tier, f.tier),
        (Account.lifecycle_stage, f.lifecycle_stage),
        (Account.owner_id, f.owner_id),
        (Account.parent_id, f.parent_id),
        (Account.region, f.region),
        (Account.industry, f.industry),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt


def matching_ids(session: Session, workspace_id: int, f: AccountFilter) -> list[int]:
    """The accounts the accounts list would show for these filters (its search: name, external id, domain)."""
    return list(session.scalars(_filtered(workspace_id, f).with_only_columns(Account.id)))


def page(
    session: Session, workspace_id: int, f: AccountFilter, sort: str, cursor: str | None, limit: int
) -> tuple[list[Account], int, str | None]:
    base = _filtered(workspace_id, f)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    spec = _sort_spec(sort)
    rows = list(session.scalars(apply_keyset(base, spec, Account.id, cursor, limit)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        key = sort.lstrip("-")
        value: Any = {
            "name": last.name,
            "arr": last.arr_minor,
            "renewal": (last.next_renewal_date or _FAR_FUTURE).isoformat(),
            "updated": last.updated_at.isoformat(),
            "id": last.id,
        }[key]
        next_cursor = encode_cursor([value, last.id])
    return rows, total, next_cursor


def distinct_values(session: Session, workspace_id: int, column: str) -> list[str]:
    col = {
        "segment": Account.segment, "tier": Account.tier, "region": Account.region,
        "lifecycle_stage": Account.lifecycle_stage,
    }[column]  # fmt: skip
    rows = session.scalars(
        select(col).where(Account.workspace_id == workspace_id, col.is_not(None)).distinct().order_by(col)
    )
    return [r for r in rows if r]


def by_ids(session: Session, workspace_id: int, ids: list[int]) -> list[Account]:
    if not ids:
        return []
    return list(
        session.scalars(select(Account).where(Account.workspace_id == workspace_id, Account.id.in_(ids)))
    )


def custom_by_id(session: Session, workspace_id: int, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    rows = session.execute(
        select(Account.id, Account.custom).where(Account.workspace_id == workspace_id, Account.id.in_(ids))
    )
    return {id_: dict(custom or {}) for id_, custom in rows}


def model_attributes(
    session: Session, workspace_id: int, ids: Collection[int] | None = None
) -> list[tuple[Any, ...]]:
    """(id, segment, tier, industry, region, arr_minor, name) of every account (or these), for models."""
    query = select(Account.id, Account.segment, Account.tier, Account.industry, Account.region,
                   Account.arr_minor, Account.name).where(Account.workspace_id == workspace_id)  # fmt: skip
    if ids is not None:
        query = query.where(Account.id.in_(ids))
    return [tuple(r) for r in session.execute(query)]


def ids_owned_by(session: Session, workspace_id: int, owner_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Account.id).where(Account.workspace_id == workspace_id, Account.owner_id == owner_id)
        )
    )


def names(session: Session, workspace_id: int, ids: Collection[int]) -> dict[int, str]:
    rows = session.execute(
        select(Account.id, Account.name).where(Account.workspace_id == workspace_id, Account.id.in_(ids))
    )
    return {int(i): str(n) for i, n in rows}


def lifecycle_stages(
    session: Session, workspace_id: int, ids: Collection[int] | None = None
) -> dict[int, str]:
    query = select(Account.id, Account.lifecycle_stage).where(
        Account.workspace_id == workspace_id, Account.lifecycle_stage.is_not(None)
    )
    if ids is not None:
        query = query.where(Account.id.in_(ids))
    return {int(i): str(v) for i, v in session.execute(query)}


def owned_by(session: Session, workspace_id: int, owner_ids: Collection[int] | None) -> list[Account]:
    query = select(Account).where(Account.workspace_id == workspace_id)
    if owner_ids is not None:
        query = query.where(Account.owner_id.in_(owner_ids))
    return list(session.scalars(query.order_by(Account.id)))


def custom_values(
    session: Session, workspace_id: int, ids: Collection[int] | None
) -> dict[int, dict[str, Any]]:
    query = select(Account.id, Account.custom).where(Account.workspace_id == workspace_id)
    if ids is not None:
        query = query.where(Account.id.in_(ids))
    return {int(i): dict(c or {}) for i, c in session.execute(query)}


def owners(session: Session, workspace_id: int, ids: Collection[int]) -> dict[int, int | None]:
    rows = session.execute(select(Account.id, Account.owner_id).where(Account.workspace_id == workspace_id,
                                                                      Account.id.in_(ids)))  # fmt: skip
    return {int(i): o for i, o in rows}


def set_field(session: Session, workspace_id: int, ids: Collection[int], field: str, value: Any) -> list[int]:
    """Set one column on these accounts where it differs; returns the ids that changed."""
    column = getattr(Account, field)
    changed = list(
        session.scalars(
            select(Account.id).where(
                Account.workspace_id == workspace_id, Account.id.in_(ids),
                (column != value) | column.is_(None),
            )
        )
    )  # fmt: skip
    if changed:
        session.execute(update(Account).where(Account.id.in_(changed)).values({field: value}))
    return changed


def book_sizes(session: Session, workspace_id: int) -> dict[int | None, tuple[int, int]]:
    rows = session.execute(
        select(Account.owner_id, func.count(), func.coalesce(func.sum(Account.arr_minor), 0))
        .where(Account.workspace_id == workspace_id)
        .group_by(Account.owner_id)
    )
    return {o: (int(n), int(arr)) for o, n, arr in rows}


def sort_columns(workspace_id: int) -> Subquery:
    """The workspace's accounts as a subquery another domain's SQL joins on account_id: ARR (arr_minor) and
    the fields scorecard rules read."""
    return (
        select(Account.id.label("account_id"), Account.arr_minor, Account.segment, Account.tier,
               Account.region, Account.lifecycle_stage)
        .where(Account.workspace_id == workspace_id)
        .subquery()
    )  # fmt: skip
