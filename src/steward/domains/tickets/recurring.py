"""Recurring issues: groups of similar tickets from two or more accounts within a rolling window (TF-IDF
cosine similarity, see analytics.ticket_text). A group that keeps most of its tickets from one run to the
next stays the same issue. One that grows week on week is handed to success at once: a Risk CTA on the
work list of each affected account's CSM. A support lead can hand off or resolve any issue by hand."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.analytics.ticket_text import group_similar
from steward.core.clock import now_utc
from steward.core.errors import Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.ctas import service as ctas_service
from steward.domains.tickets import queries
from steward.domains.tickets.models import RecurringIssue, RecurringIssueTicket, Ticket
from steward.domains.tickets.schemas import RecurringIssueDetail, RecurringIssueRead

WINDOW_DAYS = 30
THRESHOLD = 0.4
MIN_TICKETS = 3
MIN_ACCOUNTS = 2
CTA_DUE_DAYS = 7
GROWTH = 2.0  # growing: this week at least twice the weekly average of the three weeks before


@dataclass(frozen=True)
class Detection:
    groups: int
    new: int
    growing: int
    handed_off: int


def detect(*, session: Session, workspace_id: int, now: datetime | None = None) -> Detection:
    now = now or now_utc()
    rows = queries.texts_since(session, workspace_id, now - timedelta(days=WINDOW_DAYS))
    groups = group_similar([text for _, _, _, text in rows], THRESHOLD, MIN_TICKETS)
    new = growing = handed = 0
    counted = 0
    for group in groups:
        members = [rows[i] for i in group.members]
        accounts = {account for _, account, _, _ in members if account is not None}
        if len(accounts) < MIN_ACCOUNTS:
            continue
        counted += 1
        issue, created = _issue_for(session, workspace_id, [ticket_id for ticket_id, *_ in members])
        new += created
        _refresh(session, issue, members, group.terms, now)
        growing += issue.growing
        if issue.growing and issue.status == "open":
            _hand_off(session, issue)
            handed += 1
    session.flush()
    return Detection(counted, new, growing, handed)


def hand_off(*, session: Session, workspace_id: int, issue_id: int) -> RecurringIssue:
    issue = get(session=session, workspace_id=workspace_id, issue_id=issue_id)
    if issue.status == "resolved":
        raise Invalid("a resolved issue is not handed off", ("path", "issue_id"))
    _hand_off(session, issue)
    return issue


def resolve(*, session: Session, workspace_id: int, issue_id: int, notes: str | None) -> RecurringIssue:
    issue = get(session=session, workspace_id=workspace_id, issue_id=issue_id)
    issue.status, issue.notes = "resolved", notes or issue.notes
    session.flush()
    return issue


def list_issues(
    *, session: Session, workspace_id: int, status: str | None = None
) -> list[RecurringIssueRead]:
    query = select(RecurringIssue).where(RecurringIssue.workspace_id == workspace_id)
    if status:
        query = query.where(RecurringIssue.status == status)
    rows = session.scalars(query.order_by(RecurringIssue.growing.desc(), RecurringIssue.accounts.desc()))
    return [RecurringIssueRead.model_validate(r) for r in rows]


def for_ticket(*, session: Session, workspace_id: int, ticket_id: int) -> list[RecurringIssueRead]:
    rows = session.scalars(
        select(RecurringIssue)
        .join(RecurringIssueTicket, RecurringIssueTicket.issue_id == RecurringIssue.id)
        .where(RecurringIssue.workspace_id == workspace_id, RecurringIssueTicket.ticket_id == ticket_id)
    )
    return [RecurringIssueRead.model_validate(r) for r in rows]


def detail(*, session: Session, workspace_id: int, issue_id: int) -> RecurringIssueDetail:
    issue = get(session=session, workspace_id=workspace_id, issue_id=issue_id)
    links = session.execute(
        select(RecurringIssueTicket.ticket_id, RecurringIssueTicket.account_id)
        .where(RecurringIssueTicket.issue_id == issue.id)
        .order_by(RecurringIssueTicket.ticket_id)
    ).all()
    return RecurringIssueDetail(
        **RecurringIssueRead.model_validate(issue).model_dump(),
        ticket_ids=[t for t, _ in links],
        account_ids=sorted({a for _, a in links if a is not None}),
    )


def get(*, session: Session, workspace_id: int, issue_id: int) -> RecurringIssue:
    issue = session.get(RecurringIssue, issue_id)
    if issue is None or issue.workspace_id != workspace_id:
        raise NotFound("recurring issue", issue_id)
    return issue


def _issue_for(session: Session, workspace_id: int, ticket_ids: list[int]) -> tuple[RecurringIssue, bool]:
    """The unresolved issue holding most of these tickets (at least half), else a new one."""
    linked = session.execute(
        select(RecurringIssueTicket.issue_id)
        .join(RecurringIssue, RecurringIssue.id == RecurringIssueTicket.issue_id)
        .where(RecurringIssueTicket.ticket_id.in_(ticket_ids), RecurringIssue.status != "resolved")
    ).scalars()
    best = Counter(linked).most_common(1)
    if best and best[0][1] * 2 >= len(ticket_ids):
        return get(session=session, workspace_id=workspace_id, issue_id=best[0][0]), False
    issue = RecurringIssue(
        workspace_id=workspace_id,
        title="",
        terms=[],
        status="open",
        tickets=0,
        accounts=0,
        last_week=0,
        week_before=0,
        growing=False,
        first_seen=now_utc(),
        last_seen=now_utc(),
    )
    session.add(issue)
    session.flush()
    return issue, True


def _refresh(
    session: Session,
    issue: RecurringIssue,
    members: list[tuple[int, int | None, datetime, str]],
    terms: list[str],
    now: datetime,
) -> None:
    have = set(
        session.scalars(
            select(RecurringIssueTicket.ticket_id).where(RecurringIssueTicket.issue_id == issue.id)
        )
    )
    for ticket_id, account_id, _, _ in members:
        if ticket_id not in have:
            session.add(
                RecurringIssueTicket(
                    workspace_id=issue.workspace_id,
                    issue_id=issue.id,
                    ticket_id=ticket_id,
                    account_id=account_id,
                )
            )
    session.flush()
    linked = session.execute(
        select(Ticket.account_id, Ticket.created_at)
        .join(RecurringIssueTicket, RecurringIssueTicket.ticket_id == Ticket.id)
        .where(RecurringIssueTicket.issue_id == issue.id)
    ).all()
    starts = [now - timedelta(days=7 * n) for n in range(5)]
    weeks = [sum(1 for _, at in linked if starts[n + 1] <= at < starts[n]) for n in range(4)]
    issue.tickets = len(linked)
    issue.accounts = len({a for a, _ in linked if a is not None})
    issue.last_week, issue.week_before = weeks[0], weeks[1]
    baseline = sum(weeks[1:]) / 3
    issue.growing = weeks[0] >= MIN_TICKETS and weeks[0] >= GROWTH * baseline
    issue.first_seen = min(at for _, at in linked)
    issue.last_seen = max(at for _, at in linked)
    issue.terms = terms
    issue.title = (", ".join(terms) or "similar tickets")[:300]


def _hand_off(session: Session, issue: RecurringIssue) -> None:
    """A Risk CTA for each affected account's CSM (one per account and issue: repeats update it)."""
    linked = session.scalars(
        select(RecurringIssueTicket.account_id).where(RecurringIssueTicket.issue_id == issue.id)
    )
    accounts = sorted({a for a in linked if a is not None})
    names = accounts_service.names(session=session, workspace_id=issue.workspace_id, ids=accounts)
    due = now_utc().date() + timedelta(days=CTA_DUE_DAYS)
    items = [
        ctas_service.RuleCta(
            account_id=a,
            type="risk",
            reason=f"Recurring issue #{issue.id}",
            title=f"{names.get(a, '')} is among {issue.accounts} accounts hit by: {issue.title}"[:300],
            priority="high" if issue.growing else "medium",
            due_date=due,
            rule_id=None,
            source="recurring_issue",
        )
        for a in accounts
    ]
    if items:
        ctas_service.upsert_rule_ctas(session=session, workspace_id=issue.workspace_id, items=items)
    issue.status = "handed_off"
    session.flush()
