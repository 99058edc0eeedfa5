"""The team's real evaluation data sets (../shared/data): tests skip with a reason where they are absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(
    os.environ.get("STEWARD_SHARED_DATA", Path(__file__).resolve().parents[2].parent / "shared" / "data")
)


def shared_file(relative: str) -> Path:
    path = ROOT / relative
    if not path.is_file():
        pytest.skip(f"{path} is absent (third-party evaluation data lives beside the repository, not in it)")
    return path
