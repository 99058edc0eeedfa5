"""A failing source tells its owner once per failing streak: a source pointing at a database that does not
exist (SQLite: a file in a missing folder; PostgreSQL: a database the server does not have) fails; its owner
gets one e-mail through the mail outbox however often it is retried (by hand or by the schedule's back-off),
a `sync_failed` chat channel gets one Slack message; a successful run ends the streak, and the next failure
tells again (the admins, once the source has no owner)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from steward.core.db import unit_of_work, utcnow
from steward.domains.sync import jobs, overview, runner
from steward.settings import get_settings
from tests.domains.alerts.test_alerts import Chat, _channel, _deliveries, _send
from tests.factories import ApiClient, Tenant


@pytest.fixture
def chat() -> Iterator[Chat]:
    c = Chat()
    yield c
    c.server.shutdown()


def _missing_database(tmp_path: Path) -> str:
    if os.environ.get("STEWARD_TEST_DB", "sqlite") == "postgresql":
        return "postgresql+psycopg://postgres@127.0.0.1:5432/steward_no_such_database"
    return f"sqlite:///{tmp_path / 'no such folder' / 'crm.db'}"


def _emails(api: ApiClient) -> list[dict[str, Any]]:
    items = api.get("/emails", params={"limit": 100}).json()["items"]
    return [i for i in items if i["subject"].startswith("Data sync failing")]


def test_owner_told_once_per_failing_streak(
    api: ApiClient, tenant: Tenant, tmp_path: Path, chat: Chat, allow_private: None
) -> None:
    good = tmp_path / "crm.db"
    con = sqlite3.connect(good)
    con.execute("CREATE TABLE t (id TEXT, name TEXT)")
    con.execute("INSERT INTO t VALUES ('a1', 'Acme')")
    con.commit()
    con.close()
    src = api.post("/sync/sources", json={
        "name": "crm <b>", "kind": "sql", "url": _missing_database(tmp_path), "table": "t",
        "target": "accounts", "mapping": {"id": "external_id", "name": "name"}, "every_minutes": 10,
    }).json()  # fmt: skip
    users = {u["email"]: u["id"] for u in api.get("/users").json()}
    owner = tenant.user_emails["csm"]
    with unit_of_work() as s:
        overview.set_owner(session=s, workspace_id=tenant.id, source_id=src["id"], owner_id=users[owner])
    hook = _channel(api, chat.url + "/hook", "slack", ["sync_failed"])
    other = _channel(api, chat.url + "/other", "slack", ["health_drop"])

    first = api.post(f"/sync/sources/{src['id']}/runs").json()
    assert first["status"] == "failed" and first["error"]
    mails = _emails(api)
    assert [m["to_address"] for m in mails] == [owner] and "crm <b>" in mails[0]["subject"]
    assert api.post(f"/sync/sources/{src['id']}/runs").json()["status"] == "failed"
    now = utcnow()
    assert jobs.run_due(secret=get_settings().secret_key, now=now + timedelta(minutes=45)) == 1
    assert jobs.run_due(secret=get_settings().secret_key, now=now + timedelta(hours=3)) == 1
    assert len(api.get(f"/sync/sources/{src['id']}/runs").json()) == 4
    assert len(_emails(api)) == 1  # four failures in a row: one e-mail
    assert len(_deliveries(api, hook["id"])) == 1 and _deliveries(api, other["id"]) == []
    assert _send()["delivered"] == 1
    (path, body), = chat.received  # fmt: skip
    assert path == "/hook" and "Data sync failing" in body["text"] and "crm &lt;b&gt;" in body["text"]

    # A success ends the streak; the next failure tells again, the admins now that nobody owns the source.
    assert api.patch(f"/sync/sources/{src['id']}", json={"url": f"sqlite:///{good}"}).status_code == 200
    assert api.post(f"/sync/sources/{src['id']}/runs").json()["status"] == "succeeded"
    with unit_of_work() as s:
        overview.set_owner(session=s, workspace_id=tenant.id, source_id=src["id"], owner_id=None)
    api.patch(f"/sync/sources/{src['id']}", json={"url": _missing_database(tmp_path)})
    assert api.post(f"/sync/sources/{src['id']}/runs").json()["status"] == "failed"
    assert api.post(f"/sync/sources/{src['id']}/runs").json()["status"] == "failed"
    assert [m["to_address"] for m in _emails(api)] == [tenant.user_emails["admin"], owner]
    assert len(_deliveries(api, hook["id"])) == 2


def test_a_crashing_run_tells_the_owner_too(
    api: ApiClient, tenant: Tenant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = api.post("/sync/sources", json={
        "name": "crm", "kind": "sql", "url": _missing_database(tmp_path), "table": "t",
        "target": "accounts", "mapping": {"id": "external_id", "name": "name"},
    }).json()  # fmt: skip

    def crash(*args: Any) -> None:
        raise RuntimeError("a bug in the reader")

    monkeypatch.setattr(runner, "_copy", crash)
    with pytest.raises(RuntimeError):
        runner.run_source(
            workspace_id=tenant.id, source_id=src["id"], secret=get_settings().secret_key, trigger="cli"
        )
    with pytest.raises(RuntimeError):
        runner.run_source(
            workspace_id=tenant.id, source_id=src["id"], secret=get_settings().secret_key, trigger="cli"
        )
    assert [m["to_address"] for m in _emails(api)] == [tenant.user_emails["admin"]]
