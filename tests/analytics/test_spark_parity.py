"""The history queries, written once, give the same answers on DuckDB and on Apache Spark (local mode) over
the same Parquet files. Spark is the `steward[spark]` extra: `.ci/run` installs it; without it this skips."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from steward.analytics import usage_history

TODAY = date(2026, 12, 1)


def _history(root: Path) -> None:
    con = usage_history.connect()
    con.execute("SELECT setseed(0.7)")
    first = TODAY - timedelta(days=59)
    con.execute(f"""
        COPY (
          SELECT CASE WHEN random() < 0.85 THEN 'track' ELSE 'page' END AS type,
                 'Feature ' || CAST(floor(8 * random()) AS INTEGER) AS event,
                 CASE WHEN u % 10 = 0 THEN NULL ELSE 'user-' || CAST(u AS VARCHAR) END AS user_id,
                 CASE WHEN u % 10 = 0 THEN 'anon-' || CAST(u AS VARCHAR)
                      WHEN u % 10 = 1 THEN 'device-' || CAST(floor(3 * random()) AS VARCHAR)
                      ELSE NULL END AS anonymous_id,
                 CASE WHEN u % 17 = 0 THEN NULL ELSE u % 40 + 1 END AS account_id, ts AS timestamp,
                 CAST(ts AS DATE) AS day
          FROM (SELECT CAST(floor(random() * 500) AS BIGINT) AS u,
                       TIMESTAMPTZ '{first.isoformat()} 00:00:00+00'
                         + to_seconds(CAST(floor(random() * 60 * 86400) AS BIGINT)) AS ts
                FROM range(20000))
        ) TO '{root}' (FORMAT parquet, PARTITION_BY (day), WRITE_PARTITION_COLUMNS true)
    """)


def _plain(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Comparable values: dates as ISO text, numbers as int or rounded float."""
    out = []
    for row in rows:
        out.append(
            tuple(
                v.isoformat()[:10]
                if hasattr(v, "isoformat")
                else round(float(v), 9)
                if isinstance(v, float)
                else int(v)
                if isinstance(v, int)
                else v
                for v in row
            )
        )
    return sorted(out)


def test_duckdb_and_spark_agree(tmp_path: Path) -> None:
    pyspark_sql = pytest.importorskip("pyspark.sql", reason="the steward[spark] extra is not installed")
    _history(tmp_path)
    glob = str(tmp_path / "day=*" / "*.parquet")
    con = usage_history.connect()
    usage_history.events_view(con, glob)
    usage_history.rollup(con)
    duck = {
        "rollup": _plain([tuple(r) for r in con.sql("SELECT * FROM usage").fetchall()]),
        "trend": _plain(
            [tuple(r) for r in con.sql(usage_history.TREND.format(as_of=TODAY, days=30, twice=60)).fetchall()]
        ),
        "cohorts": _plain([tuple(r) for r in con.sql(usage_history.cohorts_sql("duckdb")).fetchall()]),
    }
    spark = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("steward-parity")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    try:
        on_spark = {k: _plain(v) for k, v in usage_history.on_spark(spark, glob, TODAY, 30).items()}
    finally:
        spark.stop()
    assert len(duck["rollup"]) > 1000 and len(duck["cohorts"]) > 10
    for name in ("rollup", "trend", "cohorts"):
        assert on_spark[name] == duck[name], name
