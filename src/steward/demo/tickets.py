"""The demo's service desk: support agents in two teams with routing, an around-the-clock SLA for the
largest customers and an office-hours one for the rest, six months of tickets in the customers' languages
(less healthy customers write more, and wait longer), some breaches and reopens, satisfaction answers,
two problems planted across accounts in the last weeks, then recurring-issue detection and the
classifier trained on the solved tickets."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.core.errors import Invalid
from steward.core.roles import Role
from steward.demo import churn_signals
from steward.demo import ticket_vocab as vocab
from steward.domains.tickets import classifier, recurring, routing, setup
from steward.domains.tickets import service as tickets_service
from steward.domains.tickets.models import CsatSurvey, SlaClock, Ticket
from steward.domains.tickets.schemas import (
    CalendarCreate,
    MessageCreate,
    PolicyCreate,
    RoutingRules,
    TeamCreate,
    TicketCreate,
)
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate

DAYS = churn_signals.HISTORY_DAYS
PRIORITY_WEIGHTS = (("low", 0.2), ("normal", 0.5), ("high", 0.22), ("urgent", 0.08))
CHANNELS = (("email", 0.6), ("web", 0.25), ("chat", 0.1), ("api", 0.05))
# Typical waits; a customer one standard deviation less healthy waits about 40% longer.
REPLY_MEDIAN_MINUTES = {"urgent": 15, "high": 40, "normal": 110, "low": 300}
SOLVE_MEDIAN_HOURS = {"urgent": 2.5, "high": 6.0, "normal": 12.0, "low": 24.0}
COMMENTS = {
    5: "Quick and clear, thank you!",
    4: "Good help.",
    2: "Took too long.",
    1: "Still not solved properly.",
}


@dataclass(frozen=True)
class Customer:
    account_id: int
    segment: str
    health: float
    contacts: list[tuple[int, str]]  # (contact id, language)
    strained_from: date | None = None  # before it leaves: more tickets, slower answers, SLA breaches
    leaves_on: date | None = None


def _strained(
    session: Session, workspace_id: int, rng: random.Random, customer: Customer, now: datetime
) -> list[int]:
    """The tickets of a customer heading for the door: a burst of them, answered slowly (breaches)."""
    if customer.strained_from is None or not customer.contacts:
        return []
    first = datetime.combine(customer.strained_from, time(9), tzinfo=UTC)
    last = min(now, datetime.combine(customer.leaves_on or now.date(), time(9), tzinfo=UTC))
    made = []
    for _ in range(_poisson(rng, 6.0)):
        created = first + (last - first) * rng.random()
        if created >= now:
            continue
        topic = _pick(rng, [(k, v[2]) for k, v in vocab.TOPICS.items()])
        kind, category, _, texts = vocab.TOPICS[topic]
        made.append(_ticket(session, workspace_id, rng, customer, created, kind, category, texts, now, 6.0))
    return made


CUSTOMERS_PER_BATCH = 5  # a batch is one short transaction of the background fill (demo/history.py)
TICKETS_PER_BATCH = 50


def load_batch(
    session: Session,
    workspace_id: int,
    rng: random.Random,
    today: date,
    customers: Sequence[Customer],
    state: dict[str, Any],
) -> float:
    """One short piece of the service desk: set-up, five customers' tickets, the planted problems, SLA replay
    and CSAT in runs of tickets, recurring issues, the classifier. `state` (JSON, updated) says where the next
    piece starts, so a caller may commit and save it after each piece and resume from it; returns the share
    done, 1.0 with state['counts'] set at the end. The random stream is drawn as one pass would draw it."""
    phase = state.setdefault("phase", "set up")
    if phase == "set up":
        state["now"] = min(now_utc(), datetime.combine(today, time(23, 59), tzinfo=UTC)).isoformat()
        _set_up(session, workspace_id, {c.segment for c in customers})
        state.update(phase="customers", next=0, made=[])
        return 0.02
    now, made, start = datetime.fromisoformat(state["now"]), state["made"], state["next"]
    if phase == "customers":
        for customer in customers[start : start + CUSTOMERS_PER_BATCH]:
            made += _tickets_of(session, workspace_id, rng, customer, now)
        state["next"] = start + CUSTOMERS_PER_BATCH
        if state["next"] >= len(customers):
            made += _planted(session, workspace_id, rng, customers, now)
            state.update(phase="replay", next=0)
        return 0.02 + 0.58 * min(1.0, int(state["next"]) / max(1, len(customers)))
    run = made[start : start + TICKETS_PER_BATCH]
    state["next"] = start + TICKETS_PER_BATCH
    finished = state["next"] >= len(made)
    if phase == "replay":
        tickets_service.replay(session=session, workspace_id=workspace_id, ticket_ids=run)
        if finished:
            state.update(phase="csat", next=0, answered=0)
        return 0.6 + 0.15 * min(1.0, int(state["next"]) / max(1, len(made)))
    if phase == "csat":
        health = {c.account_id: c.health for c in customers}
        state["answered"] += _csat(session, workspace_id, rng, run, health)
        if finished:
            state.update(phase="recurring")
        return 0.75 + 0.1 * min(1.0, int(state["next"]) / max(1, len(made)))
    if phase == "recurring":
        found = recurring.detect(session=session, workspace_id=workspace_id, now=now)
        state.update(phase="classifier", groups=found.groups)
        return 0.9
    try:
        models = classifier.train(session=session, workspace_id=workspace_id)
    except Invalid:  # a very small demo has too few solved tickets to learn from
        models = []
    state.update(phase="done")
    state["counts"] = {
        "tickets": len(made),
        "csat_responses": state["answered"],
        "recurring_issues": state["groups"],
        "ticket_models": len(models),
    }
    return 1.0


def _tickets_of(
    session: Session, workspace_id: int, rng: random.Random, customer: Customer, now: datetime
) -> list[int]:
    if not customer.contacts:
        return []
    made = []
    for _ in range(_poisson(rng, 1.0 + 4.0 * (1.0 - customer.health))):
        created = now - timedelta(days=rng.random() * DAYS)
        topic = _pick(rng, [(k, v[2]) for k, v in vocab.TOPICS.items()])
        kind, category, _, texts = vocab.TOPICS[topic]
        made.append(_ticket(session, workspace_id, rng, customer, created, kind, category, texts, now))
    return made + _strained(session, workspace_id, rng, customer, now)


def _set_up(session: Session, workspace_id: int, segments: set[str]) -> None:
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    agents = [
        users_service.create_user(
            **scope, data=UserCreate(email=f"{handle}@steward.local", name=name, role=Role.agent)
        ).id
        for name, handle in vocab.AGENTS
    ]
    support = setup.create_team(**scope, data=TeamCreate(name="Support", member_ids=agents))
    dach = setup.create_team(**scope, data=TeamCreate(name="DACH", member_ids=agents[2:]))
    rules = [
        {
            "name": "German to DACH",
            "match": {"languages": ["de"]},
            "team_id": dach.id,
            "method": "least_open",
        },
        {"name": "Everyone else", "team_id": support.id, "method": "round_robin"},
    ]
    routing.set_rules(**scope, data=RoutingRules.model_validate({"rules": rules}))
    holidays = [date(y, m, d) for y in (2025, 2026, 2027) for m, d in ((1, 1), (12, 24), (12, 25), (12, 26))]
    week = {d: [("08:00", "18:00")] for d in ("mon", "tue", "wed", "thu", "fri")}
    office = setup.create_calendar(
        **scope,
        data=CalendarCreate(name="Office hours", time_zone="Europe/Berlin", hours=week, holidays=holidays),
    )
    big = sorted(segments & {"Strategic", "Enterprise"})
    if big:
        targets = {
            "urgent": {"first_response": 30, "resolution": 240},
            "high": {"first_response": 60, "next_response": 120, "resolution": 480},
            "normal": {"first_response": 240, "next_response": 240, "resolution": 1440},
            "low": {"first_response": 480, "resolution": 2880},
        }
        setup.create_policy(
            **scope,
            data=PolicyCreate.model_validate(
                {"name": "Enterprise, around the clock", "filter": {"segments": big}, "targets": targets}
            ),
        )
    standard = {
        "urgent": {"first_response": 60, "resolution": 480},
        "high": {"first_response": 120, "next_response": 240, "resolution": 960},
        "normal": {"first_response": 480, "next_response": 480, "resolution": 2400},
        "low": {"first_response": 960, "resolution": 4800},
    }
    setup.create_policy(
        **scope,
        data=PolicyCreate.model_validate(
            {"name": "Standard, office hours", "targets": standard, "calendar_id": office.id}
        ),
    )


def _ticket(
    session: Session,
    workspace_id: int,
    rng: random.Random,
    customer: Customer,
    created: datetime,
    kind: str,
    category: str,
    texts: dict[str, tuple[str, str]],
    now: datetime,
    strain: float = 1.0,
) -> int:
    contact_id, language = rng.choice(customer.contacts)
    subject, body = texts.get(language) or texts["en"]
    priority = _pick(rng, PRIORITY_WEIGHTS)
    labelled = rng.random() < 0.85
    data = TicketCreate(
        subject=subject,
        body=body,
        contact_id=contact_id,
        channel=_pick(rng, CHANNELS),
        priority=priority,
        language=language,
        created_at=created,
        type=kind if labelled else None,
        category=category if labelled else None,
    )
    ticket = tickets_service.open_ticket(
        session=session, workspace_id=workspace_id, data=data, actor_id=None, actor="customer"
    )
    slow = strain * math.exp(-0.35 * customer.health)  # the hidden health is a z-score
    replied = created + timedelta(minutes=REPLY_MEDIAN_MINUTES[priority] * slow * math.exp(rng.gauss(0, 0.9)))
    if replied >= now:
        return ticket.id
    solved = replied + timedelta(hours=SOLVE_MEDIAN_HOURS[priority] * slow * math.exp(rng.gauss(0, 0.8)))
    reply = vocab.REPLIES.get(language, vocab.REPLIES["en"])
    waiting = "pending" if rng.random() < 0.5 else None  # waiting on the customer: the clocks pause
    _say(session, workspace_id, ticket.id, reply, replied, status=waiting, agent=ticket.assignee_id)
    if solved >= now:
        return ticket.id
    _say(session, workspace_id, ticket.id, reply, solved, status="solved", agent=ticket.assignee_id)
    if rng.random() < 0.08:  # reopened, then solved again
        back = solved + timedelta(hours=rng.uniform(4, 48))
        if back < now:
            _say(session, workspace_id, ticket.id, vocab.FOLLOW_UP, back, customer=True)
            again = back + timedelta(hours=rng.uniform(1, 30))
            if again < now:
                _say(
                    session, workspace_id, ticket.id, reply, again, status="solved", agent=ticket.assignee_id
                )
    return ticket.id


def _say(
    session: Session,
    workspace_id: int,
    ticket_id: int,
    body: str,
    at: datetime,
    *,
    status: str | None = None,
    agent: int | None = None,
    customer: bool = False,
) -> None:
    data = MessageCreate(body=body, author="customer" if customer else "agent", status=status, at=at)
    tickets_service.post_message(
        session=session,
        workspace_id=workspace_id,
        ticket_id=ticket_id,
        data=data,
        actor_id=None if customer else agent,
    )


def _planted(
    session: Session, workspace_id: int, rng: random.Random, customers: Sequence[Customer], now: datetime
) -> list[int]:
    """CRM sync failures growing over the last two weeks (9 this week, 4 the week before) and CSV export
    problems spread evenly over three weeks."""
    pool = [c for c in customers if c.contacts]
    rng.shuffle(pool)
    plans = {
        "crm_sync": [(0, 7)] * 9 + [(7, 14)] * 4,
        "csv_export": [(0, 7)] * 3 + [(7, 14)] * 3 + [(14, 21)] * 3,
    }
    made = []
    start = 0
    for key, windows in plans.items():
        kind, category, texts = vocab.PLANTED[key]
        for n, (low, high) in enumerate(windows):
            customer = pool[(start + n) % len(pool)]
            created = now - timedelta(days=rng.uniform(low, high))
            subject, body = texts[n % len(texts)]
            data = TicketCreate(
                subject=subject,
                body=body,
                contact_id=customer.contacts[0][0],
                channel="email",
                priority="high",
                language="en",
                created_at=created,
                type=kind,
                category=category,
            )
            made.append(
                tickets_service.open_ticket(
                    session=session, workspace_id=workspace_id, data=data, actor_id=None, actor="customer"
                ).id
            )
        start += len(windows)
    return made


def _csat(
    session: Session, workspace_id: int, rng: random.Random, ticket_ids: list[int], health: dict[int, float]
) -> int:
    """Surveys for most solved tickets, answered by about half: happier when the SLA held."""
    solved = session.scalars(
        select(Ticket).where(Ticket.id.in_(ticket_ids), Ticket.solved_at.is_not(None)).order_by(Ticket.id)
    ).all()
    breached = set(
        session.scalars(
            select(SlaClock.ticket_id).where(SlaClock.workspace_id == workspace_id, SlaClock.breached)
        )
    )
    opened = set(session.scalars(select(CsatSurvey.ticket_id).where(CsatSurvey.workspace_id == workspace_id)))
    answered = 0
    for t in solved:
        if t.solved_at is None or t.id in opened or rng.random() > 0.7:
            continue
        survey = CsatSurvey(
            workspace_id=workspace_id,
            ticket_id=t.id,
            account_id=t.account_id,
            agent_id=t.assignee_id,
            team_id=t.team_id,
            to_address=None,
            scale="five",
            questions=[],
            nonce=f"demo{t.id}",
            created_at=t.solved_at,
            sent_at=t.solved_at + timedelta(minutes=5),
            expires_at=t.solved_at + timedelta(days=30),
            answers={},
        )
        if rng.random() < 0.5:
            mood = (
                4.3
                + 0.35 * health.get(t.account_id or 0, 0.0)
                - (1.3 if t.id in breached else 0.0)
                + rng.gauss(0, 0.75)
            )
            survey.rating = max(1, min(5, round(mood)))
            survey.comment = COMMENTS.get(survey.rating) if rng.random() < 0.4 else None
            survey.responded_at = t.solved_at + timedelta(hours=rng.uniform(0.2, 30))
            answered += 1
        session.add(survey)
    session.flush()
    return answered


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _poisson(rng: random.Random, lam: float) -> int:
    count, total = 0, rng.expovariate(1.0)
    while total < lam:
        count += 1
        total += rng.expovariate(1.0)
    return count
