"""The Alembic migrations produce exactly the schema the models describe (no forgotten migration)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from steward.core.db import Base, get_engine
from steward.domains.registry import include_name  # importing the registry registers every table


def test_models_and_migrations_agree() -> None:
    with get_engine().connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False, "include_name": include_name})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], f"models differ from the migrated schema; write a migration: {diff}"
