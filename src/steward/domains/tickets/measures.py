"""What support tells a health score about each account, as of the end of a day: tickets opened in the
last 90 days, tickets still open, tickets that breached an SLA in the last 90 days, the share of satisfied
CSAT answers in the last 90 days, and the recurring issues the account is caught in."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from steward.core.clock import now_utc, start_of_day
from steward.domains.tickets import queries
from steward.domains.tickets.schemas import POSITIVE, IssueBrief, SupportSummary
from steward.domains.tickets.schemas import SUPPORT_COUNTS as COUNTS

WINDOW = timedelta(days=90)


def for_days(
    session: Session, workspace_id: int, days: Sequence[date], account_ids: Collection[int] | None = None
) -> dict[date, pd.DataFrame]:
    """Per day, a frame indexed by account id with schemas.SUPPORT_INPUTS as columns; accounts without tickets
    are absent (their counts are 0 and their CSAT unknown: the caller fills them in)."""
    if not days:
        return {}
    since = start_of_day(min(days)) - WINDOW
    tickets = _frame(queries.account_tickets(session, workspace_id, since, account_ids), "created", "solved")
    breaches = _frame(queries.account_breaches(session, workspace_id, since, account_ids), "ticket", "at")
    answers = _frame(queries.account_csat(session, workspace_id, since, account_ids), "at", "scale", "rating")
    answers["good"] = [r in POSITIVE[s] for s, r in zip(answers["scale"], answers["rating"], strict=True)]
    issues = _frame(
        queries.account_issues(session, workspace_id, account_ids), "issue", "first", "detected", "closed"
    )
    out = {}
    for day in days:
        end = pd.Timestamp(day + timedelta(days=1))  # midnight UTC, naive like the columns
        start = end - WINDOW
        opened = tickets["created"] < end
        frame = pd.DataFrame({
            "tickets_90d": _count(tickets, opened & (tickets["created"] >= start)),
            "open_tickets": _count(tickets, opened & ~(tickets["solved"] < end)),
            "sla_breaches_90d": _distinct(breaches, (breaches["at"] >= start) & (breaches["at"] < end)),
            "recurring_issues": _count(issues, _caught(issues, end)),
        })  # fmt: skip
        recent = answers[(answers["at"] >= start) & (answers["at"] < end)]
        frame["csat_90d"] = recent.groupby("account_id")["good"].mean() * 100
        frame[list(COUNTS)] = frame[list(COUNTS)].fillna(0.0)
        out[day] = frame
    return out


def _frame(rows: list[Any], *columns: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["account_id", *columns])
    for column in columns:
        if column in ("created", "solved", "at", "first", "detected", "closed"):
            frame[column] = pd.to_datetime(frame[column], utc=True).dt.tz_localize(None)
    return frame


def _caught(issues: pd.DataFrame, end: pd.Timestamp) -> pd.Series:
    """Caught before `end`: a ticket in the issue and the issue detected by then, not yet resolved (see
    queries.account_issues for what these times can and cannot say)."""
    mask: pd.Series = (issues["first"] < end) & (issues["detected"] < end) & ~(issues["closed"] < end)
    return mask


def _count(frame: pd.DataFrame, mask: pd.Series) -> pd.Series:
    counts: pd.Series = frame.loc[mask, "account_id"].value_counts()
    return counts.astype(float)


def _distinct(frame: pd.DataFrame, mask: pd.Series) -> pd.Series:
    counts: pd.Series = frame.loc[mask].groupby("account_id")["ticket"].nunique()
    return counts.astype(float)


def account_summary(
    session: Session, workspace_id: int, account_id: int, start: date, end: date, top: int = 5
) -> SupportSummary:
    """The account's support from `start` to `end` (both included)."""
    since, until = start_of_day(start), start_of_day(end + timedelta(days=1))
    period = queries.account_period(session, workspace_id, account_id, since, until, now_utc())
    met, breached = (int(period["states"].get(s, 0)) for s in ("met", "breached"))
    answers = [
        (scale, rating)
        for a, at, scale, rating in queries.account_csat(session, workspace_id, since, [account_id])
        if at is not None and at < until and rating is not None
    ]
    firsts = period["first_responses"]
    labels = sorted(period["labels"].items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return SupportSummary(
        tickets_opened=period["opened"],
        open_now=period["open_now"],
        sla_met=met,
        sla_breached=breached,
        share_met=met / (met + breached) if met + breached else None,
        first_response_median=round(float(np.median(firsts)) / 60, 1) if firsts else None,
        csat=sum(r in POSITIVE[s] for s, r in answers) / len(answers) if answers else None,
        csat_responses=len(answers),
        top_categories=dict(labels),
        recurring_issues=[
            IssueBrief(id=i.id, title=i.title, status=i.status)
            for i in queries.issues_of_account(session, workspace_id, account_id)
        ],
    )
