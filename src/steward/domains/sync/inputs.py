"""Reading a source's rows in cursor order: SQL through SQLAlchemy (any installed dialect), CSV and Parquet
files or folders through DuckDB. Batches never split the rows of one cursor value, so "after the last
committed value" resumes without skipping or repeating a row."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

FETCH = 2000
CONNECT_TIMEOUT_S = 10
QUERY_TIMEOUT_S = 300  # a query (or one fetch on MySQL) that takes longer fails the run
# Drivers that ship with Steward, used when a URL names only the database ("mysql://", "postgresql://").
DEFAULT_DRIVERS = {"mysql": "mysql+pymysql", "mariadb": "mariadb+pymysql", "postgresql": "postgresql+psycopg"}


class SourceError(Exception):
    """The source cannot be reached or read (bad URL, refused connection, failing query, missing file)."""


@dataclass(frozen=True)
class ReadSpec:
    kind: str
    url: str | None = None
    table: str | None = None
    query: str | None = None
    path: str | None = None
    file_format: str | None = None
    cursor_column: str | None = None
    api_object: str | None = None  # stripe/hubspot
    api_base: str | None = None
    token: str | None = None
    columns: tuple[str, ...] = ()  # the mapped columns (which metadata keys or properties to read)
    known_emails: frozenset[str] = frozenset()  # this workspace's users, for owner matching


def normalize_url(url: str) -> str:
    """The URL with a driver Steward ships; raises SourceError when no installed driver can open it."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise SourceError(f"not a database URL: {exc}") from None
    if parsed.drivername in DEFAULT_DRIVERS:
        parsed = parsed.set(drivername=DEFAULT_DRIVERS[parsed.drivername])
    try:
        parsed.get_dialect().import_dbapi()
    except (SQLAlchemyError, ImportError) as exc:
        raise SourceError(f"no installed driver opens {parsed.drivername!r} URLs ({exc})") from None
    return parsed.render_as_string(hide_password=False)


def masked(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


SOURCE_ERRORS = (SQLAlchemyError, duckdb.Error, OSError)


@contextmanager
def read(spec: ReadSpec, *, after: Any = None, limit: int | None = None) -> Iterator[ReadResult]:
    """The rows after the cursor value, ordered by the cursor column (rows with a null cursor are left out).

    Only the source's own failures become SourceError: an error raised by the caller's body (a write to
    Steward's database) passes through as it is."""
    stack = ExitStack()
    try:
        opener = _read_sql if spec.kind == "sql" else _read_file
        result = stack.enter_context(opener(spec, after, limit))
    except SOURCE_ERRORS as exc:
        stack.close()
        raise SourceError(_describe(exc, spec)) from None
    with stack:
        yield ReadResult(result.columns, _guarded(result.rows, spec), result.count, result.null_cursor_rows)


def _guarded(rows: Iterator[tuple[Any, ...]], spec: ReadSpec) -> Iterator[tuple[Any, ...]]:
    try:
        yield from rows
    except SOURCE_ERRORS as exc:
        raise SourceError(_describe(exc, spec)) from None


@dataclass
class ReadResult:
    columns: list[str]
    rows: Iterator[tuple[Any, ...]]
    count: int  # rows to read, for progress
    null_cursor_rows: int  # rows left out because their cursor column is null


def batches(
    rows: Iterator[tuple[Any, ...]], cursor_index: int | None, size: int
) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        full = len(batch) >= size
        if full and (cursor_index is None or row[cursor_index] != batch[-1][cursor_index]):
            yield batch
            batch = []
        batch.append(row)
    if batch:
        yield batch


def encode_cursor(value: Any) -> dict[str, Any]:
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return {"type": "datetime", "value": value.isoformat()}
    if isinstance(value, date):
        return {"type": "date", "value": value.isoformat()}
    if isinstance(value, Decimal):
        return {"type": "decimal", "value": str(value)}
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise SourceError(
            f"a cursor column must hold numbers, text, dates or times, not {type(value).__name__}"
        )
    return {"type": type(value).__name__, "value": value}


def decode_cursor(stored: dict[str, Any] | None) -> Any:
    if stored is None:
        return None
    value, kind = stored["value"], stored["type"]
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "decimal":
        return Decimal(value)
    return value


def _where(cursor: str | None, quote: Any, after: Any, mark: str) -> tuple[str, list[Any]]:
    if cursor is None:
        return "", []
    col = quote(cursor)
    if after is None:
        return f" WHERE {col} IS NOT NULL", []
    return f" WHERE {col} > {mark}", [after]


@contextmanager
def _read_sql(spec: ReadSpec, after: Any, limit: int | None) -> Iterator[ReadResult]:
    engine = _engine(spec.url or "")
    try:
        prep = engine.dialect.identifier_preparer
        quote = prep.quote
        if spec.table:
            src = ".".join(quote(part) for part in spec.table.split("."))
        else:
            src = f"({(spec.query or '').strip().rstrip(';')}) steward_src"
        where, params = _where(spec.cursor_column, quote, after, ":after")
        bind = {"after": params[0]} if params else {}
        order = f" ORDER BY {quote(spec.cursor_column)}" if spec.cursor_column else ""
        with engine.connect() as conn:
            count = conn.execute(text(f"SELECT COUNT(*) FROM {src}{where}"), bind).scalar_one()
            nulls = 0
            if spec.cursor_column and after is None:
                null_sql = f"SELECT COUNT(*) FROM {src} WHERE {quote(spec.cursor_column)} IS NULL"
                nulls = conn.execute(text(null_sql)).scalar_one()
            sql = f"SELECT * FROM {src}{where}{order}" + (f" LIMIT {int(limit)}" if limit else "")
            result = conn.execution_options(stream_results=True, yield_per=FETCH).execute(text(sql), bind)
            rows = (tuple(row) for row in result)
            yield ReadResult(list(result.keys()), rows, min(count, limit or count), nulls)
    finally:
        engine.dispose()


def _engine(url: str) -> Engine:
    name = make_url(url).get_backend_name()
    connect_args: dict[str, Any] = {}
    if name in ("mysql", "mariadb", "postgresql"):
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    if name == "postgresql":
        connect_args["options"] = f"-c statement_timeout={QUERY_TIMEOUT_S * 1000}"
    elif name in ("mysql", "mariadb"):
        connect_args["read_timeout"] = QUERY_TIMEOUT_S
    return create_engine(url, poolclass=NullPool, connect_args=connect_args)


@contextmanager
def _read_file(spec: ReadSpec, after: Any, limit: int | None) -> Iterator[ReadResult]:
    path = Path(spec.path or "")
    if not path.exists():
        raise OSError(f"{path}: no such file or folder")
    fmt = spec.file_format or _format_of(path)
    pattern = str(path / f"*.{fmt}") if path.is_dir() else str(path)
    literal = "'" + pattern.replace("'", "''") + "'"
    reader = f"read_parquet({literal})" if fmt == "parquet" else f"read_csv({literal}, header = true)"

    def quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    where, params = _where(spec.cursor_column, quote, after, "?")
    order = f" ORDER BY {quote(spec.cursor_column)}" if spec.cursor_column else ""
    con = duckdb.connect()
    try:
        count = _scalar(con, f"SELECT COUNT(*) FROM {reader}{where}", params)
        nulls = 0
        if spec.cursor_column and after is None:
            nulls = _scalar(
                con, f"SELECT COUNT(*) FROM {reader} WHERE {quote(spec.cursor_column)} IS NULL", []
            )
        sql = f"SELECT * FROM {reader}{where}{order}" + (f" LIMIT {int(limit)}" if limit else "")
        cur = con.execute(sql, params)
        columns = [d[0] for d in cur.description or []]
        yield ReadResult(columns, _fetch(cur), min(count, limit or count), nulls)
    finally:
        con.close()


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any]) -> int:
    row = con.execute(sql, list(params)).fetchone()
    return int(row[0]) if row else 0


def _fetch(cur: duckdb.DuckDBPyConnection) -> Iterator[tuple[Any, ...]]:
    while chunk := cur.fetchmany(FETCH):
        yield from chunk


def _format_of(path: Path) -> str:
    if path.is_dir():
        for fmt in ("parquet", "csv"):
            if any(path.glob(f"*.{fmt}")):
                return fmt
        raise OSError(f"{path}: no .csv or .parquet files in this folder")
    if path.suffix.lower() in (".parquet", ".csv"):
        return path.suffix.lower().lstrip(".")
    raise OSError(f"{path}: give format (csv or parquet); the extension does not say")


def _describe(exc: Exception, spec: ReadSpec) -> str:
    """The driver's own message (its first lines), never the password."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    message = " ".join(str(cause).strip().splitlines()[:3]) or type(cause).__name__
    if spec.url:
        password = make_url(spec.url).password
        if password:
            message = message.replace(str(password), "***")
    return message[:1000]


def check_path(path: str, file_format: str | None) -> None:
    """At configuration: the file or folder exists and its format is known."""
    where = Path(path)
    if not where.exists():
        raise SourceError(f"{path}: no such file or folder on the Steward server")
    try:
        fmt = file_format or _format_of(where)
    except OSError as exc:
        raise SourceError(str(exc)) from None
    if where.is_dir() and not any(where.glob(f"*.{fmt}")):
        raise SourceError(f"{path}: no .{fmt} files in this folder")
