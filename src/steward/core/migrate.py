"""Run Alembic migrations from code (CLI, demo, tests) against the configured engine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Connection, Engine

from steward.core.db import get_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def upgrade_to_head() -> None:
    upgrade(get_engine(), "head")


def upgrade(engine: Engine, revision: str) -> None:
    """Bring the database to `revision` in one transaction."""
    cfg = alembic_config()
    with engine.connect() as conn, sqlite_foreign_keys_off(conn), conn.begin():
        before = revisions(conn)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        if revisions(conn) != before:
            check_references(conn)


def revisions(conn: Connection) -> tuple[str, ...]:
    return MigrationContext.configure(conn).get_current_heads()


@contextmanager
def sqlite_foreign_keys_off(conn: Connection) -> Iterator[None]:
    """Batch mode changes a SQLite table by copying it, dropping the old one and renaming the copy; with
    foreign keys on, that DROP deletes (or nulls) every row referring to the table. SQLite ignores the
    pragma inside a transaction, so it is set before one begins and set back after."""
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
    conn.commit()
    try:
        yield
    finally:
        conn.rollback()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


def check_references(conn: Connection) -> None:
    """Refuse to commit a SQLite migration that left rows referring to missing rows (the pragma was off)."""
    if conn.dialect.name != "sqlite":
        return
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"the migration left rows that refer to missing rows: {broken[:5]}")
