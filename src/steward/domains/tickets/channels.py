"""The service desk by channel: tickets opened, first response and resolution times (median, business
minutes, from the fulfilled SLA clocks) and CSAT per channel beside the help center's views and deflections
(report), for the workspace or one account; and each account's tickets per channel since a moment (rule
fields). Every channel of schemas.Channel has a line, so a new channel shows as soon as it is added there."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, get_args

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steward.core.clock import report_window, start_of_day
from steward.domains.accounts import service as accounts_service
from steward.domains.helpcenter import service as helpcenter_service
from steward.domains.tickets.channel_schemas import ChannelLine, ChannelReport
from steward.domains.tickets.models import CsatSurvey, SlaClock, Ticket
from steward.domains.tickets.schemas import POSITIVE, Channel

CHANNELS: tuple[str, ...] = get_args(Channel)
TIMED = ("first_response", "resolution")
SELF_SERVICE = "help_center"  # articles read on the public help center, not from a ticket form
DEFAULT_DAYS = 30


def report(
    *,
    session: Session,
    workspace_id: int,
    start: date | None = None,
    end: date | None = None,
    account_id: int | None = None,
) -> ChannelReport:
    """A line per ticket channel with the help center's views and deflections from that channel's ticket
    form, then help_center (reading on the public site; the workspace's report only: an account's public
    reading is nobody's) and any other channel stored; [start, end), by default the last 30 days. One
    account's tickets and its contacts' reading when `account_id` is given (another workspace's: not
    found)."""
    start, end = report_window(start, end, DEFAULT_DAYS)
    if account_id is not None:
        accounts_service.get_account(session=session, workspace_id=workspace_id, account_id=account_id)
    since, until = start_of_day(start), start_of_day(end)
    desk = {row.channel: row for row in by_channel(session, workspace_id, since, until, account_id)}
    reading = helpcenter_service.self_service_by_channel(
        session=session, workspace_id=workspace_id, start=since, end=until, account_id=account_id
    )
    always = [SELF_SERVICE] if account_id is None else []
    others = sorted(reading.keys() - desk.keys(), key=lambda c: (c != SELF_SERVICE, c))
    lines = [_line(c, desk.get(c), reading.get(c, (0, 0))) for c in dict.fromkeys([*desk, *always, *others])]
    return ChannelReport(start=start, end=end, account_id=account_id, lines=lines)


def _line(channel: str, row: ChannelRow | None, reading: tuple[int, int]) -> ChannelLine:
    return ChannelLine(
        channel=channel,
        tickets=row.tickets if row else 0,
        first_response_median=row.first_response_median if row else None,
        resolution_median=row.resolution_median if row else None,
        csat=row.csat if row else None,
        csat_responses=row.csat_responses if row else 0,
        article_views=reading[0],
        deflected=reading[1],
    )


@dataclass(frozen=True)
class ChannelRow:
    channel: str
    tickets: int
    first_response_median: float | None  # business minutes
    resolution_median: float | None
    csat: float | None  # share of positive answers
    csat_responses: int


def by_channel(
    session: Session, workspace_id: int, start: datetime, end: datetime, account_id: int | None = None
) -> list[ChannelRow]:
    """A row per channel (the known ones first, then any other stored): tickets opened in [start, end), the
    median times of the clocks started then, and CSAT over the surveys of tickets solved then."""
    scope: list[Any] = [Ticket.workspace_id == workspace_id]
    if account_id is not None:
        scope.append(Ticket.account_id == account_id)
    opened = select(Ticket.channel, func.count()).where(
        *scope, Ticket.created_at >= start, Ticket.created_at < end
    )
    tickets = {str(c): int(n) for c, n in session.execute(opened.group_by(Ticket.channel))}
    clocks = (
        select(Ticket.channel, SlaClock.metric, SlaClock.business_seconds)
        .join(Ticket, Ticket.id == SlaClock.ticket_id)
        .where(
            *scope,
            SlaClock.workspace_id == workspace_id,
            SlaClock.activated_at >= start,
            SlaClock.activated_at < end,
            SlaClock.fulfilled_at.is_not(None),
            SlaClock.metric.in_(TIMED),
        )
    )
    seconds: dict[tuple[str, str], list[float]] = {}
    for channel, metric, s in session.execute(clocks):
        seconds.setdefault((str(channel), str(metric)), []).append(float(s or 0))
    surveys = (
        select(Ticket.channel, CsatSurvey.scale, CsatSurvey.rating)
        .join(Ticket, Ticket.id == CsatSurvey.ticket_id)
        .where(
            *scope,
            CsatSurvey.workspace_id == workspace_id,
            CsatSurvey.created_at >= start,
            CsatSurvey.created_at < end,
            CsatSurvey.rating.is_not(None),
        )
    )
    answers: dict[str, list[bool]] = {}
    for channel, scale, rating in session.execute(surveys):
        answers.setdefault(str(channel), []).append(rating in POSITIVE.get(str(scale), ()))
    seen = tickets.keys() | answers.keys() | {c for c, _ in seconds}
    order = [*CHANNELS, *sorted(seen - set(CHANNELS))]
    return [
        ChannelRow(
            channel=c,
            tickets=tickets.get(c, 0),
            first_response_median=_median(seconds.get((c, "first_response"))),
            resolution_median=_median(seconds.get((c, "resolution"))),
            csat=sum(answers[c]) / len(answers[c]) if answers.get(c) else None,
            csat_responses=len(answers.get(c, [])),
        )
        for c in order
    ]


def account_counts(
    session: Session, workspace_id: int, since: datetime, account_ids: Collection[int] | None = None
) -> dict[tuple[int, str], int]:
    """(account id, channel) -> tickets the account opened on that channel since `since`."""
    query = select(Ticket.account_id, Ticket.channel, func.count()).where(
        Ticket.workspace_id == workspace_id, Ticket.account_id.is_not(None), Ticket.created_at >= since
    )
    if account_ids is not None:
        query = query.where(Ticket.account_id.in_(list(account_ids)))
    rows = session.execute(query.group_by(Ticket.account_id, Ticket.channel))
    return {(int(a or 0), str(c)): int(n) for a, c, n in rows}  # account never null here (the query's filter)


def _median(values: list[float] | None) -> float | None:
    return round(float(np.median(values)) / 60, 1) if values else None
