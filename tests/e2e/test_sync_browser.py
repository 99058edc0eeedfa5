"""In a real Chromium: the Data sync page from the Admin menu, a source's page, Run now (a CSRF form post
under the strict CSP), and the run's refused rows with their reasons, paged."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from steward.core.db import unit_of_work
from steward.domains.sync import service
from steward.domains.sync.schemas import SourceCreate
from steward.settings import get_settings
from tests.factories import PASSWORD, Tenant

pytestmark = pytest.mark.e2e


def test_sync_page_runs_a_source_and_shows_its_refused_rows(
    chromium: Any, server_url: str, tenant: Tenant, tmp_path: Path
) -> None:
    db = tmp_path / "crm.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (id TEXT, name TEXT)")
    con.executemany("INSERT INTO t VALUES (?, ?)", [("dup", f"Copy {i}") for i in range(55)])
    con.execute("INSERT INTO t VALUES ('a1', 'Acme')")
    con.commit()
    con.close()
    data = SourceCreate(name="crm <i>", kind="sql", url=f"sqlite:///{db}", table="t", target="accounts",
                        mapping={"id": "external_id", "name": "name"})  # fmt: skip
    with unit_of_work() as s:
        service.create_source(session=s, workspace_id=tenant.id, data=data, secret=get_settings().secret_key)

    page = chromium.new_context(viewport={"width": 1400, "height": 900}).new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_default_timeout(10_000)
    page.goto(f"{server_url}/login")
    page.fill("input[name=email]", tenant.user_emails["admin"])
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.click("#nav-admin summary")
    page.click("#nav-admin >> text=Data sync")
    page.wait_for_url(f"{server_url}/sync")
    assert "never run" in page.inner_text("#sync-sources")
    page.click("#sync-sources >> text=crm <i>")
    page.wait_for_selector("#mapping")
    page.click("#run-now button")
    page.wait_for_selector("#refused-rows")
    assert page.inner_text("#run-status") == "succeeded"
    assert "56 rows read: 1 created" in page.inner_text("#run-facts")
    assert page.locator("#refused-rows tbody tr").count() == 50
    assert "appears again in row" in page.inner_text("#refused-rows")
    page.click("#next-page")
    page.wait_for_url(lambda url: "page=2" in url)
    assert page.locator("#refused-rows tbody tr").count() == 5
    assert blocked == []
