"""Customer satisfaction on resolve. Solving a ticket opens its survey (one per ticket, never a second); the
delivery job e-mails a signed link, and one reminder if it goes unanswered; the customer answers once on the
public page (rating on the workspace's scale, an optional comment and follow-up answers). A forged link,
an expired one (410) and one already used (409) each get their own answer."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from steward.core.clock import now_utc, report_window, start_of_day
from steward.core.errors import Conflict, Gone, Invalid, NotFound
from steward.core.security import signed, unsigned
from steward.domains.contacts import service as contacts_service
from steward.domains.mail import service as mail_service
from steward.domains.tickets.models import CsatSurvey, Ticket
from steward.domains.tickets.schemas import (
    POSITIVE,
    SCALES,
    CsatRead,
    CsatReport,
    CsatResponse,
    CsatRow,
    CsatSettings,
)
from steward.domains.workspaces import service as workspaces_service

SETTINGS_KEY = "csat"
PURPOSE = "csat"
REPORT_DAYS = 90
RECENT = timedelta(days=1)


def settings(*, session: Session, workspace_id: int) -> CsatSettings:
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    return CsatSettings(**(ws.settings or {}).get(SETTINGS_KEY, {}))


def set_settings(*, session: Session, workspace_id: int, data: CsatSettings) -> CsatSettings:
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    ws.settings = {**(ws.settings or {}), SETTINGS_KEY: data.model_dump()}
    session.flush()
    return data


def on_solved(session: Session, ticket: Ticket, at: datetime) -> CsatSurvey | None:
    """Open the ticket's survey the first time it is solved (if CSAT is on and someone can be asked)."""
    config = settings(session=session, workspace_id=ticket.workspace_id)
    if not config.enabled or at < now_utc() - RECENT:  # an imported old ticket: no survey years later
        return None
    existing = session.scalars(select(CsatSurvey).where(CsatSurvey.ticket_id == ticket.id)).first()
    if existing is not None:
        return None
    return _open(session, ticket, config, at)


def _open(session: Session, ticket: Ticket, config: CsatSettings, at: datetime) -> CsatSurvey:
    address = ticket.requester_email
    if address is None and ticket.contact_id is not None:
        contact = contacts_service.get_contact(
            session=session, workspace_id=ticket.workspace_id, contact_id=ticket.contact_id
        )
        address = contact.email
    survey = CsatSurvey(
        workspace_id=ticket.workspace_id,
        ticket_id=ticket.id,
        account_id=ticket.account_id,
        agent_id=ticket.assignee_id,
        team_id=ticket.team_id,
        to_address=address,
        scale=config.scale,
        questions=list(config.questions),
        nonce=secrets.token_urlsafe(12),
        created_at=at,
        expires_at=at + timedelta(days=config.expires_days),
        answers={},
    )
    session.add(survey)
    session.flush()
    return survey


def survey_of(*, session: Session, workspace_id: int, ticket_id: int) -> CsatSurvey:
    """The ticket's survey, opened now if the ticket is solved and has none (CSAT on or off)."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or ticket.workspace_id != workspace_id:
        raise NotFound("ticket", ticket_id)
    survey = session.scalars(select(CsatSurvey).where(CsatSurvey.ticket_id == ticket_id)).first()
    if survey is not None:
        return survey
    if ticket.solved_at is None:
        raise Invalid("the ticket is not solved: its survey opens when it is", ("path", "ticket_id"))
    config = settings(session=session, workspace_id=workspace_id)
    return _open(session, ticket, config, now_utc())


def link(survey: CsatSurvey, secret: str, base_url: str) -> str:
    token = signed(secret, PURPOSE, str(survey.id), survey.nonce, str(int(survey.expires_at.timestamp())))
    return f"{base_url.rstrip('/')}/csat/{token}"


def deliver(
    *,
    session: Session,
    secret: str,
    base_url: str,
    now: datetime | None = None,
    workspace_id: int | None = None,
) -> int:
    """Queue the e-mail of every survey not sent yet, and the one reminder of those due one (of one
    workspace, or of all); returns how many messages were queued."""
    now = now or now_utc()
    queued = 0
    query = select(CsatSurvey).where(*_unsent(now))
    if workspace_id is not None:
        query = query.where(CsatSurvey.workspace_id == workspace_id)
    for survey in session.scalars(query):
        reminder_days = settings(session=session, workspace_id=survey.workspace_id).reminder_days
        if survey.sent_at is None:
            subject = f"How did we do? [#{survey.ticket_id}]"
        elif reminder_days and survey.sent_at <= now - timedelta(days=reminder_days):
            subject = f"A moment to rate our help? [#{survey.ticket_id}]"
        else:
            continue
        body = _message(session, survey, link(survey, secret, base_url))
        item = mail_service.Outgoing(str(survey.to_address), subject, body, account_id=survey.account_id)
        queued += mail_service.enqueue(session=session, workspace_id=survey.workspace_id, items=[item])[0]
        if survey.sent_at is None:
            survey.sent_at = now
        else:
            survey.reminded_at = now
    session.flush()
    return queued


def workspaces_to_deliver(*, session: Session, now: datetime | None = None) -> list[int]:
    query = select(CsatSurvey.workspace_id).where(*_unsent(now or now_utc())).distinct()
    return list(session.scalars(query.order_by(CsatSurvey.workspace_id)))


def _unsent(now: datetime) -> tuple[ColumnElement[bool], ...]:
    """Unanswered, unexpired surveys with an address, not reminded yet."""
    return (
        CsatSurvey.responded_at.is_(None),
        CsatSurvey.expires_at > now,
        CsatSurvey.to_address.is_not(None),
        CsatSurvey.reminded_at.is_(None),
    )


def _message(session: Session, survey: CsatSurvey, url: str) -> str:
    ticket = session.get(Ticket, survey.ticket_id)
    subject = ticket.subject if ticket else ""
    return (
        f"Your request #{survey.ticket_id} ({subject}) was solved.\n\n"
        f"How satisfied are you with the help you got? One click to answer:\n{url}\n\n"
        f"The link works once and until {survey.expires_at:%d %B %Y}."
    )


def survey_for(*, session: Session, token: str, secret: str, now: datetime | None = None) -> CsatSurvey:
    """The survey a link names: NotFound for a forged or unknown link, Expired after its time."""
    parts = unsigned(secret, PURPOSE, token, 3)
    if parts is None or not parts[0].isdigit() or not parts[2].isdigit():
        raise NotFound("survey", "link", ("path", "token"))
    survey = session.get(CsatSurvey, int(parts[0]))
    if survey is None or survey.nonce != parts[1]:
        raise NotFound("survey", "link", ("path", "token"))
    if survey.expires_at <= (now or now_utc()):
        raise Gone(f"this survey closed on {survey.expires_at:%d %B %Y}", ("path", "token"))
    return survey


def respond(*, session: Session, token: str, secret: str, data: CsatResponse) -> CsatSurvey:
    return _answer(session, survey_for(session=session, token=token, secret=secret), data)


def rate_ticket(*, session: Session, workspace_id: int, ticket_id: int, data: CsatResponse) -> CsatSurvey:
    """The same answer given in the customer portal: the solved ticket's survey (opened now if it has none),
    once, while it is open."""
    survey = survey_of(session=session, workspace_id=workspace_id, ticket_id=ticket_id)
    if survey.expires_at <= now_utc():
        raise Gone(f"rating this ticket closed on {survey.expires_at:%d %B %Y}", ("body", "rating"))
    return _answer(session, survey, data)


def _answer(session: Session, survey: CsatSurvey, data: CsatResponse) -> CsatSurvey:
    if survey.responded_at is not None:
        raise Conflict(
            f"this survey was answered on {survey.responded_at:%d %B %Y}; thank you", ("path", "token")
        )
    allowed = SCALES[survey.scale]
    if data.rating not in allowed:
        raise Invalid(
            f"rating must be one of {', '.join(map(str, allowed))} on this survey", ("body", "rating")
        )
    unknown = [q for q in data.answers if q not in survey.questions]
    if unknown:
        raise Invalid(f"{unknown[0]!r} is not one of this survey's questions", ("body", "answers"))
    # Answered only if still unanswered when written: of two answers at once, the second is told so.
    done = session.execute(
        update(CsatSurvey)
        .where(CsatSurvey.id == survey.id, CsatSurvey.responded_at.is_(None))
        .values(
            rating=data.rating,
            comment=data.comment or None,
            answers=dict(data.answers),
            responded_at=now_utc(),
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(done, "rowcount", 0) != 1:
        raise Conflict("this survey was answered a moment ago; thank you", ("path", "token"))
    session.refresh(survey)
    return survey


def responses(
    *, session: Session, workspace_id: int, ticket_id: int | None = None, limit: int = 100
) -> list[CsatRead]:
    query = select(CsatSurvey).where(
        CsatSurvey.workspace_id == workspace_id, CsatSurvey.responded_at.is_not(None)
    )
    if ticket_id is not None:
        query = query.where(CsatSurvey.ticket_id == ticket_id)
    rows = session.scalars(query.order_by(CsatSurvey.responded_at.desc()).limit(limit))
    return [CsatRead.model_validate(r) for r in rows]


def report(
    *,
    session: Session,
    workspace_id: int,
    by: str = "agent",
    start: date | None = None,
    end: date | None = None,
) -> CsatReport:
    """CSAT (the share of positive answers: 4-5 of five, a thumb up, the two happiest faces) and the response
    rate, by agent, team, account or month, over the surveys opened (tickets solved) in [start, end)."""
    start, end = report_window(start, end, REPORT_DAYS)
    rows = session.scalars(
        select(CsatSurvey).where(
            CsatSurvey.workspace_id == workspace_id,
            CsatSurvey.created_at >= start_of_day(start),
            CsatSurvey.created_at < start_of_day(end),
        )
    ).all()
    groups: dict[str, list[CsatSurvey]] = {}
    for survey in rows:
        groups.setdefault(_key(survey, by), []).append(survey)
    return CsatReport(
        by=by,
        start=start,
        end=end,
        overall=_row("all", rows),
        rows=[_row(k, g) for k, g in sorted(groups.items())],
    )


def _key(survey: CsatSurvey, by: str) -> str:
    if by == "month":
        return f"{survey.created_at:%Y-%m}"
    value = {"agent": survey.agent_id, "team": survey.team_id, "account": survey.account_id}[by]
    return "none" if value is None else str(value)


def _row(key: str, surveys: Sequence[CsatSurvey]) -> CsatRow:
    answered = [s for s in surveys if s.rating is not None]
    positive = sum(1 for s in answered if s.rating in POSITIVE[s.scale])
    return CsatRow(
        key=key,
        responses=len(answered),
        positive=positive,
        csat=positive / len(answered) if answered else None,
        sent=len(surveys),
        response_rate=len(answered) / len(surveys) if surveys else None,
    )
