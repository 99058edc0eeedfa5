"""Settings refuse insecure defaults outside dev and resolve the SQLite path under the data directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from steward.settings import DEV_SECRET, Settings


def test_prod_refuses_default_or_short_secret() -> None:
    with pytest.raises(ValidationError, match="STEWARD_SECRET_KEY"):
        Settings(env="prod", secret_key=DEV_SECRET)
    with pytest.raises(ValidationError, match="STEWARD_SECRET_KEY"):
        Settings(env="prod", secret_key="short")
    assert Settings(env="prod", secret_key="x" * 40).secure_cookies


def test_default_database_is_sqlite_in_data_dir(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path, database_url=None)
    assert s.resolved_database_url == f"sqlite:///{tmp_path / 'steward.db'}"
