"""Data sync through the API from a SQLite source: config checks (422 with loc), roles, tenancy, masked
secrets, preview, runs with refused rows named, incremental cursor, unchanged rows and field owners."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import text

from steward.core.db import unit_of_work
from tests.factories import ApiClient, Tenant, assert_error, make_tenant

MAPPING = {"acct_id": "external_id", "acct_name": "name", "seg": "segment", "seats": "custom.seats_goal"}


def _source_db(tmp_path: Path, rows: list[tuple[Any, ...]]) -> Path:
    path = tmp_path / "crm.db"
    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE crm_accounts (acct_id TEXT, acct_name TEXT, seg TEXT, seats INTEGER, changed INTEGER)"
    )
    con.executemany("INSERT INTO crm_accounts VALUES (?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    return path


def _create(api: ApiClient, path: Path, **extra: Any) -> dict[str, Any]:
    body = {
        "name": "crm", "kind": "sql", "url": f"sqlite:///{path}", "table": "crm_accounts",
        "target": "accounts", "mapping": MAPPING, "cursor_column": "changed", **extra,
    }  # fmt: skip
    r = api.post("/sync/sources", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def _custom_field(api: ApiClient) -> None:
    field = {"entity": "account", "key": "seats_goal", "label": "Seats", "type": "number"}
    assert api.post("/workspace/custom-fields", json=field).status_code in (200, 201)


def test_bad_config_is_422_naming_the_field(api: ApiClient, tmp_path: Path) -> None:
    path = _source_db(tmp_path, [])
    base = {
        "name": "x",
        "kind": "sql",
        "url": f"sqlite:///{path}",
        "table": "crm_accounts",
        "target": "accounts",
    }
    r = api.post("/sync/sources", json={**base, "mapping": {"acct_id": "external_id", "n": "nmae"}})
    body = assert_error(r, 422, "body.mapping.n")
    assert "'nmae'" in body["detail"][0]["msg"] and "name" in body["detail"][0]["msg"]
    r = api.post(
        "/sync/sources", json={**base, "mapping": {"acct_id": "external_id", "n": "name", "s": "custom.nope"}}
    )
    assert_error(r, 422, "body.mapping.s")
    assert_error(api.post("/sync/sources", json={**base, "mapping": {"n": "name"}}), 422, "body.mapping")
    r = api.post(
        "/sync/sources", json={**base, "mapping": MAPPING | {"seats": "-"}, "owners": {"tier": "steward"}}
    )
    assert_error(r, 422, "body.mapping.seats")
    r = api.post(
        "/sync/sources", json={**base, "url": "nosuchdb://x/y", "mapping": {"a": "external_id", "b": "name"}}
    )
    assert_error(r, 422, "body.url")
    r = api.post("/sync/sources", json={**base, "table": None, "mapping": {"a": "external_id", "b": "name"}})
    assert_error(r, 422, "body")
    missing = str(tmp_path / "none.csv")
    r = api.post("/sync/sources", json={"name": "f", "kind": "file", "path": missing, "target": "accounts",
                                        "mapping": {"a": "external_id", "b": "name"}})  # fmt: skip
    assert_error(r, 422, "body.path")


def test_roles_tenancy_and_masked_password(api: ApiClient, tenant: Tenant, tmp_path: Path) -> None:
    _custom_field(api)
    body = {"name": "pg", "kind": "sql", "url": "postgresql://crm:s3cret-pw@127.0.0.1:1/crm", "table": "t",
            "target": "accounts", "mapping": {"a": "external_id", "b": "name"}}  # fmt: skip
    for role in ("viewer", "agent", "csm", "manager"):
        assert_error(api.as_key(tenant.keys[role]).post("/sync/sources", json=body), 403)
    created = api.post("/sync/sources", json=body).json()
    assert created["url"] == "postgresql+psycopg://crm:***@127.0.0.1:1/crm"
    assert "s3cret-pw" not in str(api.get("/sync/sources").json())
    with unit_of_work() as s:
        stored = s.execute(text("SELECT url_sealed, url_masked FROM sync_sources")).one()
    assert "s3cret-pw" not in stored[0] and "s3cret-pw" not in stored[1]
    assert_error(api.as_key(tenant.keys["csm"]).get("/sync/sources"), 403)
    other = make_tenant("Other")
    stranger = api.as_key(other.keys["admin"])
    for r in (
        stranger.get(f"/sync/sources/{created['id']}"),
        stranger.post(f"/sync/sources/{created['id']}/runs"),
        stranger.get(f"/sync/sources/{created['id']}/runs"),
        stranger.delete(f"/sync/sources/{created['id']}"),
    ):
        assert_error(r, 404)
    assert stranger.get("/sync/sources").json() == []
    # A source that cannot connect: the run is recorded as failed with the driver's message, not a 500.
    run = api.post(f"/sync/sources/{created['id']}/runs")
    assert run.status_code == 201, run.text
    assert run.json()["status"] == "failed" and "cannot be read" in run.json()["error"]
    assert "s3cret-pw" not in run.text
    assert_error(api.post(f"/sync/sources/{created['id']}/preview"), 422, "source")


def test_preview_writes_nothing(api: ApiClient, tmp_path: Path) -> None:
    _custom_field(api)
    src = _create(api, _source_db(tmp_path, [("A1", "Acme", "SMB", 40, 1), ("A2", "", "SMB", 3, 2)]))
    preview = api.post(f"/sync/sources/{src['id']}/preview").json()
    assert preview["columns"] == ["acct_id", "acct_name", "seg", "seats", "changed"]
    assert preview["unmapped_columns"] == ["changed"]
    first, second = preview["rows"]
    assert first["mapped"] == {
        "external_id": "A1",
        "name": "Acme",
        "segment": "SMB",
        "custom": {"seats_goal": "40"},
    }
    assert second["mapped"] is None and second["problems"][0]["column"] == "acct_name"
    assert api.get("/accounts").json()["total"] == 0


def test_runs_refuse_bad_rows_and_resume_on_the_cursor(api: ApiClient, tmp_path: Path) -> None:
    _custom_field(api)
    path = _source_db(tmp_path, [
        ("A1", "Acme", "SMB", 40, 1), ("A2", "Globex", "Ent", 5, 2), ("A3", "Initech", "SMB", "many", 3),
        ("A4", "Umbrella", "SMB", 1, 4), ("A4", "Umbrella again", "SMB", 1, 5),
        ("A5", "No cursor", "SMB", 1, None),
    ])  # fmt: skip
    src = _create(api, path, batch_size=3)
    run = api.post(f"/sync/sources/{src['id']}/runs").json()
    assert run["status"] == "succeeded", run
    assert (run["rows_read"], run["created"], run["updated"], run["refused"]) == (5, 2, 0, 4)
    assert run["cursor_before"] is None and run["cursor_after"] == 5
    problems = {(p["row"], p["external_id"], p["column"]) for p in run["problems"]}
    assert (3, "A3", "seats") in problems  # a number field given "many"
    assert {(4, "A4", None), (5, "A4", None)} <= problems  # the same external id twice in one batch
    assert any(
        p["column"] == "changed" and p["row"] is None and "1 rows" in p["msg"] for p in run["problems"]
    )
    assert api.get("/accounts/by-external-id/A1").json()["custom"] == {"seats_goal": 40}
    assert api.get("/accounts/by-external-id/A4").status_code == 404

    again = api.post(f"/sync/sources/{src['id']}/runs").json()
    assert (again["rows_read"], again["created"], again["updated"], again["cursor_before"]) == (0, 0, 0, 5)

    con = sqlite3.connect(path)
    con.execute("UPDATE crm_accounts SET acct_name = 'Acme Corp', changed = 6 WHERE acct_id = 'A1'")
    con.execute("UPDATE crm_accounts SET changed = 7 WHERE acct_id = 'A2'")  # touched, same values
    con.execute("UPDATE crm_accounts SET seats = 9, changed = 8 WHERE acct_id = 'A3'")  # fixed
    con.commit()
    con.close()
    third = api.post(f"/sync/sources/{src['id']}/runs").json()
    assert (third["rows_read"], third["created"], third["updated"], third["unchanged"]) == (3, 1, 1, 1), third
    assert third["cursor_before"] == 5 and third["cursor_after"] == 8
    assert api.get("/accounts/by-external-id/A1").json()["name"] == "Acme Corp"
    listed = api.get(f"/sync/sources/{src['id']}/runs").json()
    assert [r["id"] for r in listed] == [third["id"], again["id"], run["id"]]


def test_fields_steward_owns_keep_steward_edits(api: ApiClient, tmp_path: Path) -> None:
    path = _source_db(tmp_path, [("A1", "Acme", "SMB", 1, 1)])
    mapping = {"acct_id": "external_id", "acct_name": "name", "seg": "segment"}
    src = _create(api, path, mapping=mapping, owners={"name": "steward"})
    assert api.post(f"/sync/sources/{src['id']}/runs").json()["created"] == 1
    account = api.get("/accounts/by-external-id/A1").json()
    assert api.patch(f"/accounts/{account['id']}", json={"name": "Acme (key account)"}).status_code == 200
    con = sqlite3.connect(path)
    con.execute("UPDATE crm_accounts SET acct_name = 'ACME INC', seg = 'Ent', changed = 2")
    con.commit()
    con.close()
    run = api.post(f"/sync/sources/{src['id']}/runs").json()
    assert run["updated"] == 1
    after = api.get("/accounts/by-external-id/A1").json()
    assert (after["name"], after["segment"]) == ("Acme (key account)", "Ent")


def test_failing_query_and_missing_columns_fail_the_run(api: ApiClient, tmp_path: Path) -> None:
    path = _source_db(tmp_path, [("A1", "Acme", "SMB", 1, 1)])
    src = _create(api, path, mapping={"acct_id": "external_id", "acct_name": "name"})
    bad = api.patch(f"/sync/sources/{src['id']}", json={"query": "SELECT * FROM no_such_table"}).json()
    assert bad["table"] is None
    run = api.post(f"/sync/sources/{src['id']}/runs").json()
    assert run["status"] == "failed" and "no_such_table" in run["error"]
    api.patch(f"/sync/sources/{src['id']}", json={"query": "SELECT acct_id, changed FROM crm_accounts"})
    run = api.post(f"/sync/sources/{src['id']}/runs").json()
    assert run["status"] == "failed" and "'acct_name'" in run["error"]
    assert api.get("/accounts").json()["total"] == 0
