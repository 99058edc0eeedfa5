"""SLA of a ticket: the first policy (by position) whose filter matches it, its business-hours calendar, and
the clocks and metric events replayed from the ticket's history, stored whole each time the ticket changes
(so the stored figures are always the replay of the stored history)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from steward.analytics.business_time import Calendar
from steward.analytics.sla import Outcome, Step, measure, replay
from steward.core.clock import now_utc
from steward.domains.accounts import service as accounts_service
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.tickets import queries
from steward.domains.tickets.models import BusinessCalendar, SlaClock, SlaEvent, SlaPolicy, Ticket
from steward.domains.tickets.schemas import WEEKDAYS, minutes


def calendar_of(row: BusinessCalendar | None) -> Calendar:
    """The arithmetic form of a stored calendar; no calendar is around the clock in UTC."""
    if row is None:
        return Calendar()
    hours = {
        WEEKDAYS.index(day): tuple((minutes(a), minutes(b)) for a, b in intervals)
        for day, intervals in row.hours.items()
    }
    return Calendar(row.time_zone, hours, frozenset(date.fromisoformat(d) for d in row.holidays))


def matching_policy(session: Session, ticket: Ticket, policies: Sequence[SlaPolicy]) -> SlaPolicy | None:
    facts = _facts(session, ticket) if policies else {}
    for policy in policies:
        if all(not wanted or facts.get(key, set()) & set(wanted) for key, wanted in policy.filter.items()):
            return policy
    return None


def _facts(session: Session, ticket: Ticket) -> dict[str, set[object]]:
    """The ticket's value for each filter key (a set: a ticket can be on several plans)."""
    facts: dict[str, set[object]] = {
        "priorities": {ticket.priority},
        "channels": {ticket.channel},
        "types": {ticket.type} if ticket.type else set(),
        "account_ids": {ticket.account_id} if ticket.account_id else set(),
    }
    if ticket.account_id:
        account = accounts_service.get_account(
            session=session, workspace_id=ticket.workspace_id, account_id=ticket.account_id
        )
        facts["tiers"] = {account.tier} if account.tier else set()
        facts["segments"] = {account.segment} if account.segment else set()
        today = now_utc().date()
        terms = subscriptions_service.model_terms(
            session=session, workspace_id=ticket.workspace_id, account_ids=[ticket.account_id]
        )
        facts["plans"] = {t[8] for t in terms if t[1] <= today and (t[2] is None or t[2] >= today) and t[8]}
        held = subscriptions_service.list_for_account(
            session=session, workspace_id=ticket.workspace_id, account_id=ticket.account_id
        )
        facts["subscription_ids"] = {
            h.id for h in held if h.start_date <= today and (h.end_date is None or h.end_date >= today)
        }
    return facts


def steps_of(session: Session, ticket: Ticket, behaviours: dict[str, str]) -> list[Step]:
    """The history as SLA steps: creation, status and priority changes, and public replies."""
    changes = queries.changes(session, ticket.id)
    first_status = next((c.old for c in changes if c.field == "status"), ticket.status)
    first_priority = next((c.old for c in changes if c.field == "priority"), ticket.priority)
    steps = [Step(ticket.created_at, "created", behaviours.get(str(first_status), "running"), first_priority)]
    for change in changes:
        if change.field == "status":
            steps.append(Step(change.at, "status", behaviours.get(str(change.new), "running")))
        elif change.field == "priority":
            steps.append(Step(change.at, "priority", str(change.new)))
    for message in queries.messages(session, ticket.id):
        opening = message.author == "customer" and message.created_at <= ticket.created_at
        if message.public and not opening:
            steps.append(
                Step(message.created_at, "agent_reply" if message.author == "agent" else "customer_reply")
            )
    return steps


def apply(
    session: Session, ticket: Ticket, behaviours: dict[str, str], now: datetime | None = None
) -> list[Outcome]:
    """Match the policy, replay the clocks and store them with their events; returns the outcomes."""
    now = now or now_utc()
    policy = matching_policy(session, ticket, queries.policies(session, ticket.workspace_id))
    ticket.sla_policy_id = policy.id if policy else None
    ticket.sla_due_at, ticket.sla_breached = None, False
    session.execute(delete(SlaClock).where(SlaClock.ticket_id == ticket.id))
    session.execute(delete(SlaEvent).where(SlaEvent.ticket_id == ticket.id))
    if policy is None:
        return []
    calendar = calendar_of(session.get(BusinessCalendar, policy.calendar_id) if policy.calendar_id else None)
    outcomes = measure(
        replay(steps_of(session, ticket, behaviours)), lambda p: policy.targets.get(p, {}), calendar, now
    )
    ticket.sla_due_at = min((o.due_at for o in outcomes if o.open), default=None)
    ticket.sla_breached = any(o.breached for o in outcomes)
    base = {"workspace_id": ticket.workspace_id, "ticket_id": ticket.id}
    if outcomes:
        session.execute(
            insert(SlaClock),
            [
                {
                    **base,
                    "policy_id": policy.id,
                    "metric": o.metric,
                    "seq": o.seq,
                    "priority": o.priority,
                    "target_minutes": o.target_minutes,
                    "activated_at": o.activated_at,
                    "fulfilled_at": o.fulfilled_at,
                    "due_at": o.due_at,
                    "business_seconds": o.business_seconds,
                    "breached": o.breached,
                    "assignee_id": ticket.assignee_id,
                    "team_id": ticket.team_id,
                }
                for o in outcomes
            ],
        )
        events = [
            {**base, "metric": o.metric, "seq": o.seq, "kind": k, "at": at}
            for o in outcomes
            for k, at in o.events
        ]
        session.execute(insert(SlaEvent), events)
    return outcomes
