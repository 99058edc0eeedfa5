"""Writes for accounts: create, upsert and bulk upsert by external_id, update, delete, revenue roll-up."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Subquery, bindparam, delete, select, update
from sqlalchemy.orm import Session

from steward.core import changes
from steward.core.db import serialize, utcnow
from steward.core.errors import Conflict, ErrorItem, Invalid, NotFound
from steward.core.upsert import bulk_result, merged_custom, reject_duplicates, write_rows
from steward.domains.accounts import queries
from steward.domains.accounts.models import Account
from steward.domains.accounts.schemas import (
    AccountCreate,
    AccountFields,
    AccountFilter,
    AccountUpdate,
    BulkResult,
)
from steward.domains.users import service as users_service
from steward.domains.workspaces import service as workspaces_service

TABLE = queries.TABLE
# Columns copied as sent; owner, parent and custom attributes are resolved and checked first.
_PLAIN_COLUMNS = frozenset({"name", "domain", "segment", "tier", "industry", "region", "lifecycle_stage"})


def get_account(*, session: Session, workspace_id: int, account_id: int) -> Account:
    account = queries.get(session, workspace_id, account_id)
    if account is None:
        raise NotFound("account", account_id)
    return account


def create_account(*, session: Session, workspace_id: int, data: AccountCreate) -> Account:
    serialize(session, f"accounts:{workspace_id}:{data.external_id}")  # the write below is an upsert
    if queries.by_external_id(session, workspace_id, data.external_id) is not None:
        raise Conflict(f"an account with external_id {data.external_id!r} exists", ("body", "external_id"))
    result = bulk_upsert(session=session, workspace_id=workspace_id, items=[data], loc=("body",))
    return get_account(session=session, workspace_id=workspace_id, account_id=result.items[0].id)


def get_by_external_id(*, session: Session, workspace_id: int, external_id: str) -> Account:
    account = queries.by_external_id(session, workspace_id, external_id)
    if account is None:
        raise NotFound("account with external_id", repr(external_id))
    return account


def upsert_by_external_id(
    *, session: Session, workspace_id: int, external_id: str, data: AccountFields
) -> tuple[Account, bool]:
    """Create the account if the external_id is new, else change only the fields sent."""
    existing = queries.by_external_id(session, workspace_id, external_id)
    if existing is None and not data.name:
        raise Invalid("name is required when the account does not exist yet", ("body", "name"))
    if existing is not None and "name" in data.model_fields_set and data.name is None:
        raise Invalid("name cannot be null", ("body", "name"))
    _write(session, workspace_id, [(external_id, data)], lambda i: ("body",))
    return get_by_external_id(
        session=session, workspace_id=workspace_id, external_id=external_id
    ), existing is None


def update_account(*, session: Session, workspace_id: int, account_id: int, data: AccountUpdate) -> Account:
    account = get_account(session=session, workspace_id=workspace_id, account_id=account_id)
    if "name" in data.model_fields_set and data.name is None:
        raise Invalid("name cannot be null", ("body", "name"))
    _write(session, workspace_id, [(account.external_id, data)], lambda i: ("body",))
    session.refresh(account)
    return account


def delete_account(*, session: Session, workspace_id: int, account_id: int) -> None:
    get_account(session=session, workspace_id=workspace_id, account_id=account_id)
    session.execute(delete(Account).where(Account.workspace_id == workspace_id, Account.id == account_id))
    session.flush()


def bulk_upsert(
    *,
    session: Session,
    workspace_id: int,
    items: Sequence[AccountCreate],
    loc: tuple[str | int, ...] = ("body", "items"),
) -> BulkResult:
    """Upsert by external_id, all or nothing: any invalid item rejects the whole request with every error."""
    single = len(items) == 1 and loc == ("body",)
    at = (lambda i: loc) if single else (lambda i: (*loc, i))
    externals = [item.external_id for item in items]
    reject_duplicates(externals, at)
    ids, before = _write(session, workspace_id, list(zip(externals, items, strict=True)), at)
    return bulk_result(externals, ids, before)


def _write(
    session: Session,
    workspace_id: int,
    items: list[tuple[str, AccountFields]],
    at: Any,
) -> tuple[dict[str, int], dict[str, int]]:
    """Validate and write; returns (external_id -> id for every item, the subset that existed before)."""
    stages = set(workspaces_service.lifecycle_stages(session=session, workspace_id=workspace_id))
    custom_types = workspaces_service.custom_field_types(
        session=session, workspace_id=workspace_id, entity="account"
    )
    owner_emails = [f.owner_email for _, f in items if f.owner_email]
    owners = users_service.resolve_owner_emails(
        session=session, workspace_id=workspace_id, emails=owner_emails
    )
    known_owner_ids = users_service.known_user_ids(
        session=session,
        workspace_id=workspace_id,
        ids=[f.owner_id for _, f in items if f.owner_id is not None],
    )
    batch_externals = {ext for ext, _ in items}
    parent_externals = {f.parent_external_id for _, f in items if f.parent_external_id}
    known = queries.ids_by_external_id(session, workspace_id, batch_externals | parent_externals)
    existing = {ext: known[ext] for ext in batch_externals if ext in known}
    current_custom = queries.custom_by_id(
        session,
        workspace_id,
        [existing[e] for e, f in items if e in existing and "custom" in f.model_fields_set],
    )
    parent_id_refs = [f.parent_id for _, f in items if f.parent_id is not None]
    known_parent_ids = queries.existing_ids(session, workspace_id, parent_id_refs)

    errors: list[ErrorItem] = []
    rows: list[dict[str, Any]] = []
    parent_requests: dict[str, int | str | None] = {}

    for i, (ext, f) in enumerate(items):
        where = at(i)
        sent = f.model_fields_set
        values = f.__dict__
        row: dict[str, Any] = {"external_id": ext}
        row.update({col: values[col] for col in sent & _PLAIN_COLUMNS})
        if f.lifecycle_stage is not None and f.lifecycle_stage not in stages:
            errors.append(
                ErrorItem(
                    (*where, "lifecycle_stage"),
                    f"unknown lifecycle stage {f.lifecycle_stage!r}; "
                    f"configured stages: {', '.join(sorted(stages))}",
                    "invalid_choice",
                )
            )
        if "owner_id" in sent and "owner_email" in sent and f.owner_id is not None and f.owner_email:
            errors.append(
                ErrorItem((*where, "owner_email"), "give owner_id or owner_email, not both", "conflict")
            )
        elif f.owner_email:
            owner = owners.get(f.owner_email.strip().lower())
            if owner is None:
                errors.append(
                    ErrorItem(
                        (*where, "owner_email"), f"no user {f.owner_email!r} in this workspace", "not_found"
                    )
                )
            row["owner_id"] = owner
        elif "owner_id" in sent:
            if f.owner_id is not None and f.owner_id not in known_owner_ids:
                errors.append(
                    ErrorItem((*where, "owner_id"), f"no user {f.owner_id} in this workspace", "not_found")
                )
            row["owner_id"] = f.owner_id
        elif "owner_email" in sent:
            row["owner_id"] = None
        if "custom" in sent:
            try:
                values = workspaces_service.validate_custom(custom_types, f.custom, (*where, "custom"))
                row["custom"] = merged_custom(current_custom.get(existing.get(ext, -1), {}), values)
            except Invalid as exc:
                errors.extend(exc.details())
        if f.parent_external_id and f.parent_id is not None:
            errors.append(
                ErrorItem((*where, "parent_id"), "give parent_id or parent_external_id, not both", "conflict")
            )
        elif f.parent_external_id:
            if f.parent_external_id == ext:
                errors.append(
                    ErrorItem((*where, "parent_external_id"), "an account cannot be its own parent", "cycle")
                )
            elif f.parent_external_id not in known and f.parent_external_id not in batch_externals:
                errors.append(
                    ErrorItem(
                        (*where, "parent_external_id"),
                        f"no account with external_id {f.parent_external_id!r}",
                        "not_found",
                    )
                )
            parent_requests[ext] = f.parent_external_id
        elif f.parent_id is not None:
            if f.parent_id not in known_parent_ids:
                errors.append(
                    ErrorItem(
                        (*where, "parent_id"), f"no account {f.parent_id} in this workspace", "not_found"
                    )
                )
            parent_requests[ext] = f.parent_id
        elif "parent_id" in sent or "parent_external_id" in sent:
            parent_requests[ext] = None
        rows.append(row)
    if errors:
        raise Invalid(errors[0].msg, errors[0].loc, errors)

    now = utcnow()
    ids = write_rows(session, TABLE, workspace_id, rows, existing, now)
    if parent_requests:
        _set_parents(
            session, workspace_id, parent_requests, at, [ext for ext, _ in items], {**known, **ids}, now
        )
    session.expire_all()
    changes.record(session, workspace_id, ids.values())  # segment, tier, stage: scorecard rules read them
    return ids, existing


def _set_parents(
    session: Session,
    workspace_id: int,
    requests: dict[str, int | str | None],
    at: Any,
    order: list[str],
    ids: dict[str, int],
    now: datetime,
) -> None:
    links = queries.parent_links(session, workspace_id)
    wanted: dict[int, int | None] = {}
    for ext, ref in requests.items():
        wanted[ids[ext]] = ids[ref] if isinstance(ref, str) else ref
    for child, parent in wanted.items():
        if parent is None:
            links.pop(child, None)
        else:
            links[child] = parent
    position = {ids[ext]: i for i, ext in enumerate(order) if ext in ids}
    for child in wanted:
        seen = {child}
        node = links.get(child)
        while node is not None:
            if node in seen:
                where = at(position.get(child, 0))
                raise Conflict(
                    "this parent would make a cycle in the account hierarchy",
                    (*where, "parent_id"),
                )
            seen.add(node)
            node = links.get(node)
    stmt = (
        update(TABLE)
        .where(TABLE.c.workspace_id == workspace_id, TABLE.c.id == bindparam("b_id"))
        .values(parent_id=bindparam("b_parent"), updated_at=now)
    )
    session.execute(stmt, [{"b_id": c, "b_parent": p} for c, p in wanted.items()])


def set_revenue(*, session: Session, workspace_id: int, values: dict[int, tuple[int, date | None]]) -> None:
    """Store each account's ARR and next renewal date, computed by the subscriptions service."""
    if not values:
        return
    stmt = (
        update(TABLE)
        .where(TABLE.c.workspace_id == workspace_id, TABLE.c.id == bindparam("b_id"))
        .values(arr_minor=bindparam("b_arr"), next_renewal_date=bindparam("b_renewal"))
    )
    session.execute(stmt, [{"b_id": k, "b_arr": v[0], "b_renewal": v[1]} for k, v in values.items()])


def ids_by_external_id(*, session: Session, workspace_id: int, external_ids: list[str]) -> dict[str, int]:
    return queries.ids_by_external_id(session, workspace_id, external_ids)


def require_ids(*, session: Session, workspace_id: int, ids: list[int]) -> set[int]:
    """The subset of ids that are accounts of this workspace."""
    return queries.existing_ids(session, workspace_id, ids)


def resolve_account_refs(
    *,
    session: Session,
    workspace_id: int,
    refs: Sequence[tuple[int | None, str | None]],
    locs: Sequence[tuple[str | int, ...]],
) -> tuple[list[int | None], list[ErrorItem]]:
    """Map (account_id, account_external_id) pairs to this workspace's account ids; one error per bad ref."""
    known_ids = queries.existing_ids(session, workspace_id, {i for i, _ in refs if i is not None})
    by_ext = queries.ids_by_external_id(session, workspace_id, {e for _, e in refs if e})
    resolved: list[int | None] = []
    errors: list[ErrorItem] = []
    for (account_id, external_id), loc in zip(refs, locs, strict=True):
        if account_id is not None and external_id:
            errors.append(
                ErrorItem(
                    (*loc, "account_id"), "give account_id or account_external_id, not both", "conflict"
                )
            )
            resolved.append(None)
        elif external_id:
            if external_id not in by_ext:
                errors.append(
                    ErrorItem(
                        (*loc, "account_external_id"),
                        f"no account with external_id {external_id!r}",
                        "not_found",
                    )
                )
            resolved.append(by_ext.get(external_id))
        elif account_id is not None:
            if account_id not in known_ids:
                errors.append(
                    ErrorItem((*loc, "account_id"), f"no account {account_id} in this workspace", "not_found")
                )
            resolved.append(account_id if account_id in known_ids else None)
        else:
            resolved.append(None)
    return resolved, errors


def list_accounts(
    *, session: Session, workspace_id: int, filters: AccountFilter, sort: str, cursor: str | None, limit: int
) -> tuple[list[Account], int, str | None]:
    return queries.page(session, workspace_id, filters, sort, cursor, limit)


def ids_matching(*, session: Session, workspace_id: int, filters: AccountFilter) -> list[int]:
    """Ids of the accounts the accounts list shows for these filters (search: name, external id, domain)."""
    return queries.matching_ids(session, workspace_id, filters)


def filter_options(*, session: Session, workspace_id: int) -> dict[str, list[str]]:
    """Distinct values that the accounts list offers as filters."""
    return {c: queries.distinct_values(session, workspace_id, c) for c in ("segment", "tier", "region")}


def hierarchy(
    *, session: Session, workspace_id: int, account: Account
) -> tuple[list[Account], list[Account]]:
    """(ancestors from nearest to root, direct children)."""
    return (
        queries.ancestors(session, workspace_id, account),
        queries.children(session, workspace_id, account.id),
    )


def model_attributes(
    *, session: Session, workspace_id: int, ids: Collection[int] | None = None
) -> list[tuple[Any, ...]]:
    """(id, segment, tier, industry, region, arr_minor, name) per account (all, or these): the churn
    model's static inputs."""
    return queries.model_attributes(session, workspace_id, ids)


def ids_owned_by(*, session: Session, workspace_id: int, owner_id: int) -> list[int]:
    return queries.ids_owned_by(session, workspace_id, owner_id)


def owned_by(*, session: Session, workspace_id: int, owner_ids: Collection[int] | None) -> list[Account]:
    """The accounts these users own (a CSM, or a team of them); None: every account."""
    return queries.owned_by(session, workspace_id, owner_ids)


def custom_values(
    *, session: Session, workspace_id: int, ids: Collection[int] | None = None
) -> dict[int, dict[str, Any]]:
    """Account id -> its custom attributes (all accounts, or these)."""
    return queries.custom_values(session, workspace_id, ids)


def owners(*, session: Session, workspace_id: int, ids: Collection[int]) -> dict[int, int | None]:
    """Account id -> its owner (only accounts of this workspace appear)."""
    return queries.owners(session, workspace_id, ids) if ids else {}


def sort_columns(*, workspace_id: int) -> Subquery:
    """Accounts as a subquery (account_id, arr_minor, segment, tier, region, lifecycle_stage) that another
    domain joins to sort in SQL, not in Python after loading every row."""
    return queries.sort_columns(workspace_id)


def arr_values(*, workspace_id: int) -> Subquery:
    """(account_id, value): each account's ARR in minor units, for a sort in SQL."""
    cols = queries.sort_columns(workspace_id)
    return select(cols.c.account_id, cols.c.arr_minor.label("value")).subquery()


def by_ids(*, session: Session, workspace_id: int, ids: Collection[int]) -> list[Account]:
    return queries.by_ids(session, workspace_id, list(ids))


def set_field(*, session: Session, workspace_id: int, ids: Collection[int], field: str, value: Any) -> int:
    """Set segment, tier, region, lifecycle_stage or owner_id on these accounts (rules do this); returns how
    many changed. The caller has checked the value."""
    if field not in ("segment", "tier", "region", "lifecycle_stage", "owner_id"):
        raise Invalid(f"{field} cannot be set this way", ("field",))
    changed = queries.set_field(session, workspace_id, ids, field, value) if ids else []
    changes.record(session, workspace_id, changed)
    return len(changed)


def set_custom(*, session: Session, workspace_id: int, values: dict[int, dict[str, Any]]) -> None:
    """Merge these custom attributes into accounts of this workspace (a sync computed them; the keys are
    defined and the values stored as their type stores them); a None value removes the key."""
    current = queries.custom_by_id(session, workspace_id, list(values))
    changed = {a: merged_custom(current[a], v) for a, v in values.items() if a in current}
    changed = {a: c for a, c in changed.items() if c != current[a]}
    if not changed:
        return
    stmt = (
        update(TABLE)
        .where(TABLE.c.workspace_id == workspace_id, TABLE.c.id == bindparam("b_id"))
        .values(custom=bindparam("b_custom"), updated_at=utcnow())
    )
    session.execute(stmt, [{"b_id": a, "b_custom": c} for a, c in changed.items()])
    changes.record(session, workspace_id, changed)


def book_sizes(*, session: Session, workspace_id: int) -> dict[int | None, tuple[int, int]]:
    """Owner id (None: unassigned) -> (accounts, ARR in minor units)."""
    return queries.book_sizes(session, workspace_id)


def names(*, session: Session, workspace_id: int, ids: list[int]) -> dict[int, str]:
    return queries.names(session, workspace_id, ids) if ids else {}


def lifecycle_stages(
    *, session: Session, workspace_id: int, ids: Collection[int] | None = None
) -> dict[int, str]:
    """Account id -> its current lifecycle stage (accounts without one are absent; all, or these)."""
    return queries.lifecycle_stages(session, workspace_id, ids)


def rule_values(*, session: Session, workspace_id: int) -> dict[str, list[str]]:
    """Distinct segment, tier, region and lifecycle stage values, for rules that select accounts."""
    fields = ("segment", "tier", "region", "lifecycle_stage")
    return {c: queries.distinct_values(session, workspace_id, c) for c in fields}
