"""Engine, declarative Base and the unit of work that entrypoints use to own a transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, DateTime, Engine, Executable, MetaData, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware UTC datetimes; SQLite drops the zone, so it is put back on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Steward stores UTC-aware datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def created_at_column() -> Any:
    return mapped_column(UTCDateTime(), default=utcnow, nullable=False)


def updated_at_column() -> Any:
    return mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    # Reads of large tables through a memory map instead of a read() per page: a 2,000,000-row scan took
    # 4.0 s instead of 7.1 s (bench/RESULTS.md, service desk).
    cur.execute("PRAGMA mmap_size=1073741824")
    cur.close()


def _sqlite_write_before_savepoint(conn: Any, _name: str) -> None:
    """A SAVEPOINT outside a transaction starts SQLite's transaction as a reader, and a reader that then
    writes fails at once ("database is locked") if another writer committed meanwhile. Savepoints guard
    writes, so their transaction starts as a writer instead (BEGIN IMMEDIATE), which waits its turn."""
    _begin_as_writer(conn.connection.dbapi_connection)


def _begin_as_writer(raw: Any) -> None:
    """Start SQLite's transaction with the write lock, unless one is under way (pysqlite begins lazily, at
    the first write, so an open transaction already holds it)."""
    if raw is not None and not raw.in_transaction:
        try:
            raw.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:  # the driver's own error: wrapped as SQLAlchemy's, a busy 503
            raise OperationalError("BEGIN IMMEDIATE", None, exc) from exc


def build_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "savepoint", _sqlite_write_before_savepoint)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


class _State:
    engine: Engine | None = None
    factory: sessionmaker[Session] | None = None


def configure(url: str) -> Engine:
    """Point the process at a database; replaces any engine configured before."""
    if _State.engine is not None:
        _State.engine.dispose()
    _State.engine = build_engine(url)
    _State.factory = sessionmaker(bind=_State.engine, expire_on_commit=False)
    return _State.engine


def get_engine() -> Engine:
    if _State.engine is None:
        from steward.settings import get_settings

        configure(get_settings().resolved_database_url)
    assert _State.engine is not None
    return _State.engine


def new_session() -> Session:
    get_engine()
    assert _State.factory is not None
    return _State.factory()


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One transaction: commit on success, roll back on any exception."""
    session = new_session()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def write_if_free(statement: Executable, *, wait_ms: int = 200) -> bool:
    """Run one small write in its own transaction at once, or skip it (False) when the database stays busy
    for wait_ms: for hints such as a last-use time, which must never fail or stall a page while a long
    writer (a demo fill, an import) holds SQLite's write lock. Outside the caller's transaction, so the hint
    does not hold the lock while the page renders."""
    try:
        with get_engine().connect() as conn:
            sqlite, raw = conn.dialect.name == "sqlite", conn.connection.dbapi_connection
            if sqlite and raw is not None:
                raw.execute(f"PRAGMA busy_timeout={int(wait_ms)}")  # this connection only, restored below
            try:
                if not sqlite:
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(wait_ms)}ms'")
                conn.execute(statement)
                conn.commit()
            finally:
                if sqlite and raw is not None:
                    raw.execute("PRAGMA busy_timeout=10000")
    except OperationalError:  # busy or locked: the hint waits for the next request
        return False
    return True


def is_postgres(session_or_engine: Session | Engine) -> bool:
    bind = session_or_engine.get_bind() if isinstance(session_or_engine, Session) else session_or_engine
    return bind.dialect.name == "postgresql"


def serialize(session: Session, key: str) -> None:
    """Hold a lock named `key` until the transaction ends, so that concurrent check-then-write sequences under
    the same key (a balance checked, then spent) run one after the other. PostgreSQL: a transaction-scoped
    advisory lock. SQLite: the database's write lock, taken now (BEGIN IMMEDIATE) instead of at the first
    write, after the check had already read a stale balance."""
    if is_postgres(session):
        session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})
        return
    _begin_as_writer(session.connection().connection.dbapi_connection)
