"""SLA reporting over the stored clocks: the share of SLAs met per metric, agent, team, account, priority or
month, and the first response and resolution times (median, 90th percentile) in business minutes. A clock
still open counts as breached once it is past due, and as running (left out of the share) before."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from steward.core.clock import now_utc, report_window, start_of_day, today_utc
from steward.domains.tickets.models import SlaClock, Ticket
from steward.domains.tickets.schemas import SlaReport, SlaRow

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
) -> SlaReport:
    start, end = report_window(start, end, DEFAULT_DAYS)
    return grouped(score(clocks_frame(session, workspace_id, start, end), now_utc()), by, start, end)


def grouped(scored: pd.DataFrame, by: str, start: date, end: date) -> SlaReport:
    """The report by `by` from clocks already read and scored (a page showing several groupings reads the
    clocks once)."""
    overall = _rows(scored.assign(everything="all"), "everything")
    return SlaReport(
        by=by,
        start=start,
        end=end,
        overall=overall[0] if overall else _empty("all"),
        rows=_rows(scored, GROUPS[by]),
    )


def clocks_frame(session: Session, workspace_id: int, start: date, end: date) -> pd.DataFrame:
    """The clocks that started in [start, end), one row each. Moments are read as the driver gives them and
    converted by pandas a column at a time (per-row type processing cost more than the query)."""
    moments = [
        type_coerce(c, String).label(c.key)
        for c in (SlaClock.activated_at, SlaClock.fulfilled_at, SlaClock.due_at)
    ]
    query = (
        select(
            SlaClock.ticket_id,
            SlaClock.metric,
            SlaClock.priority,
            SlaClock.assignee_id,
            SlaClock.team_id,
            Ticket.account_id,
            *moments,
            SlaClock.breached,
            SlaClock.business_seconds,
        )
        .join(Ticket, Ticket.id == SlaClock.ticket_id)
        .where(
            SlaClock.workspace_id == workspace_id,
            SlaClock.activated_at >= start_of_day(start),
            SlaClock.activated_at < start_of_day(end),
        )
    )
    columns = [
        "ticket_id",
        "metric",
        "priority",
        "assignee_id",
        "team_id",
        "account_id",
        "activated_at",
        "fulfilled_at",
        "due_at",
        "breached",
        "business_seconds",
    ]
    rows = session.connection().execute(query).all()
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(dict(zip(columns, zip(*rows, strict=True), strict=True)))
    for column in ("activated_at", "fulfilled_at", "due_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
    return frame


def score(frame: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """Each clock's state: met, breached or running."""
    if frame.empty:
        return frame.assign(state=pd.Series(dtype=str), month=pd.Series(dtype=str))
    fulfilled = frame["fulfilled_at"].notna()
    due = frame["due_at"]
    breached = frame["breached"].astype(bool) | (~fulfilled & (due <= pd.Timestamp(now)))
    state = (
        pd.Series("running", index=frame.index).mask(fulfilled & ~breached, "met").mask(breached, "breached")
    )
    month = frame["activated_at"].dt.strftime("%Y-%m")
    out = frame.assign(state=state, month=month)
    for column in ("assignee_id", "team_id", "account_id"):
        out[column] = out[column].astype("Int64").astype("string").fillna("none")
    return out


def _rows(scored: pd.DataFrame, key: str) -> list[SlaRow]:
    """One row per value of `key`, all groups at once (per-group pandas calls cost milliseconds each)."""
    if scored.empty:
        return []
    counts: dict[Any, dict[Any, Any]] = pd.crosstab(scored[key], scored["state"]).to_dict("index")
    done = scored[scored["fulfilled_at"].notna()]
    levels = np.array([0.5, 0.9])
    times = {
        metric: (
            done[done["metric"] == metric].groupby(key)["business_seconds"].quantile(levels).unstack() / 60
        )
        .round(1)
        .to_dict("index")
        for metric in ("first_response", "resolution")
    }
    out = []
    for value, states in counts.items():
        met, breached, running = (int(states.get(s, 0)) for s in ("met", "breached", "running"))
        first, resolution = (times[m].get(value, {}) for m in ("first_response", "resolution"))
        out.append(
            SlaRow(
                key=str(value),
                met=met,
                breached=breached,
                running=running,
                share_met=met / (met + breached) if met + breached else None,
                first_response_median=first.get(0.5),
                first_response_p90=first.get(0.9),
                resolution_median=resolution.get(0.5),
                resolution_p90=resolution.get(0.9),
            )
        )
    return out


def _empty(key: str) -> SlaRow:
    return SlaRow(
        key=key,
        met=0,
        breached=0,
        running=0,
        share_met=None,
        first_response_median=None,
        first_response_p90=None,
        resolution_median=None,
        resolution_p90=None,
    )


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


BUCKETS = ((60, "under 1 h"), (240, "1-4 h"), (480, "4-8 h"), (1440, "8-24 h"), (float("inf"), "over 24 h"))


def first_response_buckets(report_frame: pd.DataFrame) -> list[tuple[str, int]]:
    """How many first responses took how long (business time), for a bar chart."""
    done = report_frame[(report_frame["metric"] == "first_response") & report_frame["fulfilled_at"].notna()]
    minutes = (done["business_seconds"] / 60).to_numpy() if not done.empty else np.array([])
    out, low = [], 0.0
    for high, label in BUCKETS:
        out.append((label, int(((minutes >= low) & (minutes < high)).sum())))
        low = high
    return out


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
