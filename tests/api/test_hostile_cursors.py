"""Pagination cursors are opaque: a crafted one (an id beyond any integer, a boolean, a dict or a list where a
value belongs, a value of another type) answers 422 on `cursor`, never a driver error (they were 500s)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from tests.factories import ApiClient


def _cursor(values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


CRAFTED = [
    ["x", 9223372036854775808], ["x", True], ["x", -1], [{"a": 1}, 1], [[1, 2], 1], [True, 1], [None, 1],
    [1e308 * 10, 1], [2**70, 1], ["2026-01-01", 1], [5, 1], ["not a date", 1],
]  # fmt: skip
PATHS = [
    "/accounts", "/accounts?sort=arr", "/accounts?sort=-renewal", "/accounts?sort=updated", "/contacts",
    "/churn/models",
]  # fmt: skip


@pytest.mark.parametrize("path", PATHS)
def test_a_crafted_cursor_is_a_422(api: ApiClient, path: str) -> None:
    account = api.post("/accounts", json={"external_id": "a1", "name": "Acme"}).json()
    paths = [path, f"/timeline?account_id={account['id']}"]
    for where in paths:
        for values in CRAFTED:
            sep = "&" if "?" in where else "?"
            response = api.get(f"{where}{sep}cursor={_cursor(values)}")
            assert response.status_code in (200, 422), (where, values, response.text)
            if response.status_code == 422:
                assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_a_cursor_the_api_issued_still_pages(api: ApiClient) -> None:
    for i in range(3):
        api.post("/accounts", json={"external_id": f"a{i}", "name": f"Acme {i}"})
    first = api.get("/accounts?limit=2&sort=arr").json()
    rest = api.get(f"/accounts?limit=2&sort=arr&cursor={first['next_cursor']}").json()
    assert len(first["items"]) + len(rest["items"]) == 3
