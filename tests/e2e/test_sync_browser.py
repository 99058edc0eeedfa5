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


def test_a_source_configured_through_the_form_and_previewed(
    chromium: Any, server_url: str, tenant: Tenant, tmp_path: Path
) -> None:
    """No script needed: kind chosen on /sync, the form filled, Preview shows the rows mapped (nothing
    saved), Save makes the source; under the strict CSP nothing is refused."""
    db = tmp_path / "form.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (id TEXT, name TEXT)")
    con.executemany("INSERT INTO t VALUES (?, ?)", [("f1", "Formed <b>"), ("f2", "Second")])
    con.commit()
    con.close()
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_default_timeout(10_000)
    page.goto(f"{server_url}/login")
    page.fill("input[name=email]", tenant.user_emails["admin"])
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{server_url}/sync")
    page.select_option("#new-source select[name=kind]", "sql")
    page.click("#new-source button")
    page.wait_for_selector("#source-form")
    page.fill("input[name=name]", "formed")
    page.fill("input[name=url]", f"sqlite:///{db}")
    page.fill("input[name=table]", "t")
    page.fill("[aria-label='Source column 1']", "id")
    page.select_option("[aria-label='Steward field 1']", "external_id")
    page.fill("[aria-label='Source column 2']", "name")
    page.select_option("[aria-label='Steward field 2']", "name")
    page.click("#preview-button")
    page.wait_for_selector("#preview")
    assert "Formed <b>" in page.inner_text("#preview") and "Second" in page.inner_text("#preview")
    assert page.input_value("input[name=url]") == ""  # the URL is never sent back as text
    page.click("#save-button")
    page.wait_for_selector("#mapping")
    assert page.inner_text("h1") == "formed" and "external_id" in page.inner_text("#mapping")
    assert blocked == []
