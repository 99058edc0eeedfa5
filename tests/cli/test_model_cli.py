"""`steward ltv fit` and `steward churn evaluate`: the JSON of docs/commands.md, exit 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from steward.cli.main import app
from tests.factories.shared import shared_file
from tests.unit.test_churn import messy_table

runner = CliRunner()
LTV = ["ltv", "fit", "--customer", "customer", "--date", "date", "--calibration-end", "1997-09-30"]


@pytest.fixture(scope="module")
def cdnow_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The raw CDNOW sample (whitespace-separated, no header) as the CSV a user would export."""
    out = tmp_path_factory.mktemp("cdnow") / "cdnow_sample.csv"
    lines = ["customer,date,cds,amount"]
    for row in shared_file("cdnow/CDNOW_sample.txt").read_text().split("\n"):
        if row.strip():
            _, customer, day, cds, amount = row.split()
            lines.append(f"{customer},{day},{cds},{amount}")
    out.write_text("\n".join(lines) + "\n")
    return out


def test_ltv_fit_on_raw_cdnow_sample(cdnow_csv: Path, tmp_path: Path) -> None:
    args = [
        *LTV,
        str(cdnow_csv),
        "--amount",
        "amount",
        "--date-format",
        "%Y%m%d",
        "--holdout-end",
        "1998-06-30",
    ]
    r = runner.invoke(app, [*args, "--json", "--output", str(tmp_path / "clv.csv")])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    b, g = out["bgnbd"], out["gamma_gamma"]
    assert (round(b["r"], 3), round(b["alpha"], 3), round(b["a"], 3), round(b["b"], 3)) == (
        0.243,
        4.414,
        0.793,
        2.426,
    )
    assert abs(g["p"] - 6.25) < 0.01 and abs(g["q"] - 3.74) < 0.01 and abs(g["v"] - 15.44) < 0.01
    assert out["customers"] == 2357 and out["holdout"]["actual_repeat_transactions"] == 1882
    assert (
        1500 < out["holdout"]["predicted_repeat_transactions"] < 1882
    )  # BG/NBD under-forecasts CDNOW's holdout
    header, first = (tmp_path / "clv.csv").read_text().splitlines()[:2]
    assert header.startswith("customer,frequency,recency,T,p_alive") and first.startswith(
        "0001,2,30.4286,38.8571"
    )


def _log(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "log.csv"
    path.write_text("customer,date,amount\n" + "\n".join(rows) + "\n")
    return path


@pytest.mark.parametrize(
    ("rows", "extra", "message"),
    [
        (
            ["a,2024-01-05,10", "a,2024-02-30,5"],
            [],
            "row 2 (line 3), column 'date': cannot read '2024-02-30'",
        ),
        (
            ["a,2024-01-05,10", "a,2024-02-01,-5"],
            ["--amount", "amount"],
            "row 2 (line 3), column 'amount': negative",
        ),
        (["a,2024-01-05,10", "a,2024-02-01,x"], ["--amount", "amount"], "column 'amount': not a number"),
        (["a,1997-01-05,10", "a,1997-02-01,5"], [], "--calibration-end 1997-09-30 is outside the data"),
        (["a,1997-01-05,10", "a,1997-12-01,5"], ["--holdout-end", "1997-01-01"], "must come after"),
        (["a,1997-01-05,10"], ["--customer", "who"], "--customer 'who' is not a column"),
    ],
)
def test_ltv_fit_bad_input(tmp_path: Path, rows: list[str], extra: list[str], message: str) -> None:
    calibration = "2024-01-31" if rows[0].startswith("a,2024") else "1997-09-30"
    args = ["ltv", "fit", str(_log(tmp_path, rows)), "--customer", "customer", "--date", "date",
            "--calibration-end", calibration, *extra]  # fmt: skip
    r = runner.invoke(app, args)
    assert r.exit_code == 2 and message in r.stderr.replace("\n", " "), r.stderr


def test_churn_evaluate_json_contract(tmp_path: Path) -> None:
    frame, _ = messy_table(600)
    path = tmp_path / "accounts.csv"
    frame.to_csv(path, index=False)
    r = runner.invoke(
        app,
        [
            "churn",
            "evaluate",
            str(path),
            "--target",
            "churned",
            "--id",
            "account_id",
            "--folds",
            "2",
            "--json",
        ],
    )  # two folds: the contract, not the accuracy (nested CV costs a minute a run on a busy machine)
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert {"roc_auc", "pr_auc", "folds", "rows", "top_features", "baseline_roc_auc"} <= set(out)
    assert 0 < out["brier"] < 0.25 and 0 < out["baseline_brier"] < 0.25
    assert sum(row["accounts"] for row in out["reliability"]) == 600
    assert {"bin", "accounts", "predicted", "observed"} == set(out["reliability"][0])
    r = runner.invoke(app, ["churn", "evaluate", str(path), "--target", "churned", "--folds", "2"])
    assert r.exit_code == 0, r.output
    assert "Brier" in r.stdout and "Reliability" in r.stdout and "observed" in r.stdout
    assert out["folds"] == 2 and out["rows"] == 600 and 0.5 < out["roc_auc"] <= 1
    assert out["dropped_columns"]["account_id"] == "given as --id"


def test_churn_evaluate_bad_input(tmp_path: Path) -> None:
    frame, _ = messy_table(200)
    path = tmp_path / "accounts.csv"
    frame.assign(churned="No").to_csv(path, index=False)
    r = runner.invoke(app, ["churn", "evaluate", str(path), "--target", "churned"])
    assert r.exit_code == 2 and "exactly two classes" in r.stderr
    frame.head(30).to_csv(path, index=False)
    r = runner.invoke(app, ["churn", "evaluate", str(path), "--target", "churned"])
    assert r.exit_code == 2 and "at least 50 rows" in r.stderr
    path.write_bytes(b"a,churned\n1,yes\n\xff\xfe,no\n")
    r = runner.invoke(app, ["churn", "evaluate", str(path), "--target", "churned"])
    assert r.exit_code == 2 and "line 3 (row 2): not UTF-8" in r.stderr
