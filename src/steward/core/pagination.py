"""Opaque keyset cursors: stable under inserts, unlike OFFSET paging."""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, DateTime, Integer, Numeric, Select, String, and_, or_

from steward.core.errors import Invalid

MAX_INTEGER = 2**63 - 1  # the widest integer either database compares


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
        if not isinstance(last_id, int) or isinstance(last_id, bool) or not 0 <= last_id <= MAX_INTEGER:
            raise Invalid("cursor is not one this API issued", ("query", "cursor"))
        last_value = _revive(last_value, sort.expr)
        if sort.descending:
            cond = or_(sort.expr < last_value, and_(sort.expr == last_value, id_col < last_id))
        else:
            cond = or_(sort.expr > last_value, and_(sort.expr == last_value, id_col > last_id))
        stmt = stmt.where(cond)
    return stmt.limit(limit + 1)


def _revive(value: Any, expr: ColumnElement[Any]) -> Any:
    """JSON turned dates into strings; give the driver back the type the column expects, and refuse any value
    of another type or beyond what a database integer holds (they were driver errors: 500s)."""
    typ = getattr(expr.type, "impl", expr.type)
    try:
        if isinstance(typ, DateTime | Date):
            if not isinstance(value, str):
                raise ValueError(value)
            if isinstance(typ, Date):
                return date.fromisoformat(value)
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:  # every cursor this API issues carries its UTC offset
                raise ValueError(value)
            return moment
        if isinstance(typ, String) and not isinstance(value, str):
            raise ValueError(value)
        if isinstance(typ, Integer | Numeric) and not _number(value):
            raise ValueError(value)
        if not (isinstance(value, str) or _number(value)):
            raise ValueError(value)
    except ValueError as exc:
        raise Invalid("cursor is not one this API issued", ("query", "cursor")) from exc
    return value


def _number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and abs(value) <= MAX_INTEGER
