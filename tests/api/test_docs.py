"""OpenAPI spec and the interactive docs are served, and the docs load nothing from outside the server."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_openapi_and_offline_docs(app_client: TestClient) -> None:
    spec = app_client.get("/openapi.json").json()
    assert "/api/v1/accounts" in spec["paths"] and "/api/v1/accounts/bulk" in spec["paths"]
    page = app_client.get("/docs")
    assert page.status_code == 200
    external = [u for u in re.findall(r'(?:src|href)="([^"]+)"', page.text) if not u.startswith("/")]
    assert external == [], external
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
        assert app_client.get(asset).status_code == 200, asset
