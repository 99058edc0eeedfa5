"""Queries over the event history kept as Parquet (one file per workspace and day), run on DuckDB: the daily
rollup (events and distinct users per account, day and event), the usage trend of the last N days against
the N before, and user cohorts by first-seen week. The SQL keeps to what DuckDB and Spark SQL share, so the
same text can run on Spark for users who outgrow one machine."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pandas as pd

USER = (
    "coalesce('u:' || user_id, 'a:' || anonymous_id)"  # one person counted once, as in the relational rollups
)

# Two passes: events per person first, then people per group. With almost one group per event, this is
# far quicker on DuckDB than COUNT(DISTINCT) over a joined user key (bench/usage_rollup.py). A person is
# their userId, else their anonymousId: the pair below is distinct exactly when USER is.
ROLLUP = """
SELECT account_id, day, event, SUM(n) AS count, COUNT(*) AS users
FROM (
  SELECT account_id, day, event, user_id, CASE WHEN user_id IS NULL THEN anonymous_id END AS anonymous,
         COUNT(*) AS n
  FROM events
  WHERE type IN ('track', 'page') AND account_id IS NOT NULL
  GROUP BY account_id, day, event, user_id, CASE WHEN user_id IS NULL THEN anonymous_id END
) AS per_person
GROUP BY account_id, day, event
"""

TREND = """
SELECT account_id,
       SUM(CASE WHEN day > CAST('{as_of}' AS DATE) - INTERVAL {days} DAY THEN count ELSE 0 END) AS recent,
       SUM(CASE WHEN day <= CAST('{as_of}' AS DATE) - INTERVAL {days} DAY
                 AND day > CAST('{as_of}' AS DATE) - INTERVAL {twice} DAY THEN count ELSE 0 END) AS prior
FROM usage
WHERE day <= CAST('{as_of}' AS DATE)
GROUP BY account_id
"""

# The one phrase the two engines spell differently: whole weeks between two days.
WEEKS_BETWEEN = {
    "duckdb": "CAST(FLOOR(date_diff('day', CAST({a} AS DATE), CAST({b} AS DATE)) / 7) AS INTEGER)",
    "spark": "CAST(FLOOR(datediff(CAST({b} AS DATE), CAST({a} AS DATE)) / 7) AS INT)",
}

COHORTS = """
WITH seen AS (
  SELECT {user} AS person, date_trunc('week', timestamp) AS week FROM events
  WHERE type IN ('track', 'page') GROUP BY 1, 2
), first AS (SELECT person, MIN(week) AS cohort FROM seen GROUP BY person)
SELECT CAST(first.cohort AS DATE) AS cohort,
       {weeks} AS week_index,
       COUNT(*) AS users
FROM seen JOIN first ON seen.person = first.person
GROUP BY 1, 2
ORDER BY 1, 2
"""


def connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")  # days are UTC days, as in the relational rollups
    con.execute("SET preserve_insertion_order = false")  # no query here relies on it; it costs a third
    if threads:
        con.execute(f"SET threads TO {int(threads)}")
    return con


def events_view(con: duckdb.DuckDBPyConnection, parquet_glob: str) -> None:
    """Point the `events` view at Parquet files (a glob such as `.../workspace=7/day=*/*.parquet`). The
    files carry their own `day` column; the folder names are for people and pruning, not read as columns."""
    source = f"read_parquet('{_quoted(parquet_glob)}', hive_partitioning = false)"
    con.execute(f"CREATE OR REPLACE VIEW events AS SELECT * FROM {source}")


def rollup(con: duckdb.DuckDBPyConnection) -> int:
    """Events and distinct users per account, day and event, over the `events` view, into the `usage`
    table of the connection (it stays in DuckDB for the queries that follow); returns its rows."""
    con.execute(f"CREATE OR REPLACE TABLE usage AS {ROLLUP}")
    ((rows,),) = con.execute("SELECT COUNT(*) FROM usage").fetchall()
    return int(rows)


def usage_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The `usage` table as a pandas frame."""
    frame: pd.DataFrame = con.sql("SELECT * FROM usage").df()
    return frame


def last_day(con: duckdb.DuckDBPyConnection) -> date | None:
    ((day,),) = con.execute("SELECT MAX(day) FROM usage").fetchall()
    return day if isinstance(day, date) else None


def trend(con: duckdb.DuckDBPyConnection, as_of: date, days: int = 30) -> pd.DataFrame:
    """Per account, from the `usage` table: events of the last `days` days, of the `days` before, and
    recent / prior - 1."""
    sql = TREND.format(as_of=as_of.isoformat(), days=int(days), twice=2 * int(days))
    out: pd.DataFrame = con.sql(sql).df()
    out["trend"] = (out["recent"] / out["prior"].where(out["prior"] > 0)) - 1
    return out


def cohorts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Users by the week they were first seen, and how many of them were active k weeks later."""
    frame: pd.DataFrame = con.sql(cohorts_sql("duckdb")).df()
    return frame


def cohorts_sql(engine: str) -> str:
    weeks = WEEKS_BETWEEN[engine].format(a="first.cohort", b="seen.week")
    return COHORTS.format(user=USER, weeks=weeks)


def on_spark(spark: Any, parquet_glob: str, as_of: date, days: int = 30) -> dict[str, list[tuple[Any, ...]]]:
    """The same three queries on Apache Spark (a SparkSession from the `steward[spark]` extra), for history
    that outgrows one machine; rows as tuples, sorted, for comparison and export."""
    spark.read.parquet(parquet_glob).createOrReplaceTempView("events")
    spark.sql(ROLLUP).createOrReplaceTempView("usage")
    trend_sql = TREND.format(as_of=as_of.isoformat(), days=int(days), twice=2 * int(days))
    return {
        "rollup": sorted(tuple(r) for r in spark.sql("SELECT * FROM usage").collect()),
        "trend": sorted(tuple(r) for r in spark.sql(trend_sql).collect()),
        "cohorts": sorted(tuple(r) for r in spark.sql(cohorts_sql("spark")).collect()),
    }


def _quoted(text: str) -> str:
    return text.replace("'", "''")
