"""Usage rollup and trend over a large event history on DuckDB, beside pandas in the same run.

10 million track events over 180 days from 5,000 accounts, 40 event names and 60,000 users are written as
Parquet, one file per day (as `steward events compact` writes them). Timed:
- the full daily rollup (events and distinct users per account, day and event) on DuckDB, and the same
  group-by in pandas over the same files;
- the 30-day trend query over the rollup;
- an incremental update: the rollup of one new day, from that day's file alone.
The two full rollups are compared cell by cell.

Usage: python bench/usage_rollup.py [--events 10000000] [--json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from steward.analytics import usage_history

DAYS, ACCOUNTS, EVENTS, USERS = 180, 5_000, 40, 60_000
TODAY = date(2026, 12, 1)


# The first formulation of the rollup, kept as a second baseline: one pass, COUNT(DISTINCT) of a joined key.
SINGLE_PASS = f"""
SELECT account_id, day, event, COUNT(*) AS count, COUNT(DISTINCT {usage_history.USER}) AS users
FROM events WHERE type IN ('track', 'page') AND account_id IS NOT NULL GROUP BY account_id, day, event
"""


def write_history(root: Path, total: int) -> None:
    """Synthesise the history on DuckDB (no Python loop) and write it a file per day, as compaction does."""
    first = TODAY - timedelta(days=DAYS - 1)
    con = usage_history.connect()
    con.execute("SET TimeZone = 'UTC'; SELECT setseed(0.42)")
    con.execute(f"""
        COPY (
          SELECT 'track' AS type, 'Feature ' || CAST(floor({EVENTS} * pow(random(), 2)) AS INTEGER) AS event,
                 'user-' || CAST(u AS VARCHAR) AS user_id, CAST(NULL AS VARCHAR) AS anonymous_id,
                 u % {ACCOUNTS} + 1 AS account_id, ts AS "timestamp", CAST(ts AS DATE) AS day
          FROM (SELECT CAST(floor(random() * {USERS}) AS BIGINT) AS u,
                       TIMESTAMPTZ '{first.isoformat()} 00:00:00+00'
                         + to_seconds(CAST(floor(random() * {DAYS * 86_400}) AS BIGINT)) AS ts
                FROM range({int(total)}))
        ) TO '{root}' (FORMAT parquet, PARTITION_BY (day), WRITE_PARTITION_COLUMNS true, COMPRESSION zstd)
    """)


def pandas_rollup(frame: pd.DataFrame) -> pd.DataFrame:
    """The same rollup as a plain pandas group-by, on the events already in memory."""
    frame = frame[frame["type"].isin(["track", "page"])]
    grouped = frame.groupby(["account_id", "day", "event"])["user_id"].agg(["size", "nunique"])
    return grouped.rename(columns={"size": "count", "nunique": "users"}).reset_index()


def timed(fn: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    console = Console(stderr=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with console.status(f"writing {args.events:,} events as {DAYS} daily Parquet files ..."):
            _, written = timed(lambda: write_history(root, args.events))
        con = usage_history.connect()
        usage_history.events_view(con, str(root / "day=*" / "*.parquet"))
        rows, duck_s = timed(lambda: usage_history.rollup(con))
        _, trend_s = timed(lambda: usage_history.trend(con, TODAY, 30))
        duck = usage_history.usage_frame(con)
        one = usage_history.connect()
        usage_history.events_view(one, str(root / f"day={TODAY.isoformat()}" / "*.parquet"))
        one_day, one_s = timed(lambda: usage_history.rollup(one))  # the day's rows, kept in DuckDB
        loaded, load_s = timed(
            lambda: con.sql("SELECT type, event, user_id, account_id, day FROM events").df()
        )
        single = usage_history.connect()
        usage_history.events_view(single, str(root / "day=*" / "*.parquet"))
        _, single_s = timed(lambda: single.execute(f"CREATE TABLE usage AS {SINGLE_PASS}"))
        base, pandas_s = timed(lambda: pandas_rollup(loaded))
    duck["day"] = pd.to_datetime(duck["day"]).dt.date
    base["day"] = pd.to_datetime(base["day"]).dt.date
    key = ["account_id", "day", "event"]
    left = (
        duck.sort_values(key)
        .reset_index(drop=True)[[*key, "count", "users"]]
        .astype({"count": "int64", "users": "int64"})
    )
    right = (
        base.sort_values(key)
        .reset_index(drop=True)[[*key, "count", "users"]]
        .astype({"count": "int64", "users": "int64"})
    )
    same = len(left) == len(right) and bool((left.values == right.values).all())
    result = {
        "events": args.events,
        "rollup_rows": len(duck),
        "write_parquet_s": round(written, 2),
        "duckdb_rollup_s": round(duck_s, 2),
        "single_pass_rollup_s": round(single_s, 2),
        "pandas_rollup_s": round(pandas_s, 2),
        "pandas_load_s": round(load_s, 2),
        "trend_query_s": round(trend_s, 3),
        "one_day_rollup_s": round(one_s, 3),
        "one_day_rows": one_day,
        "same_result": same,
    }
    if args.json:
        print(json.dumps(result))
        return
    table = Table(
        title=f"Usage rollup: {args.events:,} events, {DAYS} days, {ACCOUNTS:,} accounts, {USERS:,} users"
    )
    table.add_column("")
    table.add_column("", justify="right")
    rows = [
        ("full rollup, DuckDB, from the Parquet files", f"{duck_s:.2f} s"),
        ("full rollup, DuckDB, one pass with COUNT(DISTINCT)", f"{single_s:.2f} s"),
        ("full rollup, pandas group-by (baseline)", f"{pandas_s:.2f} s"),
        ("  plus loading the events into pandas", f"{load_s:.2f} s"),
        ("rollup rows", f"{len(duck):,}"),
        ("same numbers in both", "yes" if same else "NO"),
        ("30-day trend query", f"{trend_s * 1000:.0f} ms"),
        ("one new day, incremental", f"{one_s * 1000:.0f} ms"),
    ]
    for label, value in rows:
        table.add_row(label, value)
    Console().print(table)


if __name__ == "__main__":
    main()
