"""Test data for the help center, made through the API as staff would."""

from __future__ import annotations

from typing import Any

from tests.factories import ApiClient


def shelf(api: ApiClient) -> int:
    """A category with one section; the section's id."""
    category = api.post("/help/categories", json={"name": "Billing", "names": {"zh-Hans": "账单"}}).json()
    section = api.post("/help/sections", json={"category_id": category["id"], "name": "Invoices"})
    assert section.status_code == 201, section.text
    return int(section.json()["id"])


def published(api: ApiClient, section_id: int, title: str, body: str, language: str = "en") -> dict[str, Any]:
    made = api.post(
        "/help/articles", json={"section_id": section_id, "title": title, "body": body, "language": language}
    )
    assert made.status_code == 201, made.text
    done = api.post(f"/help/articles/{made.json()['id']}/publish")
    assert done.status_code == 200, done.text
    return dict(done.json())
