"""`steward import responses`: answers collected elsewhere, checked row by row first (unknown contacts and
surveys, scores off the scale), all or nothing, and idempotent on the answer's external id."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from steward.cli.main import app
from steward.core.db import unit_of_work
from steward.domains.imports import service as imports_service
from tests.factories import ApiClient, Tenant

runner = CliRunner()


def _import(tmp_path: Path, tenant: Tenant, text: str, *extra: str) -> tuple[int, str, str]:
    path = tmp_path / "responses.csv"
    path.write_text(text, encoding="utf-8")
    r = runner.invoke(app, ["import", "responses", str(path), "--workspace", tenant.slug, *extra])
    return r.exit_code, r.stdout, r.stderr


def test_import_responses_all_or_nothing(tmp_path: Path, api: ApiClient, tenant: Tenant) -> None:
    account = api.post("/accounts", json={"external_id": "acme", "name": "Acme"}).json()
    api.post("/contacts", json={"external_id": "dana", "account_id": account["id"], "email": "d@acme.test"})
    survey = api.post("/surveys", json={"name": "Imported NPS", "kind": "nps"}).json()
    header = "external_id,survey_id,contact_external_id,score,comment,responded_at\n"
    bad = (
        header
        + f"r1,{survey['id']},dana,9,Très bien,2026-10-01T10:00:00Z\n"
        + f"r2,{survey['id']},nobody,4,,2026-10-02T10:00:00Z\n"
        + f"r3,{survey['id']},dana,12,,2026-10-03T10:00:00Z\n"
        + "r4,999999,dana,5,,2026-10-03T10:00:00Z\n"
    )
    code, _, err = _import(tmp_path, tenant, bad)
    assert code == 2, err
    assert "row 2 (line 3)" in err and "no contact with external id 'nobody'" in err
    assert "row 3 (line 4)" in err and "score must be from 0 to 10" in err
    assert "row 4 (line 5)" in err and "no survey with id 999999" in err
    assert "Nothing was imported." in err
    assert api.get("/survey-responses").json() == []

    good = header + f"r1,{survey['id']},dana,9,Très bien,2026-10-01T10:00:00Z\n"
    code, out, err = _import(tmp_path, tenant, good, "--json")
    assert code == 0, err
    assert '"created": 1' in out
    code, out, _ = _import(tmp_path, tenant, good, "--json")  # the same file again adds nothing
    assert code == 0 and '"created": 0' in out
    [row] = api.get("/survey-responses").json()
    assert (row["channel"], row["score"], row["verdict"], row["language"]) == ("import", 9, "promoter", "fr")
    assert row["responded_at"].startswith("2026-10-01T10:00")


def test_import_tells_progress_while_reading_comments(api: ApiClient, tenant: Tenant) -> None:
    """The CLI's progress bar: after validating and before writing ends, the comments not read before are
    counted as they are embedded (each distinct comment once)."""
    account = api.post("/accounts", json={"external_id": "acme", "name": "Acme"}).json()
    api.post("/contacts", json={"external_id": "dana", "account_id": account["id"], "email": "d@acme.test"})
    survey = api.post("/surveys", json={"name": "Imported NPS", "kind": "nps"}).json()
    comments = [f"Answer number {n}: the export to CSV keeps timing out" for n in range(40)]
    rows = [f"r{n},{survey['id']},dana,5,{c},2026-10-01T10:00:00Z" for n, c in enumerate(comments)]
    rows.append(f"r40,{survey['id']},dana,5,{comments[0]},2026-10-01T10:00:00Z")  # read once
    data = (
        "external_id,survey_id,contact_external_id,score,comment,responded_at\n" + "\n".join(rows)
    ).encode()
    told: list[tuple[str, int, int]] = []
    with unit_of_work() as s:
        result = imports_service.run_import(
            session=s, workspace_id=tenant.id, entity="responses", data=data,
            progress=lambda stage, done, total: told.append((stage, done, total)),
        )  # fmt: skip
    assert result.created == 41
    reading = [(done, total) for stage, done, total in told if stage == "reading comments"]
    assert reading and reading[-1] == (40, 40) and [d for d, _ in reading] == sorted(d for d, _ in reading)
    stages = [stage for stage, _, _ in told]
    assert stages.index("reading comments") > stages.index("writing")
