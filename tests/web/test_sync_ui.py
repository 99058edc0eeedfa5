"""The Data sync page: sources listed with their last run and owner, a source's page (mapping, masked
secrets, preview, run now with CSRF), a run's refused rows paged, the empty state's real command, roles
(managers read and run, admins set the owner, others refused and not linked) and escaping."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.factories import PASSWORD, ApiClient, Tenant, make_tenant
from tests.web.test_ui import _csrf, login

NAME = "<script>alert(1)</script>"


@pytest.fixture
def browser(app_client: TestClient) -> TestClient:
    return TestClient(app_client.app)


def _person(tenant: Tenant, role: Role) -> str:
    email = f"{role.value}-sync@example.com"
    with unit_of_work() as s:
        users_service.create_user(
            session=s, workspace_id=tenant.id,
            data=UserCreate(email=email, name=f"{role.value} person", role=role, password=PASSWORD),
        )  # fmt: skip
    return email


def _crm(tmp_path: Path) -> str:
    """60 rows with one external id (every copy refused) and two good rows."""
    db = tmp_path / "crm.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (id TEXT, name TEXT)")
    con.executemany("INSERT INTO t VALUES (?, ?)", [("dup", f"Copy {i}") for i in range(60)])
    con.executemany("INSERT INTO t VALUES (?, ?)", [("a1", "Acme <b>"), ("a2", "Globex")])
    con.commit()
    con.close()
    return f"sqlite:///{db}"


def test_sources_runs_refused_rows_preview_and_owner(
    browser: TestClient, api: ApiClient, tenant: Tenant, tmp_path: Path
) -> None:
    src = api.post("/sync/sources", json={
        "name": NAME, "kind": "sql", "url": _crm(tmp_path), "table": "t", "target": "accounts",
        "mapping": {"id": "external_id", "name": "name"}, "every_minutes": 60,
    }).json()  # fmt: skip
    api.post("/sync/sources", json={
        "name": "warehouse", "kind": "sql", "url": "postgresql://reader:s3cretpw@127.0.0.1:1/dw",
        "table": "accounts", "target": "accounts", "mapping": {"id": "external_id", "name": "name"},
    })  # fmt: skip
    api.post("/sync/sources", json={
        "name": "billing", "kind": "stripe", "object": "customers", "api_key": "sk_test_51Hsecretkey9876",
    })  # fmt: skip
    login(browser, tenant.user_emails["admin"])
    assert 'href="/sync"' in browser.get("/accounts").text
    board = browser.get("/sync")
    assert board.status_code == 200
    assert NAME not in board.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in board.text
    assert "never run" in board.text and "every 60 min" in board.text
    assert "s3cretpw" not in board.text and "sk_test_51Hsecretkey9876" not in board.text

    page = browser.get(f"/sync/{src['id']}")
    assert page.status_code == 200 and NAME not in page.text and "Never run" in page.text
    assert "<code>external_id</code>" in page.text
    for other in api.get("/sync/sources").json():
        shown = browser.get(f"/sync/{other['id']}").text
        assert "s3cretpw" not in shown and "sk_test_51Hsecretkey9876" not in shown
    csrf = _csrf(page.text)

    assert browser.post(f"/sync/{src['id']}/run").status_code == 403  # no CSRF token
    assert browser.post(f"/sync/{src['id']}/run", data={"csrf_token": "forged"}).status_code == 403
    assert api.get(f"/sync/sources/{src['id']}/runs").json() == []

    preview = browser.post(f"/sync/{src['id']}/preview", data={"csrf_token": csrf})
    assert preview.status_code == 200 and 'id="preview"' in preview.text and "Copy 0" in preview.text
    assert api.get("/accounts").json()["items"] == []  # nothing written

    ran = browser.post(f"/sync/{src['id']}/run", data={"csrf_token": csrf}, follow_redirects=False)
    assert ran.status_code == 303 and re.fullmatch(rf"/sync/{src['id']}/runs/\d+", ran.headers["location"])
    run = browser.get(ran.headers["location"])
    assert run.status_code == 200 and "62 rows read: 2 created" in run.text and "60 refused" in run.text
    assert "appears again in row" in run.text and "Page 1 of 2" in run.text
    assert run.text.count("<tr>") == 51  # header + 50 refused rows
    second = browser.get(ran.headers["location"], params={"page": 2})
    assert second.text.count("<tr>") == 11 and 'id="next-page"' not in second.text
    assert browser.get(ran.headers["location"], params={"page": 0}).status_code == 422
    assert browser.get(f"/sync/{src['id']}/runs/999999").status_code == 404

    board = browser.get("/sync").text
    assert "succeeded" in board and "2 created" in board
    page = browser.get(f"/sync/{src['id']}")
    assert "<td>ui</td>" in page.text

    admin_id = next(u["id"] for u in api.get("/users").json() if u["email"] == tenant.user_emails["admin"])
    assert "the workspace's admins" in page.text  # a translated string is markup: the quote stays as typed
    assert browser.post(f"/sync/{src['id']}/owner", data={"owner_id": str(admin_id)}).status_code == 403
    done = browser.post(f"/sync/{src['id']}/owner", data={"owner_id": str(admin_id), "csrf_token": csrf})
    assert done.status_code == 200 and "Admin User" in browser.get("/sync").text
    bad = browser.post(f"/sync/{src['id']}/owner", data={"owner_id": "99999999999", "csrf_token": csrf})
    assert bad.status_code in (400, 422)


def test_roles_and_the_empty_state(
    browser: TestClient, api: ApiClient, tenant: Tenant, tmp_path: Path
) -> None:
    login(browser, tenant.user_emails["admin"])
    empty = browser.get("/sync")
    assert 'id="sync-empty"' in empty.text and f"steward sync add crm --workspace {tenant.slug}" in empty.text

    src = api.post("/sync/sources", json={
        "name": "crm", "kind": "sql", "url": _crm(tmp_path), "table": "t", "target": "accounts",
        "mapping": {"id": "external_id", "name": "name"},
    }).json()  # fmt: skip
    csm = TestClient(browser.app)
    login(csm, _person(tenant, Role.csm))
    assert 'href="/sync"' not in csm.get("/accounts").text
    assert csm.get("/sync").status_code == 403 and csm.get(f"/sync/{src['id']}").status_code == 403
    token = _csrf(csm.get("/accounts").text)
    assert csm.post(f"/sync/{src['id']}/run", data={"csrf_token": token}).status_code == 403

    manager = TestClient(browser.app)
    login(manager, _person(tenant, Role.manager))
    page = manager.get(f"/sync/{src['id']}")
    assert page.status_code == 200 and 'id="run-now"' in page.text and 'id="owner-form"' not in page.text
    token = _csrf(page.text)
    assert manager.post(f"/sync/{src['id']}/owner", data={"csrf_token": token}).status_code == 403
    ran = manager.post(f"/sync/{src['id']}/run", data={"csrf_token": token})
    assert ran.status_code == 200 and "succeeded" in ran.text

    stranger = make_tenant("Elsewhere")
    outsider = TestClient(browser.app)
    with unit_of_work() as s:
        users_service.create_user(
            session=s, workspace_id=stranger.id,
            data=UserCreate(email="out-sync@example.com", name="Out", role=Role.admin, password=PASSWORD),
        )  # fmt: skip
    login(outsider, "out-sync@example.com")  # another workspace's source is not found
    assert outsider.get(f"/sync/{src['id']}").status_code == 404
