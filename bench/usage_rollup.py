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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from rich.console import Console
from rich.table import Table

from steward.analytics import usage_history

DAYS, ACCOUNTS, EVENTS, USERS = 180, 5_000, 40, 60_000
TODAY = date(2026, 12, 1)


def write_history(root: Path, total: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    per_day = rng.multinomial(total, np.full(DAYS, 1 / DAYS))
    names = np.array([f"Feature {i}" for i in range(EVENTS)])
    weights = 1 / np.arange(1, EVENTS + 1)
    weights /= weights.sum()
    user_names = np.array([f"user-{u}" for u in range(USERS)])
    for k, n in enumerate(per_day):
        day = TODAY - timedelta(days=DAYS - 1 - k)
        users = rng.integers(0, USERS, n)
        accounts = users % ACCOUNTS + 1  # each user belongs to one account
        seconds = np.sort(rng.integers(0, 86_400, n))
        stamps = np.datetime64(day, "s") + seconds.astype("timedelta64[s]")
        table = pa.table(
            {
                "type": pa.array(np.full(n, "track")),
                "event": pa.array(names[rng.choice(EVENTS, n, p=weights)]),
                "user_id": pa.array(user_names[users]),
                "anonymous_id": pa.nulls(n, pa.string()),
                "account_id": pa.array(accounts, pa.int64()),
                "timestamp": pa.array(stamps, pa.timestamp("s", tz="UTC")),
            }
        )
        folder = root / f"day={day.isoformat()}"
        folder.mkdir(parents=True)
        pq.write_table(table, folder / "events.parquet", compression="zstd")


def pandas_rollup(root: Path) -> pd.DataFrame:
    frame = pd.read_parquet(root, columns=["type", "event", "user_id", "account_id", "timestamp"])
    frame = frame[frame["type"].isin(["track", "page"])]
    frame["day"] = frame["timestamp"].dt.tz_convert("UTC").dt.date
    grouped = frame.groupby(["account_id", "day", "event"], observed=True)["user_id"].agg(["size", "nunique"])
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
        usage_history.events_view(con, str(root / "day=*" / "events.parquet"))
        duck, duck_s = timed(lambda: usage_history.rollup(con))
        _, trend_s = timed(lambda: usage_history.trend(con, duck, TODAY, 30))
        last = root / f"day={TODAY.isoformat()}" / "events.parquet"
        one = usage_history.connect()
        usage_history.events_view(one, str(last))
        one_day, one_s = timed(lambda: usage_history.rollup(one))
        base, pandas_s = timed(lambda: pandas_rollup(root))
    duck["day"] = pd.to_datetime(duck["day"]).dt.date
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
        "pandas_rollup_s": round(pandas_s, 2),
        "trend_query_s": round(trend_s, 3),
        "one_day_rollup_s": round(one_s, 3),
        "one_day_rows": len(one_day),
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
        ("full rollup, DuckDB", f"{duck_s:.2f} s"),
        ("full rollup, pandas (baseline)", f"{pandas_s:.2f} s"),
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
