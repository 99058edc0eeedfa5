"""Unit tests touch no database: they run once, in the SQLite pass of `make test`, not again on PostgreSQL
(the text-model tests among them embed a few thousand sentences)."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("STEWARD_TEST_DB", "sqlite") != "postgresql":
        return
    skip = pytest.mark.skip(reason="no database: runs in the SQLite pass")
    for item in items:
        if "tests/unit/" in str(item.fspath):
            item.add_marker(skip)
