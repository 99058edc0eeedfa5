"""SQLite has one writer: a request that waits out the busy timeout behind a long background write answers
503 with Retry-After and says nothing was changed (it was a 500 "internal error"), as a page for the UI and
in the error shape for the API; the same request succeeds once the writer is done."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from steward.web.errors import BUSY_RETRY_SECONDS
from tests.conftest import BACKEND
from tests.factories import PASSWORD, ApiClient, Tenant
from tests.web.test_ui import _csrf

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's single-writer lock")


@contextmanager
def _writer_holding_the_lock(database_url: str) -> Iterator[None]:
    holder = sqlite3.connect(make_url(database_url).database or "", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # what a long background job's write transaction does
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_write_behind_a_long_background_write_is_a_503_not_a_500(
    app_client: TestClient, api: ApiClient, tenant: Tenant, database_url: str
) -> None:
    browser = TestClient(app_client.app)
    form = browser.get("/login")
    with _writer_holding_the_lock(database_url):
        page = browser.post(
            "/login",
            data={"email": tenant.user_emails["admin"], "password": PASSWORD,
                  "csrf_token": _csrf(form.text)},
            follow_redirects=False,
        )  # fmt: skip
        answer = api.post("/accounts", json={"external_id": "busy-1", "name": "Busy Co"})
    assert page.status_code == 503 and page.headers["Retry-After"] == str(BUSY_RETRY_SECONDS)
    assert "Try again in a few seconds" in page.text and "nothing was changed" in page.text
    assert answer.status_code == 503 and answer.json()["detail"][0]["type"] == "database_busy"
    assert (
        api.post("/accounts", json={"external_id": "busy-1", "name": "Busy Co"}).status_code == 201
    )  # once the writer is done
    assert [a["name"] for a in api.get("/accounts").json()["items"]].count("Busy Co") == 1
