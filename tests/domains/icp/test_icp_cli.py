"""`steward icp score FILE.csv` and `steward icp profile`: JSON and a table, bad rows named on stderr by
file, row (and line) and column, exit 2 when nothing can be scored, --strict scores nothing on any bad row."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from steward.cli.main import app
from tests.domains.icp.planted import plant
from tests.factories import Tenant, make_tenant

runner = CliRunner()
CSV = """name,industry,segment,seats,colour
Northwind Pay,Fintech,SMB,50,blue
Corner Shop,retail,Mid-Market,10,red

,,,,
Numbers Inc,Media,SMB,lots,green
Moon Corp,Software,Galactic,20,
Deep Mine,Mining,,,
"""


def test_score_prospects_csv(tenant: Tenant, tmp_path: Path) -> None:
    plant(tenant.id)
    path = tmp_path / "prospects.csv"
    path.write_text(CSV)
    r = runner.invoke(app, ["icp", "score", str(path), "--workspace", tenant.slug, "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["scored"] == 3 and out["rejected"] == 4
    by_name = {x["name"]: x for x in out["results"]}
    assert by_name["Northwind Pay"]["score"] > by_name["Deep Mine"]["score"] > by_name["Corner Shop"]["score"]
    assert {(e["row"], e["column"]) for e in out["errors"]} == {
        (3, None),
        (4, None),
        (5, "seats"),
        (6, "segment"),
    }
    err = r.stderr
    assert (
        f"{path}, row 3 (line 4): empty row" in err
        and f"{path}, row 5 (line 6), column 'seats': 'lots' is not a number" in err
    )
    assert "row 6 (line 7), column 'segment': unknown Segment 'Galactic'; known: Mid-Market, SMB" in err
    assert "warning:" in err and "column 'colour'" in err and "'Mining' is not in the history" in err

    table = runner.invoke(app, ["icp", "score", str(path), "--workspace", tenant.slug])
    assert (
        table.exit_code == 0 and "Northwind Pay" in table.stdout and "ICP fit of 3 prospects" in table.stdout
    )
    strict = runner.invoke(app, ["icp", "score", str(path), "--workspace", tenant.slug, "--strict", "--json"])
    assert strict.exit_code == 2 and strict.stdout == "" and "nothing scored (--strict)" in strict.stderr

    bad = tmp_path / "bad.csv"
    bad.write_text("industry,seats\n,x\n\n")
    none = runner.invoke(app, ["icp", "score", str(bad), "--workspace", tenant.slug, "--json"])
    assert none.exit_code == 2 and none.stdout == ""
    assert f"{bad}, row 1 (line 2), column 'seats': 'x' is not a number" in none.stderr
    assert "no row could be scored" in none.stderr
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert runner.invoke(app, ["icp", "score", str(empty), "--workspace", tenant.slug]).exit_code == 2
    missing = runner.invoke(app, ["icp", "score", str(tmp_path / "nope.csv"), "--workspace", tenant.slug])
    assert missing.exit_code == 2 and "no such file" in missing.stderr

    profile = runner.invoke(app, ["icp", "profile", "--workspace", tenant.slug, "--json"])
    assert profile.exit_code == 0 and json.loads(profile.stdout)["values"][0]["value"] == "Fintech"
    human = runner.invoke(app, ["icp", "profile", "--workspace", tenant.slug])
    assert human.exit_code == 0 and "Fintech" in human.stdout and "lifts" in human.stdout


def test_too_little_history(tmp_path: Path) -> None:
    empty = make_tenant("Young")
    path = tmp_path / "p.csv"
    path.write_text("industry\nRetail\n")
    r = runner.invoke(app, ["icp", "score", str(path), "--workspace", empty.slug, "--json"])
    assert (
        r.exit_code == 2
        and "needs at least 30 accounts with a renewal outcome" in r.stderr
        and "has 0" in r.stderr
    )
    p = runner.invoke(app, ["icp", "profile", "--workspace", empty.slug])
    assert p.exit_code == 2 and "needs at least 30" in p.stderr
    assert runner.invoke(app, ["icp", "profile", "--workspace", "nope"]).exit_code == 2
