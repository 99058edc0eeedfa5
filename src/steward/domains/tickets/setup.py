"""The service desk's configuration: teams, business-hours calendars and SLA policies. A policy whose filter
names a value no account has (or accounts no tier or segment of the filter covers) is refused, since it
could never apply; changing policies replays the clocks of every open ticket."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.tickets import queries, service, slas
from steward.domains.tickets.models import BusinessCalendar, SlaPolicy, Team, Ticket
from steward.domains.tickets.schemas import (
    CalendarCreate,
    CalendarRead,
    PolicyCreate,
    PolicyFilter,
    PolicyRead,
    TeamCreate,
    TeamRead,
)
from steward.domains.users import service as users_service


def create_team(*, session: Session, workspace_id: int, data: TeamCreate) -> TeamRead:
    users_service.require_users(
        session=session, workspace_id=workspace_id, ids=data.member_ids, loc=("body", "member_ids")
    )
    if any(t.name == data.name for t in queries.teams(session, workspace_id)):
        raise Conflict(f"a team named {data.name!r} exists", ("body", "name"))
    team = Team(workspace_id=workspace_id, name=data.name, member_ids=list(dict.fromkeys(data.member_ids)))
    session.add(team)
    session.flush()
    return TeamRead.model_validate(team)


def teams(*, session: Session, workspace_id: int) -> list[TeamRead]:
    return [TeamRead.model_validate(t) for t in queries.teams(session, workspace_id)]


def create_calendar(*, session: Session, workspace_id: int, data: CalendarCreate) -> CalendarRead:
    if any(c.name == data.name for c in queries.calendars(session, workspace_id)):
        raise Conflict(f"a calendar named {data.name!r} exists", ("body", "name"))
    row = BusinessCalendar(
        workspace_id=workspace_id,
        name=data.name,
        time_zone=data.time_zone,
        hours={day: [list(i) for i in intervals] for day, intervals in data.hours.items() if intervals},
        holidays=sorted({d.isoformat() for d in data.holidays}),
    )
    session.add(row)
    session.flush()
    return CalendarRead.model_validate(row)


def calendars(*, session: Session, workspace_id: int) -> list[CalendarRead]:
    return [CalendarRead.model_validate(c) for c in queries.calendars(session, workspace_id)]


def create_policy(*, session: Session, workspace_id: int, data: PolicyCreate) -> PolicyRead:
    _check_policy(session, workspace_id, data)
    existing = queries.policies(session, workspace_id)
    position = data.position or (max((p.position for p in existing), default=0) + 1)
    for other in existing:  # make room: positions stay distinct
        if other.position >= position:
            other.position += 1
    row = SlaPolicy(
        workspace_id=workspace_id,
        name=data.name,
        position=position,
        filter={k: v for k, v in data.filter.model_dump().items() if v},
        targets={p: t.model_dump() for p, t in data.targets.items()},
        calendar_id=data.calendar_id,
    )
    session.add(row)
    session.flush()
    reapply_open(session=session, workspace_id=workspace_id)
    return PolicyRead.model_validate(row)


def update_policy(*, session: Session, workspace_id: int, policy_id: int, data: PolicyCreate) -> PolicyRead:
    row = _policy(session, workspace_id, policy_id)
    _check_policy(session, workspace_id, data)
    row.name, row.calendar_id = data.name, data.calendar_id
    row.filter = {k: v for k, v in data.filter.model_dump().items() if v}
    row.targets = {p: t.model_dump() for p, t in data.targets.items()}
    if data.position is not None:
        row.position = data.position
    session.flush()
    reapply_open(session=session, workspace_id=workspace_id)
    return PolicyRead.model_validate(row)


def delete_policy(*, session: Session, workspace_id: int, policy_id: int) -> None:
    session.delete(_policy(session, workspace_id, policy_id))
    session.flush()
    reapply_open(session=session, workspace_id=workspace_id)


def policies(*, session: Session, workspace_id: int) -> list[PolicyRead]:
    return [PolicyRead.model_validate(p) for p in queries.policies(session, workspace_id)]


def reapply_open(*, session: Session, workspace_id: int) -> int:
    """Replay the SLA of every ticket not solved (solved tickets keep what they were measured by)."""
    kinds = service.behaviours(session=session, workspace_id=workspace_id)
    now = now_utc()
    open_tickets = session.scalars(
        select(Ticket).where(Ticket.workspace_id == workspace_id, Ticket.solved_at.is_(None))
    )
    count = 0
    for ticket in open_tickets:
        slas.apply(session, ticket, kinds, now)
        count += 1
    return count


def _policy(session: Session, workspace_id: int, policy_id: int) -> SlaPolicy:
    row = session.get(SlaPolicy, policy_id)
    if row is None or row.workspace_id != workspace_id:
        raise NotFound("SLA policy", policy_id)
    return row


def _check_policy(session: Session, workspace_id: int, data: PolicyCreate) -> None:
    if data.calendar_id is not None and queries.calendar(session, workspace_id, data.calendar_id) is None:
        raise Invalid(f"no calendar with id {data.calendar_id} in this workspace", ("body", "calendar_id"))
    for priority, targets in data.targets.items():
        if not any(targets.model_dump().values()):
            raise Invalid("give at least one target", ("body", "targets", priority))
    _check_filter(session, workspace_id, data.filter)


def _check_filter(session: Session, workspace_id: int, f: PolicyFilter) -> None:
    known = accounts_service.rule_values(session=session, workspace_id=workspace_id)
    for key, field in (("tiers", "tier"), ("segments", "segment")):
        for n, value in enumerate(getattr(f, key)):
            if value not in known[field]:
                have = ", ".join(known[field][:20]) or "none"
                raise Invalid(
                    f"no account has the {field} {value!r} (known: {have})", ("body", "filter", key, n)
                )
    if f.account_ids:
        found = accounts_service.by_ids(session=session, workspace_id=workspace_id, ids=f.account_ids)
        ids = {a.id for a in found}
        missing = [n for n, a in enumerate(f.account_ids) if a not in ids]
        if missing:
            n = missing[0]
            raise Invalid(
                f"no account with id {f.account_ids[n]} in this workspace",
                ("body", "filter", "account_ids", n),
            )
        fits = [
            a
            for a in found
            if (not f.tiers or a.tier in f.tiers) and (not f.segments or a.segment in f.segments)
        ]
        if not fits:
            raise Invalid(
                "none of these accounts has the filter's tiers or segments", ("body", "filter", "account_ids")
            )
    for n, subscription_id in enumerate(f.subscription_ids):
        try:
            subscriptions_service.get_subscription(
                session=session, workspace_id=workspace_id, subscription_id=subscription_id
            )
        except NotFound:
            raise Invalid(
                f"no subscription with id {subscription_id} in this workspace",
                ("body", "filter", "subscription_ids", n),
            ) from None
    if f.plans:
        plans = {t[8] for t in subscriptions_service.model_terms(session=session, workspace_id=workspace_id)}
        for n, plan in enumerate(f.plans):
            if plan not in plans:
                raise Invalid(f"no subscription is on the plan {plan!r}", ("body", "filter", "plans", n))
