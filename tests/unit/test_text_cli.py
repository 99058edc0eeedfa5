"""`steward feedback analyze` through typer's CliRunner, including bad input (no database)."""

# ruff: noqa: RUF001  (Chinese and Japanese text uses full-width punctuation on purpose)

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from steward.cli.feedback import feedback_app

runner = CliRunner()
ROWS = [
    "Great support, thank you!",
    "Viel zu teuer und der Support antwortet nie.",
    "太贵了，而且很慢。",
    "",
]


def _csv(tmp_path: Path, rows: list[str] = ROWS) -> Path:
    path = tmp_path / "feedback.csv"
    lines = ["id,comment"] + [f'{i},"{r}"' for i, r in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_lines(tmp_path: Path) -> None:
    result = runner.invoke(
        feedback_app,
        ["analyze", str(_csv(tmp_path)), "--text", "comment", "--themes", "Pricing,Support", "--json"],
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["row"] for r in lines] == [1, 2, 3, 4]
    assert [r["language"] for r in lines] == ["en", "de", "zh", "und"]
    assert [r["sentiment"] for r in lines] == ["positive", "negative", "negative", "neutral"]
    assert lines[1]["themes"] == ["Pricing", "Support"] or lines[1]["themes"] == ["Support", "Pricing"]
    assert lines[2]["themes"] == ["Pricing"]
    assert all(
        -1 <= r["score"] <= 1 and set(r) == {"row", "language", "sentiment", "score", "themes"} for r in lines
    )


def test_out_file_and_summary(tmp_path: Path) -> None:
    out = tmp_path / "result.jsonl"
    args = ["analyze", str(_csv(tmp_path)), "--text", "comment", "--out", str(out), "--json"]
    result = runner.invoke(feedback_app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["rows"] == 4 and summary["out"] == str(out)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_human_output(tmp_path: Path) -> None:
    result = runner.invoke(
        feedback_app, ["analyze", str(_csv(tmp_path)), "--text", "comment", "--themes", "Pricing"]
    )
    assert result.exit_code == 0, result.output
    assert "positive" in result.stdout and "theme Pricing" in result.stdout


def test_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(
        feedback_app, ["analyze", str(tmp_path / "nope.csv"), "--text", "comment", "--json"]
    )
    assert result.exit_code == 2
    assert "no such file" in result.stderr and result.stdout == ""


def test_missing_column_lists_columns(tmp_path: Path) -> None:
    result = runner.invoke(feedback_app, ["analyze", str(_csv(tmp_path)), "--text", "body", "--json"])
    assert result.exit_code == 2
    assert "'body'" in result.stderr and "id, comment" in result.stderr


def test_undecodable_bytes_name_the_row(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,comment\n1,fine\n2,caf\xe9 trop cher\n".encode("latin-1"))
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        feedback_app, ["analyze", str(path), "--text", "comment", "--out", str(out), "--json"]
    )
    assert result.exit_code == 2
    assert "row 2" in result.stderr and "UTF-8" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [path]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    result = runner.invoke(feedback_app, ["analyze", str(path), "--text", "comment"])
    assert result.exit_code == 2 and "empty" in result.stderr
