"""Recurring issues: tickets about the same problem from two or more accounts within a rolling window,
whatever their language and wording (the cosine similarity of their e5 vectors, stored once per text by the
reading domain; see analytics.ticket_text.group_by_meaning). Each is named in the customers' words: its
title is the most central ticket's subject, its terms the few most central subjects. A group that keeps
most of its tickets from one run to the next stays the same issue. One that grows week on week is handed
to success at once: a Risk CTA on the work list of each affected account's CSM. A support lead can hand
off or resolve any issue by hand."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.analytics.text import Cluster
from steward.analytics.ticket_text import group_by_meaning
from steward.core.clock import now_utc
from steward.core.db import serialize
from steward.core.errors import Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.ctas import service as ctas_service
from steward.domains.reading import service as reading_service
from steward.domains.tickets import queries
from steward.domains.tickets.models import RecurringIssue, RecurringIssueTicket, Ticket
from steward.domains.tickets.schemas import RecurringIssueDetail, RecurringIssueRead

WINDOW_DAYS = 30
# Cosines of e5 vectors (subject and the opening of the first message): stars of tickets within THRESHOLD
# of a centre ticket find the problems, and a ticket belongs to the group whose mean is within JOIN of it
# (see group_by_meaning). Measured by bench/ticket_meaning.py on tests/domains/tickets/ticket_problems.py
# (8 problems said 5-6 ways in 8 languages, 30 unrelated tickets; pairs of paraphrases 0.85-0.95, median
# 0.91; of different things up to 0.91, median 0.82), all together and in 14 smaller mixes. JOIN decides:
# at 0.91 no ticket joins another problem's group and one paraphrase is left out; at 0.905 five tickets
# join the wrong group (a CSV import among CSV export timeouts), at 0.915 24 are left out. THRESHOLD is the
# middle of the range where it makes no difference (0.885-0.905); at 0.88 or 0.91 stars miss problems.
THRESHOLD = 0.895
JOIN = 0.91
MIN_TICKETS = 3
MAX_GROUPS = 20
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
    rows = queries.ticket_texts(session, workspace_id, since=now - timedelta(days=WINDOW_DAYS))
    vectors = reading_service.vectors(
        session=session, workspace_id=workspace_id, texts=[r.meaning for r in rows]
    )
    groups = group_by_meaning(
        [r.name for r in rows],
        vectors,
        threshold=THRESHOLD,
        join=JOIN,
        min_size=MIN_TICKETS,
        max_groups=MAX_GROUPS,
    )
    # Groups are matched to stored issues, or stored as new ones, one run at a time (the endpoint and the
    # daily job at once stored the same issue twice); the embedding above stays outside the lock.
    serialize(session, f"recurring-issues:{workspace_id}")
    new = growing = handed = 0
    counted = 0
    for group in groups:
        members = [rows[i] for i in group.members]
        accounts = {r.account_id for r in members if r.account_id is not None}
        if len(accounts) < MIN_ACCOUNTS:
            continue
        counted += 1
        issue, created = _issue_for(session, workspace_id, [r.id for r in members])
        new += created
        _refresh(session, issue, members, group, now)
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
    members: list[queries.TicketText],
    group: Cluster,
    now: datetime,
) -> None:
    have = set(
        session.scalars(
            select(RecurringIssueTicket.ticket_id).where(RecurringIssueTicket.issue_id == issue.id)
        )
    )
    for member in members:
        if member.id not in have:
            session.add(
                RecurringIssueTicket(
                    workspace_id=issue.workspace_id,
                    issue_id=issue.id,
                    ticket_id=member.id,
                    account_id=member.account_id,
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
    issue.terms = [t[:300] for t in group.central]  # how customers said it: the most central subjects
    issue.title = (group.label or "similar tickets")[:300]


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
