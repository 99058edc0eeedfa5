"""Adding and running a vendor source through the API, shared by the Stripe, HubSpot and Salesforce tests."""

from __future__ import annotations

from typing import Any

from tests.factories import ApiClient


def add_source(api: ApiClient, kind: str, key: str, url: str, obj: str, **extra: Any) -> dict[str, Any]:
    body = {"name": f"{kind}-{obj}", "kind": kind, "object": obj, "api_key": key, "api_base": url, **extra}
    r = api.post("/sync/sources", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def run_source(api: ApiClient, source: dict[str, Any]) -> dict[str, Any]:
    r = api.post(f"/sync/sources/{source['id']}/runs")
    assert r.status_code == 201, r.text
    return dict(r.json())
