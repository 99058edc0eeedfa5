"""The once-a-minute last-use time of a browser session or an API key is a hint: while another transaction
holds the database's write lock (SQLite) or the row (PostgreSQL), e.g. the demo's background fill, a page
is served at once without it, never "busy, try again"; the next request after the lock is gone records it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Connection, select, update

from steward.core.db import get_engine, unit_of_work, utcnow
from steward.domains.users.models import ApiKey, WebSession
from tests.factories import ApiClient, Tenant
from tests.web.test_ui import login


@contextmanager
def _held(table: type[WebSession] | type[ApiKey]) -> Iterator[Connection]:
    """Another open transaction that a write to `table` must wait for."""
    with get_engine().connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # the database's one write lock
        else:
            conn.begin()
            conn.execute(select(table.id).with_for_update())  # every row of it
        try:
            yield conn
        finally:
            conn.rollback()


def _last_used(table: type[WebSession] | type[ApiKey]) -> list[object]:
    with unit_of_work() as s:
        return list(s.scalars(select(table.last_used_at).order_by(table.id)))


def _age(table: type[WebSession] | type[ApiKey]) -> None:
    with unit_of_work() as s:
        s.execute(update(table).values(last_used_at=utcnow() - timedelta(minutes=5)))


def test_a_page_is_served_while_the_database_is_busy_and_the_last_use_waits(
    app_client: TestClient, tenant: Tenant
) -> None:
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    _age(WebSession)
    before = _last_used(WebSession)
    with _held(WebSession):
        started = time.monotonic()
        r = browser.get("/accounts", follow_redirects=False)
        took = time.monotonic() - started
    assert r.status_code == 200, r.text[:300]
    assert took < 5, took  # not the 10 s busy wait
    assert _last_used(WebSession) == before  # skipped, not an error
    assert browser.get("/accounts", follow_redirects=False).status_code == 200
    assert _last_used(WebSession) > before


def test_an_api_key_works_while_the_database_is_busy(api: ApiClient) -> None:
    assert api.get("/accounts").status_code == 200
    _age(ApiKey)
    before = _last_used(ApiKey)
    with _held(ApiKey):
        r = api.get("/accounts")
    assert r.status_code == 200, r.text[:300]
    assert _last_used(ApiKey) == before
    assert api.get("/accounts").status_code == 200
    assert _last_used(ApiKey) != before
