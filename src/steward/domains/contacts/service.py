"""Writes for contacts: create, upsert and bulk upsert by external_id, update, delete."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from steward.core import changes
from steward.core.db import serialize
from steward.core.errors import Conflict, ErrorItem, Invalid, NotFound
from steward.core.schemas import BulkResult
from steward.core.upsert import Loc, bulk_result, locator, merged_custom, reject_duplicates, write_rows
from steward.domains.accounts import service as accounts_service
from steward.domains.contacts import queries
from steward.domains.contacts.models import Contact
from steward.domains.contacts.schemas import ContactCreate, ContactFields, ContactUpdate
from steward.domains.workspaces import service as workspaces_service

_PLAIN = ("email", "name", "title", "role", "language", "time_zone", "portal_access")


def get_contact(*, session: Session, workspace_id: int, contact_id: int) -> Contact:
    contact = queries.get(session, workspace_id, contact_id)
    if contact is None:
        raise NotFound("contact", contact_id)
    return contact


def get_by_external_id(*, session: Session, workspace_id: int, external_id: str) -> Contact:
    ids = queries.ids_by_external_id(session, workspace_id, [external_id])
    if external_id not in ids:
        raise NotFound("contact with external_id", repr(external_id))
    return get_contact(session=session, workspace_id=workspace_id, contact_id=ids[external_id])


def create_contact(*, session: Session, workspace_id: int, data: ContactCreate) -> Contact:
    serialize(session, f"contacts:{workspace_id}:{data.external_id}")  # the write below is an upsert
    if queries.ids_by_external_id(session, workspace_id, [data.external_id]):
        raise Conflict(f"a contact with external_id {data.external_id!r} exists", ("body", "external_id"))
    ids, _ = _write(session, workspace_id, [(data.external_id, data)], locator(("body",), False))
    return get_contact(session=session, workspace_id=workspace_id, contact_id=ids[data.external_id])


def upsert_by_external_id(
    *, session: Session, workspace_id: int, external_id: str, data: ContactFields
) -> tuple[Contact, bool]:
    ids, before = _write(session, workspace_id, [(external_id, data)], locator(("body",), False))
    contact = get_contact(session=session, workspace_id=workspace_id, contact_id=ids[external_id])
    return contact, external_id not in before


def update_contact(*, session: Session, workspace_id: int, contact_id: int, data: ContactUpdate) -> Contact:
    contact = get_contact(session=session, workspace_id=workspace_id, contact_id=contact_id)
    _write(session, workspace_id, [(contact.external_id, data)], locator(("body",), False))
    session.refresh(contact)
    return contact


def delete_contact(*, session: Session, workspace_id: int, contact_id: int) -> None:
    contact = get_contact(session=session, workspace_id=workspace_id, contact_id=contact_id)
    changes.record(session, workspace_id, [contact.account_id])
    session.execute(delete(Contact).where(Contact.workspace_id == workspace_id, Contact.id == contact_id))
    session.flush()


def bulk_upsert(
    *, session: Session, workspace_id: int, items: Sequence[ContactCreate], loc: Loc = ("body", "items")
) -> BulkResult:
    """Upsert by external_id, all or nothing: any invalid item rejects the whole request with every error."""
    at = locator(loc, True)
    reject_duplicates([i.external_id for i in items], at)
    ids, before = _write(session, workspace_id, [(i.external_id, i) for i in items], at)
    return bulk_result([i.external_id for i in items], ids, before)


def list_for_account(*, session: Session, workspace_id: int, account_id: int) -> list[Contact]:
    return queries.for_account(session, workspace_id, account_id)


def emails_by_account(
    *, session: Session, workspace_id: int, account_ids: Collection[int]
) -> list[tuple[int, int, str]]:
    """(account id, contact id, e-mail) of every contact with an address at these accounts."""
    return queries.emails_by_account(session, workspace_id, account_ids)


def ids_by_external_id(*, session: Session, workspace_id: int, external_ids: list[str]) -> dict[str, int]:
    return queries.ids_by_external_id(session, workspace_id, external_ids)


def reachable(
    *,
    session: Session,
    workspace_id: int,
    account_ids: Collection[int] | None = None,
    contact_ids: Collection[int] | None = None,
) -> list[Contact]:
    """Contacts with an e-mail address, at these accounts or among these contacts (None: no limit)."""
    return queries.reachable(session, workspace_id, account_ids, contact_ids)


def accounts_by_external_id(
    *, session: Session, workspace_id: int, external_ids: Collection[str]
) -> dict[str, int]:
    """Contact external id -> its account id (contacts without an account are left out)."""
    return queries.accounts_by_external_id(session, workspace_id, external_ids)


def names(*, session: Session, workspace_id: int, ids: Collection[int]) -> dict[int, str]:
    """Contact id -> name (else e-mail, else external id)."""
    return queries.names(session, workspace_id, ids)


def existing_ids(*, session: Session, workspace_id: int, ids: list[int]) -> set[int]:
    """The subset of ids that are contacts of this workspace."""
    return queries.existing_ids(session, workspace_id, ids)


def _write(
    session: Session, workspace_id: int, items: list[tuple[str, ContactFields]], at: Callable[[int], Loc]
) -> tuple[dict[str, int], dict[str, int]]:
    existing = queries.ids_by_external_id(session, workspace_id, [e for e, _ in items])
    account_ids, errors = accounts_service.resolve_account_refs(
        session=session,
        workspace_id=workspace_id,
        refs=[(f.account_id, f.account_external_id) for _, f in items],
        locs=[at(i) for i in range(len(items))],
    )
    types = workspaces_service.custom_field_types(
        session=session, workspace_id=workspace_id, entity="contact"
    )
    current_custom = queries.custom_by_id(
        session,
        workspace_id,
        [existing[e] for e, f in items if e in existing and "custom" in f.model_fields_set],
    )
    rows: list[dict[str, Any]] = []
    for i, (ext, f) in enumerate(items):
        sent = f.model_fields_set
        row: dict[str, Any] = {"external_id": ext, **{c: getattr(f, c) for c in _PLAIN if c in sent}}
        if sent & {"account_id", "account_external_id"}:
            row["account_id"] = account_ids[i]
        if "custom" in sent:
            try:
                values = workspaces_service.validate_custom(types, f.custom, (*at(i), "custom"))
                row["custom"] = merged_custom(current_custom.get(existing.get(ext, -1), {}), values)
            except Invalid as exc:
                errors.extend(exc.details())
        rows.append(row)
    if errors:
        first: ErrorItem = errors[0]
        raise Invalid(first.msg, first.loc, errors)
    moved_from = queries.account_ids_of(session, workspace_id, existing.values())
    ids = write_rows(session, queries.TABLE, workspace_id, rows, existing)
    session.expire_all()
    changes.record(session, workspace_id, [*moved_from, *account_ids])  # their contact counts changed
    return ids, existing


def counts_by_account(
    *, session: Session, workspace_id: int, account_ids: Collection[int] | None = None
) -> list[tuple[int, int]]:
    """(account_id, number of contacts) for accounts with any (of all accounts, or these)."""
    return queries.counts_by_account(session, workspace_id, account_ids)


def by_email(*, session: Session, workspace_id: int, address: str) -> Contact | None:
    return queries.by_email(session, workspace_id, address)


def portal_users(*, session: Session, workspace_id: int, limit: int = 20) -> list[Contact]:
    return queries.portal_users(session, workspace_id, limit)
