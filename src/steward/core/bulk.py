"""Dialect-aware bulk upsert (INSERT ... ON CONFLICT DO UPDATE) for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Table, bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

T = TypeVar("T")


# Up to this many rows are read by id (one IN list); for more, one scan of the workspace is cheaper.
READ_BY_ID_UP_TO = 500


def ids_if_few(ids: Sequence[int]) -> Sequence[int] | None:
    """The ids to read by, or None to read the whole workspace (see READ_BY_ID_UP_TO)."""
    return ids if len(ids) <= READ_BY_ID_UP_TO else None


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def ids_by_key(
    session: Session, table: Table, workspace_id: int, key: str, values: Iterable[str]
) -> dict[str, int]:
    """key value -> id for the rows of one workspace, in driver-level chunks of IN lists.

    Hand-written SQL: SQLAlchemy's expanding IN renders each of thousands of parameters on every call,
    which cost more than the query itself on bulk writes.
    """
    unique = list(dict.fromkeys(values))
    conn = session.connection()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    out: dict[str, int] = {}
    for chunk in chunked(unique, 5000):
        sql = (
            f"SELECT {key}, id FROM {table.name} WHERE workspace_id = {mark} "
            f"AND {key} IN ({', '.join([mark] * len(chunk))})"
        )
        out.update({k: id_ for k, id_ in conn.exec_driver_sql(sql, (workspace_id, *chunk))})
    return out


def upsert_rows(
    session: Session,
    table: Table,
    rows: list[dict[str, Any]],
    conflict_cols: Sequence[str],
    update_cols: Sequence[str],
) -> None:
    """Insert rows; on a key clash update update_cols from the new row. All rows must share one key set."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    ins: Any = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    if update_cols:
        stmt = ins.on_conflict_do_update(
            index_elements=list(conflict_cols), set_={c: ins.excluded[c] for c in update_cols}
        )
    else:
        stmt = ins.on_conflict_do_nothing(index_elements=list(conflict_cols))
    _driver_executemany(session, stmt, table, rows)


def update_rows(session: Session, table: Table, rows: list[dict[str, Any]], key: str = "id") -> None:
    """UPDATE ... WHERE key = :key for each row (executemany); all rows must share one column set."""
    if not rows:
        return
    cols = [c for c in rows[0] if c != key]
    stmt = (
        update(table)
        .where(table.c[key] == bindparam(f"b_{key}"))
        .values({c: bindparam(f"b_{c}") for c in cols})
    )
    _driver_executemany(session, stmt, table, [{f"b_{k}": v for k, v in row.items()} for row in rows])


def _driver_executemany(session: Session, stmt: Any, table: Table, rows: list[dict[str, Any]]) -> None:
    """Compile once, convert values with each column type's own bind processor, hand the driver executemany.

    The same SQL and conversions SQLAlchemy would use, minus its per-row parameter bookkeeping, which costs
    more than the insert itself on large batches (measured: keep the ORM off hot paths).
    """
    conn = session.connection()
    dialect = conn.dialect
    compiled = stmt.compile(dialect=dialect, column_keys=list(rows[0]))
    names = (
        list(compiled.positiontup) if compiled.positional and compiled.positiontup else list(compiled.params)
    )
    columns = [_column_values(table, dialect, name, rows) for name in names]
    params: list[Any] = list(zip(*columns, strict=True))
    if not compiled.positional:
        params = [dict(zip(names, values, strict=True)) for values in params]
    conn.exec_driver_sql(compiled.string, params)


def _column_values(table: Table, dialect: Any, name: str, rows: list[dict[str, Any]]) -> list[Any]:
    """One bind parameter's values for every row, column-wise: most columns need no conversion at all."""
    column = table.c.get(name.removeprefix("b_")) if name not in table.c else table.c[name]
    processor = column.type.dialect_impl(dialect).bind_processor(dialect) if column is not None else None
    if name not in rows[0]:
        # A Python-side column default, which SQLAlchemy would otherwise fill in per row.
        arg = getattr(column.default, "arg", None) if column is not None else None
        value = arg(None) if callable(arg) else arg
        return [processor(value) if processor and value is not None else value] * len(rows)
    values = [row[name] for row in rows]
    if processor is None:
        return values
    convert = _converter(processor)
    return [convert(v) for v in values]


def _converter(processor: Any) -> Any:
    """A bind processor that remembers its last input: batch timestamps repeat on every row."""
    last: list[Any] = [object(), None]

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if value is not last[0]:
            last[0], last[1] = value, processor(value)
        return last[1]

    return convert
