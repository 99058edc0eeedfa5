"""`steward feedback analyze FILE.csv`: language, sentiment and themes of free-text feedback, offline."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress
from rich.table import Table

from steward.analytics.text import TextAnalysis, Theme, analyze
from steward.cli.common import console, err_console, fail
from steward.cli.tables import read_utf8

feedback_app = typer.Typer(help="Customer feedback text analytics (offline).", no_args_is_help=True)
CHUNK = 2000  # rows per batch: progress granularity without slowing the batch path


@feedback_app.callback()
def feedback() -> None:
    """Customer feedback text analytics: language, sentiment and themes, computed offline."""


@feedback_app.command("analyze")
def analyze_command(
    file: Annotated[Path, typer.Argument(help="CSV file with a header row")],
    text: Annotated[str, typer.Option("--text", help="column holding the comment")],
    themes: Annotated[
        str | None,
        typer.Option(help='comma-separated theme names, e.g. "Pricing,Support,Mobile app"'),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="write the JSON lines to this file")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="one JSON line per row")] = False,
) -> None:
    """Detect each comment's language, sentiment (positive/neutral/negative, score in [-1, 1]) and themes.

    A theme named like a built-in concept (pricing, support, onboarding, bugs, performance, usability,
    integrations, billing, documentation, features) matches its keywords in about ten languages; any other
    name matches its own words. Rows are numbered from 1 (the first line after the header)."""
    comments = _read_column(file, text)
    wanted = [Theme(name.strip()) for name in (themes or "").split(",") if name.strip()]
    results = _analyze(comments, wanted, show_progress=not json_out and len(comments) > CHUNK)
    lines = [_line(i, r) for i, r in enumerate(results)]
    if out is not None:
        _write_atomic(out, lines)
    if json_out and out is None:
        for line in lines:
            typer.echo(line)
    elif json_out:
        typer.echo(json.dumps(_summary(results, wanted) | {"out": str(out)}))
    else:
        _print(file, results, wanted, out)


def _read_column(file: Path, column: str) -> list[str]:
    reader = csv.reader(io.StringIO(read_utf8(file), newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        fail(f"{file}: the file is empty")
    except csv.Error as exc:
        fail(f"{file}: line 1: {exc}")
    if column not in header:
        fail(f"{file}: --text {column!r} is not a column; columns: {', '.join(header[:30])}")
    index = header.index(column)
    comments: list[str] = []
    try:
        for row in reader:
            comments.append(row[index] if index < len(row) else "")
    except csv.Error as exc:
        fail(f"{file}: row {len(comments) + 1}: {exc}")
    return comments


def _analyze(comments: Sequence[str], themes: Sequence[Theme], *, show_progress: bool) -> list[TextAnalysis]:
    if not show_progress:
        return analyze(comments, themes)
    results: list[TextAnalysis] = []
    with Progress(console=err_console, transient=True) as progress:
        task = progress.add_task("Analysing comments", total=len(comments))
        for start in range(0, len(comments), CHUNK):
            batch = comments[start : start + CHUNK]
            results.extend(analyze(batch, themes))
            progress.advance(task, len(batch))
    return results


def _line(index: int, r: TextAnalysis) -> str:
    payload = {"row": index + 1, "language": r.language, "sentiment": r.sentiment, "score": r.score,
               "themes": list(r.themes)}  # fmt: skip
    return json.dumps(payload, ensure_ascii=False)


def _write_atomic(path: Path, lines: Sequence[str]) -> None:
    """Write beside the target and rename, so a failure never leaves a half-written file."""
    directory = path.resolve().parent
    if not directory.is_dir():
        fail(f"{path}: directory {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.writelines(line + "\n" for line in lines)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _summary(results: Sequence[TextAnalysis], themes: Sequence[Theme]) -> dict[str, Any]:
    theme_counts = Counter(t for r in results for t in r.themes)
    return {
        "rows": len(results),
        "sentiment": {s: sum(r.sentiment == s for r in results) for s in ("positive", "neutral", "negative")},
        "languages": dict(Counter(r.language for r in results).most_common()),
        "themes": {t.name: theme_counts.get(t.name, 0) for t in themes},
    }


def _print(file: Path, results: Sequence[TextAnalysis], themes: Sequence[Theme], out: Path | None) -> None:
    summary = _summary(results, themes)
    n = max(summary["rows"], 1)
    table = Table(title=f"{file.name}: {summary['rows']:,} comments")
    for column in ("", "comments", "share"):
        table.add_column(column, justify="left" if not column else "right")
    for name, count in summary["sentiment"].items():
        table.add_row(name, f"{count:,}", f"{count / n:.0%}")
    for lang, count in list(summary["languages"].items())[:8]:
        table.add_row(f"language {lang}", f"{count:,}", f"{count / n:.0%}")
    for name, count in summary["themes"].items():
        table.add_row(f"theme {name}", f"{count:,}", f"{count / n:.0%}")
    console.print(table)
    if out is not None:
        console.print(f"Wrote {summary['rows']:,} JSON lines to {out}")
