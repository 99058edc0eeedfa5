"""Opaque keyset cursors: stable under inserts, unlike OFFSET paging."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, DateTime, Select, and_, or_

from steward.core.errors import Invalid


@dataclass(frozen=True)
class SortSpec:
    """A sort key: an SQL expression that is never NULL (wrap nullable columns in coalesce)."""

    expr: Any
    descending: bool


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise Invalid("cursor is not one this API issued", ("query", "cursor")) from exc
    if not isinstance(values, list) or len(values) != size:
        raise Invalid("cursor is not one this API issued", ("query", "cursor"))
    return values


def apply_keyset(
    stmt: Select[Any], sort: SortSpec, id_col: Any, cursor: str | None, limit: int
) -> Select[Any]:
    """Order by (sort, id) and start after the cursor's row; fetch one extra row to know if more follow."""
    order = [sort.expr.desc(), id_col.desc()] if sort.descending else [sort.expr.asc(), id_col.asc()]
    stmt = stmt.order_by(*order)
    if cursor:
        last_value, last_id = decode_cursor(cursor, 2)
        if not isinstance(last_id, int):
            raise Invalid("cursor is not one this API issued", ("query", "cursor"))
        last_value = _revive(last_value, sort.expr)
        if sort.descending:
            cond = or_(sort.expr < last_value, and_(sort.expr == last_value, id_col < last_id))
        else:
            cond = or_(sort.expr > last_value, and_(sort.expr == last_value, id_col > last_id))
        stmt = stmt.where(cond)
    return stmt.limit(limit + 1)


def _revive(value: Any, expr: ColumnElement[Any]) -> Any:
    """JSON turned dates into strings; give the driver back the type the column expects."""
    typ = getattr(expr.type, "impl", expr.type)
    try:
        if isinstance(typ, DateTime) and isinstance(value, str):
            return datetime.fromisoformat(value)
        if isinstance(typ, Date) and isinstance(value, str):
            return date.fromisoformat(value)
    except ValueError as exc:
        raise Invalid("cursor is not one this API issued", ("query", "cursor")) from exc
    return value
