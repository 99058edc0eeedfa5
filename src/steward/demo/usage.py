"""The demo's product usage: 400 days of track and page calls per customer, shaped like real products (users
growing into their seats, quiet weekends, key features adopted later than logins, usage fading for months
before some customers leave), a handful of malformed bursts that land in the quarantine, then the rollups."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy.orm import Session

from steward.demo import churn_signals
from steward.domains.events import messages as event_messages
from steward.domains.events import rollups, usage
from steward.domains.events import service as events_service
from steward.domains.events.schemas import KeyEvents, Message, Rejected

# Ordinary features first, key events (value) last and rarer.
FEATURES = [
    "Login",
    "Dashboard Viewed",
    "Search Performed",
    "Record Updated",
    "Comment Added",
    "Filter Saved",
    "Export Downloaded",
    "Report Built",
    "Dashboard Shared",
    "Integration Connected",
    "Workflow Automated",
]
WEIGHTS = np.array([30, 22, 14, 12, 8, 5, 4, 2.5, 1.5, 0.6, 0.4])
KEY_EVENTS = ["Report Built", "Dashboard Shared", "Integration Connected", "Workflow Automated"]
PAGES = ["Home", "Accounts", "Reports", "Settings", "Billing"]
CHUNK = 20_000


@dataclass(frozen=True)
class Customer:
    external_id: str
    users: list[str]  # userIds: the account's contacts first, then more seat holders
    health: float
    started: date
    leaves_on: date | None  # the renewal it will not make, or the day it left (usage fades before it)
    left: bool = False  # gone already: nothing after leaves_on
    fades: bool = True  # usage fades before leaves_on (else only the other channels warn of it)


def users_of(external_id: str, contacts: int, seats: int) -> list[str]:
    """An account's userIds: its contacts (identified users), then seat holders up to its seats (<= 40)."""
    named = [f"{external_id}-C{j + 1:02d}" for j in range(contacts)]
    return named + [f"{external_id}-U{k + 1:03d}" for k in range(max(0, min(seats, 40) - len(named)))]


@dataclass(frozen=True)
class DayDraws:
    """One customer's events of one day, as drawn: message numbers from `first`, who (index into `active`),
    what (index into FEATURES or, for a page call, PAGES by who), seconds after midnight, page or track."""

    customer: int
    day: date
    first: int
    active: list[str]
    who: np.ndarray
    what: np.ndarray
    seconds: np.ndarray
    page: np.ndarray


def draws(
    customers: Sequence[Customer], today: date, days: int, per_account_day: float, seed: int
) -> Iterator[DayDraws]:
    """Every customer's days, customer by customer: one random stream, so any part of the history can be
    drawn again alone and comes out the same."""
    rng = np.random.default_rng(seed)
    first = today - timedelta(days=days - 1)
    n = 0
    for position, c in enumerate(customers):
        start = max(first, c.started)
        end = min(today, c.leaves_on) if c.left and c.leaves_on else today
        span = (end - start).days + 1
        if span <= 0:
            continue
        day_index = np.arange(span)
        days_in = np.array([(start + timedelta(int(i)) - c.started).days for i in day_index])
        ramp = np.minimum(1.0, 0.25 + days_in / 120)  # users grow into the product over four months
        weekday = (
            np.array([(start + timedelta(int(i))).weekday() < 5 for i in day_index], dtype=float) * 0.7 + 0.3
        )
        fade = np.ones(span)
        if c.leaves_on and c.fades:
            to_go = np.array([(c.leaves_on - (start + timedelta(int(i)))).days for i in day_index])
            fade = np.clip(to_go / 120, 0.15, 1.0)
        vigour = np.exp(0.35 * c.health)
        rate = per_account_day * vigour * ramp * weekday * fade
        counts = rng.poisson(rate)
        key_share = np.clip(0.4 + 0.3 * c.health, 0.05, 1.0)  # healthy customers use the valuable features
        weights = WEIGHTS.copy()
        weights[-4:] *= key_share
        weights /= weights.sum()
        for i, k in zip(day_index, counts, strict=True):
            if not k:
                continue
            active = c.users[: max(1, int(len(c.users) * min(1.0, ramp[i] * fade[i] * (0.5 + 0.2 * vigour))))]
            who = rng.integers(0, len(active), k)
            what = rng.choice(len(FEATURES), k, p=weights)
            seconds = np.sort(rng.integers(7 * 3600, 19 * 3600, k))
            page = rng.random(k) < 0.15  # one draw per event, as the stream always had
            yield DayDraws(position, start + timedelta(int(i)), n + 1, active, who, what, seconds, page)
            n += int(k)


def messages(d: DayDraws, group_id: str) -> Iterator[Message]:
    for j, (u, f, s, page) in enumerate(zip(d.who, d.what, d.seconds, d.page, strict=True)):
        yield message(d.first + j, d.day, d.active[int(u)], int(u), int(f), int(s), bool(page), group_id)


def message(
    n: int, day: date, user: str, who: int, what: int, second: int, page: bool, group_id: str
) -> Message:
    """The stream's n-th event: a page call (named by who) or a track call of FEATURES[what]."""
    return Message(
        type="page" if page else "track",
        message_id=f"demo-{n}",
        event=PAGES[who % len(PAGES)] if page else FEATURES[what],
        user_id=user,
        anonymous_id=None,
        group_id=group_id,
        timestamp=datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(seconds=second),
        properties={"plan": "demo"},
    )


def events(
    customers: Sequence[Customer],
    today: date,
    days: int,
    per_account_day: float,
    seed: int,
) -> Iterator[Message]:
    """The events of the last `days` days."""
    for d in draws(customers, today, days, per_account_day, seed):
        yield from messages(d, customers[d.customer].external_id)


def malformed(
    rng: random.Random, customers: Sequence[Customer], today: date, bursts: int = 4
) -> list[Rejected]:
    """What a buggy release of a customer's tracking code sends: missing events, text timestamps, nobody."""
    now = datetime.combine(today, datetime.min.time(), UTC)
    out: list[Rejected] = []
    for b in range(bursts):
        c = rng.choice(list(customers))
        for i in range(rng.randint(20, 60)):
            raw = rng.choice(
                [
                    {
                        "type": "track",
                        "messageId": f"bad-{b}-{i}",
                        "userId": c.users[0],
                        "properties": {"x": 1},
                    },
                    {
                        "type": "track",
                        "messageId": f"bad-{b}-{i}",
                        "userId": c.users[0],
                        "event": "Login",
                        "timestamp": "last tuesday",
                    },
                    {
                        "type": "page",
                        "messageId": f"bad-{b}-{i}",
                        "name": "Home",
                        "context": {"groupId": c.external_id},
                    },
                ]
            )
            checked = event_messages.check(raw, i, now)
            if isinstance(checked, Rejected):
                out.append(checked)
    return out


def load(
    session: Session,
    workspace_id: int,
    customers: Sequence[Customer],
    today: date,
    per_account_day: float,
    seed: int,
) -> dict[str, int]:
    """Store the events through the event store's own path (demo/history.py writes them in pieces instead)
    and roll them up; returns counts."""
    stored = 0
    batch: list[Message] = []
    for m in events(customers, today, churn_signals.HISTORY_DAYS, per_account_day, seed):
        batch.append(m)
        if len(batch) == CHUNK:
            stored += len(
                events_service.append(
                    session=session, workspace_id=workspace_id, messages=batch, rejected=[]
                )[0]
            )
            batch = []
    if batch:
        stored += len(
            events_service.append(session=session, workspace_id=workspace_id, messages=batch, rejected=[])[0]
        )
    rejected = load_setup(session, workspace_id, customers, today, seed)
    days = rollups.roll_up(session, workspace_id, settle_seconds=-60)
    return {"events": stored, "events_rejected": rejected, "usage_days": days}


def load_setup(
    session: Session, workspace_id: int, customers: Sequence[Customer], today: date, seed: int
) -> int:
    """The usage set-up besides the events: a few malformed bursts (returns how many) and the key events."""
    bad = malformed(random.Random(seed), customers, today)
    events_service.append(session=session, workspace_id=workspace_id, messages=[], rejected=bad)
    usage.set_key_events(session=session, workspace_id=workspace_id, data=KeyEvents(events=KEY_EVENTS))
    return len(bad)
