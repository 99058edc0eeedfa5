"""Alembic environment: migrates whatever database Steward's settings (or the caller) point at."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext

from steward.core.db import Base, UTCDateTime, get_engine
from steward.core.migrate import check_references, revisions, sqlite_foreign_keys_off
from steward.domains.registry import include_name  # importing the registry registers every table

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with get_engine().connect() as conn, sqlite_foreign_keys_off(conn):  # as steward db upgrade does
        before = revisions(conn)
        _run(conn)
        if revisions(conn) != before:
            check_references(conn)
        conn.commit()


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    # Migrations must not import application code, so custom column types render as plain SQLAlchemy.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
