"""File sources (CSV and Parquet files, a folder of Parquet files; accounts, contacts, subscriptions) and
the `steward sync` commands: add with the URL on standard input, preview, run with its summary, status, and
errors on stderr with exit status 2."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from steward.cli.main import app
from tests.factories import ApiClient, Tenant

runner = CliRunner()

CSV = """id,company,segment,changed_at
1,Acme,SMB,2026-01-01 10:00:00
2,Globex,Enterprise,2026-01-02 10:00:00
3,Initech,SMB,2026-01-03 10:00:00
"""


def _sync(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    r = runner.invoke(app, ["sync", *args], input=stdin)
    return r.exit_code, r.stdout, r.stderr


def test_csv_file_through_the_cli(tmp_path: Path, api: ApiClient, tenant: Tenant) -> None:
    csv = tmp_path / "accounts.csv"
    csv.write_text(CSV)
    ws = ["--workspace", tenant.slug]
    maps = ["--map", "id=external_id", "--map", "company=name", "--map", "segment=segment"]
    code, out, err = _sync("add", "crm-csv", *ws, "--target", "accounts", "--path", str(csv), *maps,
                           "--cursor", "changed_at", "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["path"] == str(csv)

    code, out, err = _sync("preview", "crm-csv", *ws, "--json")
    assert code == 0, err
    assert json.loads(out)["rows"][1]["mapped"] == {
        "external_id": "2",
        "name": "Globex",
        "segment": "Enterprise",
    }
    assert api.get("/accounts").json()["total"] == 0

    code, out, err = _sync("run", "crm-csv", *ws, "--json")
    assert code == 0, err
    run = json.loads(out)
    assert (run["status"], run["created"], run["cursor_after"]) == ("succeeded", 3, "2026-01-03T10:00:00")

    csv.write_text(CSV + "4,Umbrella,SMB,2026-01-04 10:00:00\n")
    code, out, err = _sync("run", "crm-csv", *ws)
    assert code == 0, err
    assert "1 rows read: 1 created, 0 updated, 0 unchanged, 0 refused" in out
    code, out, err = _sync("status", *ws, "--json")
    assert json.loads(out)["sources"][0]["last_run"]["created"] == 1

    csv.unlink()
    code, out, err = _sync("run", "crm-csv", *ws)
    assert code == 2 and "no such file" in err
    code, out, err = _sync(
        "add", "bad", *ws, "--target", "accounts", "--path", str(tmp_path), "--map", "id=nope"
    )
    assert code == 2 and "mapping.id" in err and "'nope'" in err
    code, out, err = _sync("run", "missing", *ws)
    assert code == 2 and "'missing' not found" in err


def test_parquet_folder_and_sql_url_on_stdin(tmp_path: Path, api: ApiClient, tenant: Tenant) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    con = duckdb.connect()
    for part, (lo, hi) in enumerate([(1, 50), (51, 120)]):
        target = str(folder / f"part-{part}.parquet")
        con.execute(
            f"COPY (SELECT i AS id, 'Account ' || i AS name, i AS version FROM range({lo}, {hi + 1}) t(i)) "
            f"TO '{target}' (FORMAT parquet)"
        )
    ws = ["--workspace", tenant.slug]
    code, out, err = _sync("add", "lake", *ws, "--target", "accounts", "--path", str(folder),
                           "--map", "id=external_id", "--map", "name=name", "--cursor", "version",
                           "--batch-size", "50")  # fmt: skip
    assert code == 0, err
    code, out, err = _sync("run", "lake", *ws, "--json")
    run = json.loads(out)
    assert (run["rows_read"], run["created"], run["batches"], run["cursor_after"]) == (120, 120, 3, 120)
    assert api.get("/accounts/by-external-id/120").json()["name"] == "Account 120"

    db = tmp_path / "crm.db"
    lite = sqlite3.connect(db)
    lite.execute("CREATE TABLE t (id TEXT, name TEXT)")
    lite.execute("INSERT INTO t VALUES ('x1', 'From SQL')")
    lite.commit()
    lite.close()
    code, out, err = _sync("add", "lite", *ws, "--target", "accounts", "--url-stdin", "--query",
                           "SELECT id, name FROM t", "--map", "id=external_id", "--map", "name=name",
                           stdin=f"sqlite:///{db}\n")  # fmt: skip
    assert code == 0, err
    code, out, err = _sync("run", "lite", *ws, "--json")
    assert json.loads(out)["created"] == 1, err


def test_contacts_and_subscriptions_from_csv(tmp_path: Path, api: ApiClient) -> None:
    assert api.post("/accounts", json={"external_id": "A1", "name": "Acme"}).status_code == 201
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("cid,account,email,full_name\nc1,A1,li@acme.com,Li Wei\nc2,A9,bo@acme.com,Bo\n")
    mapping = {"cid": "external_id", "account": "account_external_id", "email": "email", "full_name": "name"}
    body = {"name": "people", "kind": "file", "path": str(contacts), "target": "contacts", "mapping": mapping}
    src = api.post("/sync/sources", json=body).json()
    run = api.post(f"/sync/sources/{src['id']}/runs").json()
    assert (run["created"], run["refused"]) == (1, 1), run
    assert run["problems"][0]["row"] == 2 and run["problems"][0]["column"] == "account"  # unknown account A9

    subs = tmp_path / "subs.parquet"
    duckdb.sql(
        "COPY (SELECT 's1' AS id, 'A1' AS account, 'Pro' AS plan, 1200.50 AS amount, 'EUR' AS currency, "
        "'year' AS period, DATE '2026-01-01' AS starts) "
        f"TO '{subs}' (FORMAT parquet)"
    )
    body = {"name": "billing", "kind": "file", "path": str(subs), "target": "subscriptions",
            "owners": {"plan": "steward"},
            "mapping": {"id": "external_id", "account": "account_external_id", "plan": "plan",
                        "amount": "amount", "currency": "currency", "period": "billing_period",
                        "starts": "start_date"}}  # fmt: skip
    created = api.post("/sync/sources", json=body)
    assert created.status_code == 201, created.text
    run = api.post(f"/sync/sources/{created.json()['id']}/runs").json()
    assert (run["created"], run["refused"]) == (1, 0), run
    sub = api.get("/subscriptions/by-external-id/s1").json()
    assert (sub["amount_minor"], sub["currency"], sub["plan"]) == (120050, "EUR", "Pro")
