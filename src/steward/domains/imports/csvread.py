"""Decode and parse an uploaded CSV: UTF-8 (BOM optional), sniffed delimiter, file line numbers kept."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from steward.core.errors import ErrorItem, Invalid


@dataclass(frozen=True)
class CsvRow:
    number: int  # 1-based data row
    line: int  # line in the file where the row starts (the header is line 1)
    cells: list[str]


@dataclass(frozen=True)
class CsvTable:
    header: list[str]
    rows: list[CsvRow]


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        msg = (
            f"line {line} (row {line - 1}), byte {column}: "
            f"bytes {data[exc.start : exc.start + 4]!r} are not UTF-8; "
            "re-save the file as UTF-8 (in Excel: Save As > CSV UTF-8)"
        )
        raise Invalid(
            msg, ("body", "line", line), [ErrorItem(("body", "line", line), msg, "encoding")]
        ) from None


def parse(data: bytes) -> CsvTable:
    text = decode(data)
    if not text.strip():
        raise Invalid("the file is empty; the first line must name the columns", ("body",))
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [h.strip() for h in next(reader)]
        rows: list[CsvRow] = []
        start = reader.line_num + 1
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append(CsvRow(number=len(rows) + 1, line=start, cells=cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        msg = f"line {reader.line_num}: the CSV is malformed ({exc})"
        raise Invalid(msg, ("body", "line", reader.line_num)) from None
    if not rows:
        raise Invalid("the file has a header but no data rows", ("body",))
    dupes = sorted({h for h in header if header.count(h) > 1 and h})
    if dupes:
        raise Invalid(f"column names appear more than once: {', '.join(dupes)}", ("body", "header"))
    for row in rows:
        if len(row.cells) > len(header) and any(c.strip() for c in row.cells[len(header) :]):
            msg = (
                f"row {row.number} (line {row.line}) has {len(row.cells)} cells; the header has {len(header)}"
            )
            raise Invalid(msg, ("body", "row", row.number))
    return CsvTable(header=header, rows=rows)
