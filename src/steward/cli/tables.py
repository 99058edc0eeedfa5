"""Reading a user's CSV for the model commands: all text, precise errors (file, line, column), exit 2."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from steward.cli.common import fail


def read_utf8(path: Path) -> str:
    """The file's text; a missing file, or bytes that are not UTF-8 (named by line and row), end the
    command with exit status 2."""
    if not path.is_file():
        fail(f"{path}: no such file")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        row = f" (row {line - 1})" if line > 1 else " (the header)"
        fail(f"{path}: line {line}{row}: not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")


def read_csv_text(path: Path) -> pd.DataFrame:
    """Every cell as text ('' for blank), so that the analytics decide what a column holds."""
    text = read_utf8(path)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.ParserError as exc:
        fail(f"{path}: {exc}")
    except pd.errors.EmptyDataError:
        fail(f"{path}: the file is empty")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def require_columns(path: Path, frame: pd.DataFrame, **wanted: str | None) -> None:
    """Each option (name -> column) must name a column of the file."""
    for option, column in wanted.items():
        if column is not None and column not in frame.columns:
            have = ", ".join(frame.columns[:30])
            fail(f"{path}: --{option.replace('_', '-')} {column!r} is not a column; columns: {have}")


def data_line(row: int) -> str:
    """Row index (0-based, data rows) as the user sees it: the header is line 1."""
    return f"row {row + 1} (line {row + 2})"
