"""Read side of contacts."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, cast

from sqlalchemy import Table, case, func, or_, select
from sqlalchemy.orm import Session

from steward.core.pagination import SortSpec, apply_keyset, encode_cursor
from steward.core.upsert import ids_by_external_id as _ids
from steward.domains.contacts.models import Contact
from steward.domains.contacts.schemas import ContactFilter

TABLE = cast(Table, Contact.__table__)


def get(session: Session, workspace_id: int, contact_id: int) -> Contact | None:
    return session.scalar(
        select(Contact).where(Contact.workspace_id == workspace_id, Contact.id == contact_id)
    )


def ids_by_external_id(session: Session, workspace_id: int, external_ids: list[str]) -> dict[str, int]:
    return _ids(session, TABLE, workspace_id, external_ids)


def existing_ids(session: Session, workspace_id: int, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        session.scalars(select(Contact.id).where(Contact.workspace_id == workspace_id, Contact.id.in_(ids)))
    )


def custom_by_id(session: Session, workspace_id: int, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    rows = session.execute(
        select(Contact.id, Contact.custom).where(Contact.workspace_id == workspace_id, Contact.id.in_(ids))
    )
    return {id_: dict(custom or {}) for id_, custom in rows}


def for_account(session: Session, workspace_id: int, account_id: int) -> list[Contact]:
    stmt = (
        select(Contact)
        .where(Contact.workspace_id == workspace_id, Contact.account_id == account_id)
        .order_by(Contact.name, Contact.id)
    )
    return list(session.scalars(stmt))


def page(
    session: Session, workspace_id: int, f: ContactFilter, sort: str, cursor: str | None, limit: int
) -> tuple[list[Contact], int, str | None]:
    stmt = select(Contact).where(Contact.workspace_id == workspace_id)
    if f.q:
        like = f"%{f.q.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Contact.name).like(like),
                func.lower(Contact.email).like(like),
                func.lower(Contact.external_id).like(like),
            )
        )
    for column, value in (
        (Contact.account_id, f.account_id),
        (Contact.role, f.role),
        (Contact.language, f.language),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    key = sort.lstrip("-")
    expr: Any = {"name": func.coalesce(Contact.name, ""), "updated": Contact.updated_at, "id": Contact.id}[
        key
    ]
    rows = list(
        session.scalars(apply_keyset(stmt, SortSpec(expr, sort.startswith("-")), Contact.id, cursor, limit))
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        value = {"name": last.name or "", "updated": last.updated_at.isoformat(), "id": last.id}[key]
        next_cursor = encode_cursor([value, last.id])
    return rows, total, next_cursor


def counts_by_account(
    session: Session, workspace_id: int, account_ids: Collection[int] | None = None
) -> list[tuple[int, int]]:
    query = select(Contact.account_id, func.count()).where(Contact.workspace_id == workspace_id)
    if account_ids is not None:
        query = query.where(Contact.account_id.in_(account_ids))
    rows = session.execute(query.group_by(Contact.account_id))
    return [(int(a), int(n)) for a, n in rows if a is not None]


def account_ids_of(session: Session, workspace_id: int, ids: Collection[int]) -> set[int]:
    """The accounts these contacts belong to."""
    if not ids:
        return set()
    rows = session.scalars(
        select(Contact.account_id).where(Contact.workspace_id == workspace_id, Contact.id.in_(ids))
    )
    return {int(a) for a in rows if a is not None}


def reachable(
    session: Session,
    workspace_id: int,
    account_ids: Collection[int] | None,
    contact_ids: Collection[int] | None,
) -> list[Contact]:
    """The contacts with an e-mail address (at these accounts, or these contacts; None: no limit)."""
    query = select(Contact).where(Contact.workspace_id == workspace_id, Contact.email.is_not(None))
    if account_ids is not None:
        query = query.where(Contact.account_id.in_(list(account_ids)))
    if contact_ids is not None:
        query = query.where(Contact.id.in_(list(contact_ids)))
    return list(session.scalars(query.order_by(Contact.id)))


def emails_by_account(
    session: Session, workspace_id: int, account_ids: Collection[int]
) -> list[tuple[int, int, str]]:
    """(account id, contact id, e-mail) of the contacts with an address at these accounts."""
    if not account_ids:
        return []
    query = select(Contact.account_id, Contact.id, Contact.email).where(
        Contact.workspace_id == workspace_id,
        Contact.account_id.in_(list(account_ids)),
        Contact.email.is_not(None),
    )
    return [(int(a or 0), int(c), str(e)) for a, c, e in session.execute(query.order_by(Contact.id))]


def names(session: Session, workspace_id: int, ids: Collection[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = select(Contact.id, Contact.name, Contact.email, Contact.external_id).where(
        Contact.workspace_id == workspace_id, Contact.id.in_(list(ids))
    )
    return {int(i): n or e or x for i, n, e, x in session.execute(query)}


def accounts_by_external_id(
    session: Session, workspace_id: int, external_ids: Collection[str]
) -> dict[str, int]:
    """Contact external id -> its account id, for the contacts that have an account."""
    if not external_ids:
        return {}
    query = select(Contact.external_id, Contact.account_id).where(
        Contact.workspace_id == workspace_id, Contact.external_id.in_(list(external_ids)),
        Contact.account_id.is_not(None),
    )  # fmt: skip
    return {str(e): int(a or 0) for e, a in session.execute(query)}


def by_email(session: Session, workspace_id: int, address: str) -> Contact | None:
    """The contact with this e-mail address (case-insensitive), the oldest if several share it."""
    query = select(Contact).where(
        Contact.workspace_id == workspace_id, func.lower(Contact.email) == address.lower()
    )
    return session.scalars(query.order_by(Contact.id).limit(1)).first()


def portal_users(session: Session, workspace_id: int, limit: int) -> list[Contact]:
    """Contacts who can sign in to the customer portal (an e-mail address and access not 'none'), those who
    see their company's tickets first."""
    query = select(Contact).where(
        Contact.workspace_id == workspace_id,
        Contact.email.is_not(None),
        or_(Contact.portal_access.is_(None), Contact.portal_access != "none"),
    )
    company_first = case((Contact.portal_access == "company", 0), else_=1)  # NULL sorts alike everywhere
    return list(session.scalars(query.order_by(company_first, Contact.id).limit(limit)))
