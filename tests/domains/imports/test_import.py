"""CSV import through the CLI and the API: mapping, coercion, all-or-nothing, precise row/column errors."""

from __future__ import annotations

import json
import time
from pathlib import Path

from typer.testing import CliRunner

from steward.cli.main import app
from tests.factories import ApiClient, Tenant, assert_error

runner = CliRunner()

ACCOUNTS = """external_id,Company Name,domain,segment,lifecycle_stage,parent_external_id,custom.seats_goal
A1,Acme,acme.com,Enterprise,onboarding,,40
A2,Acme Europe,acme.eu,Enterprise,adoption,A1,
A3,Globex,globex.com,SMB,,A9,
A9,Globex Holdings,globex-holdings.com,SMB,growth,,
"""


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def _import(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, ["import", *args])
    return r.exit_code, r.stdout, r.stderr


def test_cli_imports_accounts_contacts_subscriptions(tmp_path: Path, api: ApiClient, tenant: Tenant) -> None:
    api.post(
        "/workspace/custom-fields",
        json={"entity": "account", "key": "seats_goal", "label": "Seats", "type": "number"},
    )
    f = _write(tmp_path, "accounts.csv", ACCOUNTS)
    code, out, err = _import(
        "accounts", str(f), "--workspace", tenant.slug, "--map", "Company Name=name", "--json"
    )
    assert code == 0, err
    assert json.loads(out) == {"entity": "accounts", "rows": 4, "created": 4, "updated": 0, "dry_run": False}
    a2 = api.get("/accounts/by-external-id/A2").json()
    assert a2["parent_id"] == api.get("/accounts/by-external-id/A1").json()["id"]
    assert api.get("/accounts/by-external-id/A1").json()["custom"] == {"seats_goal": 40}
    assert api.get("/accounts/by-external-id/A3").json()["lifecycle_stage"] is None  # blank cell = not given

    contacts = (
        "external_id;account_external_id;email;name;language;time_zone\n"
        "c1;A1;li@acme.com;李伟;zh-Hans;Asia/Shanghai\n"
    )
    code, out, err = _import(
        "contacts", str(_write(tmp_path, "c.csv", contacts)), "--workspace", tenant.slug, "--json"
    )
    assert code == 0, err
    assert json.loads(out)["created"] == 1
    subs = (
        "external_id,account_external_id,plan,amount,currency,billing_period,start_date,end_date,auto_renew\n"
        "s1,A1,Growth,1200.50,USD,year,2026-01-01,2027-01-01,yes\n"
        "s2,A2,Growth,150000,JPY,year,2026-01-01,2027-01-01,no\n"
    )
    code, out, err = _import(
        "subscriptions", str(_write(tmp_path, "s.csv", subs)), "--workspace", tenant.slug
    )
    assert code == 0, err
    assert "2 created" in out
    s1 = api.get("/subscriptions/by-external-id/s1").json()
    assert s1["amount_minor"] == 120050 and s1["auto_renew"] is True
    assert api.get("/subscriptions/by-external-id/s2").json()["amount_minor"] == 150000
    code, out, err = _import(
        "accounts", str(f), "--workspace", tenant.slug, "--map", "Company Name=name", "--json"
    )
    assert json.loads(out)["updated"] == 4


def test_one_bad_row_rejects_the_file_and_names_row_and_column(
    tmp_path: Path, api: ApiClient, tenant: Tenant
) -> None:
    text = (
        "external_id,name,domain,lifecycle_stage\n"
        "A1,Acme,acme.com,onboarding\nA2,,bad domain,adoption\nA3,Ok,ok.com,nope\n"
    )
    code, _, err = _import("accounts", str(_write(tmp_path, "a.csv", text)), "--workspace", tenant.slug)
    assert code == 2
    assert 'row 2 (line 3), column "name"' in err and 'row 2 (line 3), column "domain"' in err
    assert "Nothing was imported" in err
    text = "external_id,name,lifecycle_stage\nA1,Acme,onboarding\nA3,Ok,nope\n"
    code, _, err = _import("accounts", str(_write(tmp_path, "b.csv", text)), "--workspace", tenant.slug)
    assert (
        code == 2 and 'row 2 (line 3), column "lifecycle_stage"' in err and "unknown lifecycle stage" in err
    )
    assert api.get("/accounts").json()["total"] == 0


def test_file_level_errors(tmp_path: Path, tenant: Tenant) -> None:
    latin1 = "external_id,name\nA1,Café Ünïcode\n".encode("latin-1")
    code, _, err = _import("accounts", str(_write(tmp_path, "l.csv", latin1)), "--workspace", tenant.slug)
    assert code == 2 and "line 2" in err and "UTF-8" in err and "l.csv" in err
    code, _, err = _import(
        "accounts",
        str(_write(tmp_path, "m.csv", "external_id,domain\nA1,a.com\n")),
        "--workspace",
        tenant.slug,
    )
    assert code == 2 and "required column missing: name" in err
    code, _, err = _import(
        "accounts",
        str(_write(tmp_path, "u.csv", "external_id,name,colour\nA1,A,red\n")),
        "--workspace",
        tenant.slug,
    )
    assert code == 2 and 'column "colour" matches no field' in err
    code, _, err = _import("accounts", str(_write(tmp_path, "e.csv", "")), "--workspace", tenant.slug)
    assert code == 2 and "empty" in err
    code, _, err = _import("accounts", str(tmp_path / "missing.csv"), "--workspace", tenant.slug)
    assert code == 2 and "no such file" in err
    code, _, err = _import("tickets", str(_write(tmp_path, "t.csv", "a\n1\n")), "--workspace", tenant.slug)
    assert code == 2 and "not available yet" in err
    code, _, err = _import(
        "accounts", str(_write(tmp_path, "ok.csv", "external_id,name\nA1,A\n")), "--workspace", "nope"
    )
    assert code == 2 and "nope" in err
    code, _, err = _import(
        "accounts",
        str(_write(tmp_path, "ok2.csv", "external_id,name\nA1,A\n")),
        "--workspace",
        tenant.slug,
        "--map",
        "nonsense",
    )
    assert code == 2 and "--map" in err


def test_dry_run_writes_nothing(tmp_path: Path, api: ApiClient, tenant: Tenant) -> None:
    f = _write(tmp_path, "a.csv", "external_id,name\nA1,Acme\nA2,Beta\n")
    code, out, _ = _import("accounts", str(f), "--workspace", tenant.slug, "--dry-run", "--json")
    assert code == 0 and json.loads(out)["dry_run"] is True and json.loads(out)["created"] == 2
    assert api.get("/accounts").json()["total"] == 0


def test_large_file_imports_quickly(tmp_path: Path, api: ApiClient, tenant: Tenant) -> None:
    lines = ["external_id,name,segment,parent_external_id"]
    lines += [
        f"E{i:05d},Company {i},{'SMB' if i % 3 else 'Enterprise'},{'E00000' if i % 50 == 1 else ''}"
        for i in range(12_000)
    ]
    f = _write(tmp_path, "big.csv", "\n".join(lines) + "\n")
    started = time.perf_counter()
    code, out, err = _import("accounts", str(f), "--workspace", tenant.slug, "--json")
    assert code == 0, err
    assert json.loads(out)["created"] == 12_000
    assert time.perf_counter() - started < 60
    assert api.get("/accounts").json()["total"] == 12_000
    assert (
        api.get(
            "/accounts", params={"parent_id": api.get("/accounts/by-external-id/E00000").json()["id"]}
        ).json()["total"]
        == 240
    )


def test_api_import(api: ApiClient, tenant: Tenant) -> None:
    r = api.post(
        "/imports/accounts",
        content=ACCOUNTS.encode(),
        headers={"content-type": "text/csv"},
        params={"map": "Company Name=name", "dry_run": "true"},
    )
    body = assert_error(r, 422)
    assert any("custom" in d["msg"] or "seats_goal" in str(d["loc"]) for d in body["detail"])
    text = "external_id,name\nA1,Acme\nA2,\n"
    body = assert_error(api.post("/imports/accounts", files={"file": ("a.csv", text, "text/csv")}), 422)
    assert body["detail"][0]["loc"] == ["body", "row", 2, "name"]
    r = api.post("/imports/accounts", files={"file": ("a.csv", "external_id,name\nA1,Acme\n", "text/csv")})
    assert r.status_code == 200 and r.json()["created"] == 1
    assert_error(
        api.as_key(tenant.keys["csm"]).post("/imports/accounts", content=b"external_id,name\nA2,B\n"), 403
    )
    assert_error(api.post("/imports/tickets", content=b"a\n1\n"), 422, "entity")
