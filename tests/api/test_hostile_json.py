"""Large JSON costs little: the framework parses and validates JSON on the event loop before it knows the
caller, so JSON bodies have a lower limit than uploads (413 naming it), and a bulk list is counted before
its items are validated (a million empty objects took a second and 700 MB of the server, then a 422)."""

from __future__ import annotations

import json

from steward.settings import get_settings
from tests.factories import ApiClient, assert_error


def test_a_json_body_over_the_json_limit_is_413(api: ApiClient) -> None:
    limit = get_settings().max_json_bytes
    numbers = b"[" + b",".join([b"1"] * (limit // 2 + 1)) + b"]"
    for kind in ("application/json", "application/merge-patch+json; charset=utf-8"):
        response = api.post("/accounts", content=numbers, headers={"Content-Type": kind})
        body = assert_error(response, 413, "body")
        assert f"limit of {limit} bytes" in body["detail"][0]["msg"]


def test_uploads_keep_the_larger_limit(api: ApiClient) -> None:
    big_csv = "external_id,name\n" + "A1," + "x" * (get_settings().max_json_bytes + 1000) + "\n"
    r = api.post("/imports/accounts", content=big_csv, headers={"Content-Type": "text/csv"})
    assert r.status_code == 422, r.text[:300]  # read and checked (the name is too long), not refused unread
    assert "line 2" in json.dumps(r.json())


def test_a_bulk_list_is_counted_before_its_items_are_checked(api: ApiClient) -> None:
    million = b'{"items": [' + b",".join([b"{}"] * 1_000_000) + b"]}"
    r = api.post("/accounts/bulk", content=million, headers={"Content-Type": "application/json"})
    body = assert_error(r, 422, "items")
    assert len(r.content) < 2000  # the refused list is not echoed back
    assert "at most 5000 items, not 1000000" in body["detail"][0]["msg"]
    assert api.get("/accounts").json()["total"] == 0
