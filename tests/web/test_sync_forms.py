"""Configuring a data sync source in the browser: the new-source form against a real SQLite file, its
preview (rows mapped, nothing saved or written), save, edit (a blank secret keeps the stored one, the cursor
kept when the table is), errors named next to the form (never a 500), delete with confirmation, roles,
CSRF and escaping."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from steward.core.roles import Role
from tests.factories import ApiClient, Tenant
from tests.web.test_sync_ui import _person
from tests.web.test_ui import _csrf, login

NAME = "crm <b>x</b>"


@pytest.fixture
def browser(app_client: TestClient, tenant: Tenant) -> TestClient:
    client = TestClient(app_client.app)
    login(client, tenant.user_emails["admin"])
    return client


def _crm(tmp_path: Path) -> str:
    db = tmp_path / "crm.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (id TEXT, name TEXT, tier TEXT, updated INTEGER)")
    con.executemany(
        "INSERT INTO t VALUES (?, ?, ?, ?)", [("a1", "Acme <i>", "gold", 1), ("a2", "Globex", "silver", 2)]
    )
    con.commit()
    con.close()
    return f"sqlite:///{db}"


def _form(url: str, csrf: str, action: str, **extra: Any) -> dict[str, Any]:
    return {
        "csrf_token": csrf, "action": action, "kind": "sql", "name": NAME, "target": "accounts",
        "url": url, "table": "t", "query": "", "cursor_column": "updated", "every_minutes": "60",
        "column": ["id", "name", "", ""], "target_field": ["external_id", "name", "", ""],
        "owner": ["source", "steward", "source", "source"], **extra,
    }  # fmt: skip


def test_create_preview_save_edit_and_delete(
    browser: TestClient, api: ApiClient, tenant: Tenant, tmp_path: Path
) -> None:
    url = _crm(tmp_path)
    board = browser.get("/sync")
    assert 'id="new-source"' in board.text
    page = browser.get("/sync/new", params={"kind": "sql"})
    assert page.status_code == 200 and 'type="password" name="url"' in page.text
    assert page.text.count('name="column"') == 8 and "<script" not in page.text.split("</header>")[-1]
    csrf = _csrf(page.text)

    shown = browser.post("/sync/new", data=_form(url, csrf, "preview"))
    assert shown.status_code == 200, shown.text
    assert 'id="preview"' in shown.text and "Acme &lt;i&gt;" in shown.text and "Globex" in shown.text
    assert "Not mapped (ignored): tier" in shown.text
    assert url not in shown.text and 'name="url_sealed"' in shown.text  # the secret travels sealed
    assert api.get("/sync/sources").json() == [] and api.get("/accounts").json()["items"] == []

    # Save from the previewed form: the URL field is blank, its sealed copy is used.
    sealed = shown.text.split('name="url_sealed" value="')[1].split('"')[0]
    saved = browser.post("/sync/new", data=_form("", csrf, "save", url_sealed=sealed), follow_redirects=False)
    assert saved.status_code == 303, saved.text
    (src,) = api.get("/sync/sources").json()
    assert saved.headers["location"] == f"/sync/{src['id']}"
    assert src["name"] == NAME and src["mapping"] == {"id": "external_id", "name": "name"}
    assert src["owners"] == {"name": "steward"} and src["every_minutes"] == 60
    assert src["cursor_column"] == "updated" and src["url"] == url
    assert api.get("/accounts").json()["items"] == []
    assert NAME not in browser.get("/sync").text and "crm &lt;b&gt;x&lt;/b&gt;" in browser.get("/sync").text

    api.post(f"/sync/sources/{src['id']}/runs")
    assert api.get(f"/sync/sources/{src['id']}").json()["cursor"] == 2
    edit = browser.get(f"/sync/{src['id']}/edit")
    assert edit.status_code == 200 and NAME not in edit.text and 'value="gold"' not in edit.text
    assert 'name="url" value=""' in edit.text and "leave blank to keep it" in edit.text
    assert 'href="/sync/{}/edit"'.format(src["id"]) in browser.get(f"/sync/{src['id']}").text
    rows = {"column": ["id", "name", "tier"], "target_field": ["external_id", "name", "industry"]}
    form = _form("", csrf, "save", owner=["source", "source", "source"], **rows)
    done = browser.post(f"/sync/{src['id']}/edit", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    after = api.get(f"/sync/sources/{src['id']}").json()
    assert after["url"] == url and after["owners"] == {} and after["mapping"]["tier"] == "industry"
    assert after["cursor"] == 2  # same table and cursor column: the cursor is kept

    # Preview of an edit shows the new mapping and saves nothing.
    form["target_field"] = ["external_id", "name", "plan_tier_nope"]
    bad = browser.post(f"/sync/{src['id']}/edit", data=form)
    assert bad.status_code == 422 and 'id="form-errors"' in bad.text
    assert "Mapping (tier)" in bad.text and "plan_tier_nope" in bad.text
    assert api.get(f"/sync/sources/{src['id']}").json()["mapping"]["tier"] == "industry"

    nope = browser.post(f"/sync/{src['id']}/delete", data={"csrf_token": csrf})
    assert nope.status_code in (400, 422) and api.get(f"/sync/sources/{src['id']}").status_code == 200
    assert browser.post(f"/sync/{src['id']}/delete", data={"confirm": "yes"}).status_code == 403
    gone = browser.post(
        f"/sync/{src['id']}/delete", data={"confirm": "yes", "csrf_token": csrf}, follow_redirects=False
    )
    assert gone.status_code == 303 and api.get(f"/sync/sources/{src['id']}").status_code == 404


def test_errors_are_named_and_never_500(browser: TestClient, api: ApiClient, tmp_path: Path) -> None:
    url = _crm(tmp_path)
    csrf = _csrf(browser.get("/sync/new").text)
    cases = [
        ({"target_field": ["external_id", "no_such_field", "", ""]}, "no_such_field"),
        ({"name": ""}, "Name"),
        ({"every_minutes": "2"}, "Schedule"),
        ({"every_minutes": "x" * 6}, "Schedule"),
        ({"table": "", "query": ""}, "table"),
        ({"column": ["id", "", "", ""]}, "row 2"),
        ({"name": "a\x00b"}, "NUL"),
    ]
    for extra, expected in cases:
        for action in ("preview", "save"):
            r = browser.post("/sync/new", data=_form(url, csrf, action, **extra))
            assert r.status_code == 422, (extra, action, r.text[:300])
            assert expected in r.text and 'id="form-errors"' in r.text and url not in r.text
    bad_url = browser.post("/sync/new", data=_form("not a url", csrf, "save"))
    assert bad_url.status_code == 422 and "Database URL" in bad_url.text and "not a url" not in bad_url.text
    # a table the source lacks is found when reading: the preview says so (saving does not read)
    missing = browser.post("/sync/new", data=_form(url, csrf, "preview", table="missing_table"))
    assert missing.status_code == 422 and "Source" in missing.text and "missing_table" in missing.text
    assert api.get("/sync/sources").json() == []
    more = browser.post("/sync/new", data=_form(url, csrf, "more"))
    assert more.status_code == 200 and more.text.count('name="column"') == 2 + 8 + 5
    other = browser.post("/sync/new", data=_form(url, csrf, "refresh", target="contacts"))
    assert other.status_code == 200 and '<option value="email"' in other.text
    assert browser.get("/sync/new", params={"kind": "nope"}).status_code == 422
    stripe = browser.get("/sync/new", params={"kind": "stripe", "object": "subscriptions"})
    assert (
        stripe.status_code == 200
        and 'name="api_key"' in stripe.text
        and 'value="amount_minor"' in stripe.text
    )


def test_roles_and_csrf(browser: TestClient, app_client: TestClient, tenant: Tenant, tmp_path: Path) -> None:
    url = _crm(tmp_path)
    csrf = _csrf(browser.get("/sync/new").text)
    assert browser.post("/sync/new", data=_form(url, "", "save")).status_code == 403
    assert browser.post("/sync/new", data=_form(url, "forged", "preview")).status_code == 403
    for role in (Role.csm, Role.manager):
        other = TestClient(app_client.app)
        login(other, _person(tenant, role))
        token = _csrf(other.get("/accounts").text)
        assert other.get("/sync/new").status_code == 403
        assert other.post("/sync/new", data=_form(url, token, "preview")).status_code == 403
        assert other.post("/sync/new", data=_form(url, token, "save")).status_code == 403
        if role is Role.manager:
            assert 'id="new-source"' not in other.get("/sync").text
    assert browser.post("/sync/new", data=_form(url, csrf, "save"), follow_redirects=False).status_code == 303


def test_vendor_sources_edit_keeps_the_key(browser: TestClient, api: ApiClient) -> None:
    src = api.post("/sync/sources", json={
        "name": "billing", "kind": "stripe", "object": "customers", "api_key": "sk_test_51Hsecretkey9876",
    }).json()  # fmt: skip
    push = api.post("/sync/sources", json={
        "name": "push", "kind": "hubspot", "object": "health", "api_key": "pat-na1-secret-0000",
    }).json()  # fmt: skip
    page = browser.get(f"/sync/{src['id']}/edit")
    assert page.status_code == 200 and "sk_test_51Hsecretkey9876" not in page.text and "***9876" in page.text
    assert "pat-na1-secret" not in browser.get(f"/sync/{push['id']}/edit").text
    rows = {"column": list(src["mapping"]), "target_field": list(src["mapping"].values())}
    form = {"csrf_token": _csrf(page.text), "action": "save", "api_key": "", "every_minutes": "30", **rows}
    done = browser.post(f"/sync/{src['id']}/edit", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    after = api.get(f"/sync/sources/{src['id']}").json()
    assert after["api_key"] == "***9876" and after["every_minutes"] == 30
    assert after["mapping"] == src["mapping"]
    form |= {"cursor_column": "nope"}
    bad = browser.post(f"/sync/{src['id']}/edit", data=form)
    assert bad.status_code == 422 and "Cursor column" in bad.text


def test_stripe_invoices_form_offers_its_fields(browser: TestClient) -> None:
    page = browser.get("/sync/new", params={"kind": "stripe", "object": "invoices"})
    assert page.status_code == 200 and '<option value="invoices" selected>' in page.text
    assert 'value="open_invoices_past_due"' in page.text
