"""SLA reporting over the stored clocks: the share of SLAs met per metric, agent, team, account, priority or
month, and the first response and resolution times (median, 90th percentile) in business minutes. A clock
still open counts as breached once it is past due, and as running (left out of the share) before."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    case,
    false,
    func,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from steward.core.clock import now_utc, report_window, start_of_day, today_utc
from steward.domains.tickets import queries
from steward.domains.tickets.models import SlaClock, Ticket
from steward.domains.tickets.schemas import SlaReport, SlaRow, TicketPage, TicketRead

DEFAULT_DAYS = 90
GROUPS = {
    "metric": "metric",
    "agent": "assignee_id",
    "team": "team_id",
    "account": "account_id",
    "priority": "priority",
    "month": "month",
}


def sla_report(
    *,
    session: Session,
    workspace_id: int,
    by: str = "metric",
    start: date | None = None,
    end: date | None = None,
    now: datetime | None = None,
) -> SlaReport:
    """Counted in the database (a row per group and state) and the times' quantiles from the fulfilled
    clocks' business seconds alone: no clock row is turned into a Python object."""
    start, end = report_window(start, end, DEFAULT_DAYS)
    now = now or now_utc()
    key = _group_key(session, by)
    state = queries.clock_state(now)
    counts: dict[str, dict[str, int]] = {}
    query = _clocks(select(key, state, func.count()), workspace_id, by, start, end).group_by(key, state)
    for value, st, n in session.execute(query):
        counts.setdefault(_key_text(value), {})[st] = int(n)
    times = _times(session, workspace_id, by, key, start, end)
    rows = [_row(k, states, times.get(k, {})) for k, states in sorted(counts.items())]
    total = {st: sum(c.get(st, 0) for c in counts.values()) for st in STATES}
    overall = _row("all", total, times.get(ALL, {}))
    return SlaReport(by=by, start=start, end=end, overall=overall, rows=rows)


def drill(
    *,
    session: Session,
    workspace_id: int,
    by: str,
    key: str,
    state: str | None = None,
    metric: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> TicketPage:
    """The tickets behind a figure of the report, newest first: those with a clock in group `key` that
    started in [start, end), in `state` and of `metric` when given (the report's own predicates)."""
    start, end = report_window(start, end, DEFAULT_DAYS)
    now = now_utc()
    column = _group_key(session, by)
    query = _clocks(select(SlaClock.ticket_id), workspace_id, by, start, end)
    query = query.where(_is_key(column, key))
    if state is not None:
        query = query.where(queries.clock_state(now) == state)
    if metric is not None:
        query = query.where(SlaClock.metric == metric)
    ids = query.distinct().subquery()
    total = int(session.scalar(select(func.count()).select_from(ids)) or 0)
    newest = select(Ticket).where(Ticket.id.in_(select(ids.c.ticket_id))).order_by(Ticket.id.desc())
    tickets = session.scalars(newest.limit(limit).offset(offset))
    return TicketPage(items=[TicketRead.listed(t, now) for t in tickets], total=total)


STATES = ("met", "breached", "running")
ALL = "\0all"  # the key of every clock together in the times; no group is named so


def _group_key(session: Session, by: str) -> ColumnElement[Any]:
    if by == "month":
        if session.get_bind().dialect.name == "postgresql":
            return func.to_char(func.timezone("UTC", SlaClock.activated_at), "YYYY-MM")
        return func.substr(type_coerce(SlaClock.activated_at, String), 1, 7)  # stored as ISO text
    if by == "account":
        return Ticket.account_id.expression
    column: ColumnElement[Any] = getattr(SlaClock, GROUPS[by])
    return column


def _is_key(column: ColumnElement[Any], key: str) -> ColumnElement[bool]:
    """The report's key text back to a condition on the column (ids compare as numbers, "none" is null)."""
    if key == "none":
        return column.is_(None)
    if isinstance(column.type, Integer):
        return column == int(key) if key.isdigit() else false()
    return column == key


def _clocks(query: Select[Any], workspace_id: int, by: str, start: date, end: date) -> Select[Any]:
    if by == "account":
        query = query.join(Ticket, Ticket.id == SlaClock.ticket_id)
    return query.where(
        SlaClock.workspace_id == workspace_id,
        SlaClock.activated_at >= start_of_day(start),
        SlaClock.activated_at < start_of_day(end),
    )


def _times(
    session: Session, workspace_id: int, by: str, key: ColumnElement[Any], start: date, end: date
) -> dict[str, dict[str, tuple[float, float]]]:
    """group -> metric -> (median, p90) in business minutes of the fulfilled first responses and
    resolutions, and the same over every group under ALL."""
    query = _clocks(select(key, SlaClock.metric, SlaClock.business_seconds), workspace_id, by, start, end)
    query = query.where(SlaClock.fulfilled_at.is_not(None), SlaClock.metric.in_(TIMED))
    rows = session.connection().execute(query).all()
    if not rows:
        return {}
    keys, metrics, seconds = zip(*rows, strict=True)
    minutes = np.array(seconds, dtype=float) / 60
    groups = pd.Series(keys, dtype=object).fillna("none")  # ids stay ints: no float from a missing one
    frame = pd.DataFrame({"key": groups, "metric": metrics, "minutes": minutes})
    levels = np.array([0.5, 0.9])
    out: dict[str, dict[str, tuple[float, float]]] = {}
    by_group = frame.groupby(["key", "metric"], sort=False)["minutes"]
    each: dict[Any, dict[Any, float]] = by_group.quantile(levels).unstack().to_dict("index")
    for (group, metric), q in each.items():
        out.setdefault(_key_text(group), {})[metric] = (q[0.5], q[0.9])
    overall: dict[Any, dict[Any, float]] = (
        frame.groupby("metric")["minutes"].quantile(levels).unstack().to_dict("index")
    )
    out[ALL] = {metric: (q[0.5], q[0.9]) for metric, q in overall.items()}
    return out


TIMED = ("first_response", "resolution")


def _key_text(value: Any) -> str:
    return "none" if value is None else str(value)


def _row(key: str, states: dict[str, int], times: dict[str, tuple[float, float]]) -> SlaRow:
    met, breached, running = (states.get(s, 0) for s in STATES)
    first, resolution = (times.get(m, (None, None)) for m in TIMED)
    return SlaRow(
        key=key,
        met=met,
        breached=breached,
        running=running,
        share_met=met / (met + breached) if met + breached else None,
        first_response_median=_minutes(first[0]),
        first_response_p90=_minutes(first[1]),
        resolution_median=_minutes(resolution[0]),
        resolution_p90=_minutes(resolution[1]),
    )


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def backlog(
    *, session: Session, workspace_id: int, days: int = 90, today: date | None = None
) -> list[tuple[date, int]]:
    """Tickets open at the end of each of the last `days` days (open: created, and not solved by then)."""
    today = today or today_utc()
    first = today - timedelta(days=days - 1)
    rows = session.execute(
        select(Ticket.created_at, Ticket.solved_at).where(
            Ticket.workspace_id == workspace_id,
            Ticket.created_at < start_of_day(today + timedelta(days=1)),
            (Ticket.solved_at.is_(None)) | (Ticket.solved_at >= start_of_day(first)),
        )
    ).all()
    created = np.sort(np.array([c.timestamp() for c, _ in rows]))
    solved = np.sort(np.array([s.timestamp() for _, s in rows if s is not None]))
    out = []
    for n in range(days):
        end = start_of_day(first + timedelta(days=n + 1)).timestamp()
        opened = int(np.searchsorted(created, end, side="left"))
        closed = int(np.searchsorted(solved, end, side="left"))
        out.append((first + timedelta(days=n), opened - closed))
    return out


BUCKETS = ((60, "under 1 h"), (240, "1-4 h"), (480, "4-8 h"), (1440, "8-24 h"), (None, "over 24 h"))


def first_response_buckets(
    *, session: Session, workspace_id: int, start: date, end: date
) -> list[tuple[str, int]]:
    """How many first responses in [start, end) took how long (business time), for a bar chart."""
    minutes = SlaClock.business_seconds / 60
    edges = [high for high, _ in BUCKETS if high is not None]
    bucket = case(*[(minutes < high, n) for n, high in enumerate(edges)], else_=len(edges))
    query = _clocks(select(bucket, func.count()), workspace_id, "metric", start, end).where(
        SlaClock.metric == "first_response", SlaClock.fulfilled_at.is_not(None)
    )
    counts = {int(b): int(n) for b, n in session.execute(query.group_by(bucket))}
    return [(label, counts.get(n, 0)) for n, (_, label) in enumerate(BUCKETS)]


def to_csv(report: SlaReport) -> str:
    """The report as CSV (one row per group, then the total)."""
    fields = list(SlaRow.model_fields)
    lines = [",".join(fields)]
    for row in [*report.rows, report.overall]:
        values = row.model_dump()
        lines.append(",".join(_cell(values[f]) for f in fields))
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(round(value, 4)) if isinstance(value, float) else str(value)
    if text[:1] in ("=", "+", "-", "@"):  # a spreadsheet must not read a cell as a formula
        text = "'" + text
    return f'"{text}"' if any(c in text for c in ',"\n') else text
