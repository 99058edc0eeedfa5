"""Shared mechanics of upsert-by-external_id: duplicate detection and the insert/update split."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from steward.core.bulk import ids_by_key, update_rows, upsert_rows
from steward.core.db import utcnow
from steward.core.errors import ErrorItem, Invalid
from steward.core.schemas import BulkItemResult, BulkResult

Loc = tuple[str | int, ...]


def reject_duplicates(external_ids: Sequence[str], at: Callable[[int], Loc]) -> None:
    """One request may name an external_id once; every repeat is reported."""
    seen: dict[str, int] = {}
    dupes: list[ErrorItem] = []
    for i, ext in enumerate(external_ids):
        if ext in seen:
            msg = f"duplicate external_id {ext!r} (also item {seen[ext]})"
            dupes.append(ErrorItem((*at(i), "external_id"), msg, "duplicate"))
        seen.setdefault(ext, i)
    if dupes:
        raise Invalid(dupes[0].msg, dupes[0].loc, dupes)


def ids_by_external_id(
    session: Session, table: Table, workspace_id: int, external_ids: Iterable[str]
) -> dict[str, int]:
    return ids_by_key(session, table, workspace_id, "external_id", external_ids)


def write_rows(
    session: Session,
    table: Table,
    workspace_id: int,
    rows: list[dict[str, Any]],
    existing: dict[str, int],
    now: datetime | None = None,
) -> dict[str, int]:
    """Insert new rows, update existing ones with only the columns they carry; returns external_id -> id.

    Each row holds external_id plus the columns to set. Existing rows get a plain UPDATE: an INSERT of a
    partial row would trip NOT NULL constraints before ON CONFLICT is considered. Every row written gets
    the same timestamp (`now`), so a new row's created_at equals its updated_at.
    """
    now = now or utcnow()
    # One copy per row, grouped by the columns it carries: each group is one executemany.
    fresh: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
    changed: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        ext = row["external_id"]
        if ext in existing:
            update = {"id": existing[ext], **row, "updated_at": now}
            del update["external_id"]
            changed[frozenset(row)].append(update)
        else:
            fresh[frozenset(row)].append(
                {**row, "workspace_id": workspace_id, "updated_at": now, "created_at": now}
            )
    for key, group in fresh.items():
        cols = [c for c in key if c != "external_id"] + ["updated_at"]
        upsert_rows(session, table, group, ("workspace_id", "external_id"), cols)
    for group in changed.values():
        update_rows(session, table, group)
    fresh_ids = ids_by_external_id(
        session, table, workspace_id, [r["external_id"] for r in rows if r["external_id"] not in existing]
    )
    return {**existing, **fresh_ids}


def merged_custom(current: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Custom attributes merge key by key; a null value removes the key."""
    merged = dict(current)
    for key, value in values.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def locator(loc: Loc, per_item: bool) -> Callable[[int], Loc]:
    """Where item i's errors point: ("body", "items", i) in a bulk request, ("body",) for a single object."""
    return (lambda i: (*loc, i)) if per_item else (lambda i: loc)


def bulk_result(external_ids: Sequence[str], ids: dict[str, int], before: dict[str, int]) -> BulkResult:
    # model_construct: the values come from the database, and validating 5,000 of them again costs real time.
    items = [
        BulkItemResult.model_construct(external_id=e, id=ids[e], created=e not in before)
        for e in dict.fromkeys(external_ids)
    ]
    created = sum(i.created for i in items)
    return BulkResult.model_construct(created=created, updated=len(items) - created, items=items)
