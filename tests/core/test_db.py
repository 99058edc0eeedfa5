"""The embedded SQLite store runs in WAL mode with foreign keys on; a failed unit of work leaves no trace."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, text

from steward.core.db import get_engine, unit_of_work
from steward.domains.workspaces import service as workspaces_service
from steward.domains.workspaces.models import Workspace
from steward.domains.workspaces.schemas import WorkspaceCreate


def test_sqlite_pragmas() -> None:
    engine = get_engine()
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite-only pragmas")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_unit_of_work_rolls_back_on_error() -> None:
    with pytest.raises(RuntimeError), unit_of_work() as s:
        workspaces_service.create_workspace(session=s, data=WorkspaceCreate(name="Doomed"))
        raise RuntimeError("boom")
    with unit_of_work() as s:
        assert s.scalar(select(Workspace).where(Workspace.slug == "doomed")) is None


def test_datetimes_come_back_utc_aware() -> None:
    with unit_of_work() as s:
        created = workspaces_service.create_workspace(session=s, data=WorkspaceCreate(name="Clock"))
    with unit_of_work() as s:
        ws = s.get(Workspace, created.id)
        assert (
            ws is not None and isinstance(ws.created_at, datetime) and ws.created_at.utcoffset() is not None
        )
