"""Cursor encoding round-trips and refuses tampered input."""

from __future__ import annotations

import pytest

from steward.core.errors import Invalid
from steward.core.pagination import decode_cursor, encode_cursor


def test_round_trip() -> None:
    assert decode_cursor(encode_cursor(["Acme", 42]), 2) == ["Acme", 42]


@pytest.mark.parametrize("bad", ["", "!!!", encode_cursor([1, 2, 3]), encode_cursor({"a": 1})])  # type: ignore[list-item]
def test_rejects_foreign_cursors(bad: str) -> None:
    with pytest.raises(Invalid):
        decode_cursor(bad, 2)
