"""`steward feedback analyze` through typer's CliRunner, including bad input (no database)."""

# ruff: noqa: RUF001  (Chinese and Japanese text uses full-width punctuation on purpose)

from __future__ import annotations

import json
from pathlib import Path

import pytest
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
    assert [r["sentiment"] for r in lines] == ["positive", "negative", "negative", None]
    assert lines[3]["reason"] == "empty text" and lines[3]["score"] is None
    assert set(lines[1]["themes"]) == {"Pricing", "Support"}
    assert lines[2]["themes"][:1] == ["Pricing"]
    keys = {"row", "language", "sentiment", "score", "confidence", "themes", "theme_scores", "aspects"}
    for r in lines[:3]:
        assert -1 <= r["score"] <= 1 and 0 <= r["confidence"] <= 1 and set(r) == keys
        assert set(r["theme_scores"]) == set(r["themes"]) and all(
            0 < v <= 1 for v in r["theme_scores"].values()
        )


def _themes_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "themes.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_themes_file_matches_by_meaning_across_languages(tmp_path: Path) -> None:
    themes = _themes_file(tmp_path, json.dumps([
        {"name": "Late flight", "examples": ["the flight was delayed three hours", "we left two hours late"]},
        {"name": "Lost luggage", "examples": ["my suitcase never arrived", "they lost my bag"]},
    ]))  # fmt: skip
    rows = ["Unser Flug hatte vier Stunden Verspätung", "行李到现在还没找到", "Lovely crew, thank you"]
    result = runner.invoke(
        feedback_app,
        ["analyze", str(_csv(tmp_path, rows)), "--text", "comment", "--themes-file", str(themes), "--json"],
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["themes"] for r in lines] == [["Late flight"], ["Lost luggage"], []]
    assert (
        lines[0]["aspects"][0]["theme"] == "Late flight" and lines[0]["aspects"][0]["sentiment"] == "negative"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"name": "Late", "examples": ["late"]},\n {"name": "Bags" "examples": []}]', "line 2, column 18"),
        ('[{"name": "Late", "examples": ["late"]},\n {"name": "Bags", "examples": []}]', "line 2: theme 2"),
        ('[{"name": "Late",\n  "examples": "late"}]', "line 1: theme 1"),
        ('{"name": "Late"}', "line 1: expected a non-empty list"),
        ("[]", "line 1: expected a non-empty list"),
        ('[{"name": "", "examples": ["x"]}]', '"name" must be a non-empty string'),
    ],
)
def test_bad_themes_file_names_the_line(tmp_path: Path, text: str, message: str) -> None:
    themes = _themes_file(tmp_path, text)
    args = ["analyze", str(_csv(tmp_path)), "--text", "comment", "--themes-file", str(themes), "--json"]
    result = runner.invoke(feedback_app, args)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr and "themes.json" in result.stderr


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
