"""SLA metrics of one ticket, replayed from its history, so the result is exact and can be reproduced.

Four metrics, each a clock that runs in business hours (see business_time.Calendar):
- first_response: from creation to the first public agent reply;
- next_response: from a customer reply that follows an agent reply to the next agent reply;
- periodic_update: from each public agent reply to the next one, while the ticket is open;
- resolution: from creation to the last time the ticket was solved (a reopen resumes the same clock).
Every clock stops while the ticket's status pauses SLAs; solving the ticket fulfils whatever is running.
A priority change applies to every clock still running (its target is the new priority's); a fulfilled
clock keeps the target of the priority in force when it was fulfilled. A metric without a target for the
priority is not measured."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from steward.analytics.business_time import Calendar

Metric = Literal["first_response", "next_response", "periodic_update", "resolution"]
Behaviour = Literal["running", "paused", "fulfilled"]
StepKind = Literal["created", "status", "agent_reply", "customer_reply", "priority"]


@dataclass(frozen=True)
class Step:
    """One thing that happened to the ticket. `value`: the status behaviour for "created" and "status",
    the priority for "priority" (and `priority` on "created")."""

    at: datetime
    kind: StepKind
    value: str | None = None
    priority: str | None = None


@dataclass
class Clock:
    metric: Metric
    seq: int  # the n-th clock of this metric on the ticket
    activated_at: datetime
    runs: list[list[datetime | None]] = field(default_factory=list)  # [start, stop]; stop None: running
    fulfilled_at: datetime | None = None
    priority: str | None = None  # whose target applies

    @property
    def running(self) -> bool:
        return bool(self.runs) and self.runs[-1][1] is None

    def stop(self, at: datetime) -> None:
        if self.running:
            self.runs[-1][1] = at

    def start(self, at: datetime) -> None:
        if not self.running:
            self.runs.append([at, None])


@dataclass(frozen=True)
class Outcome:
    """A measured clock: its target, when it fell due, and whether it was met."""

    metric: Metric
    seq: int
    priority: str
    target_minutes: int
    activated_at: datetime
    fulfilled_at: datetime | None
    due_at: datetime
    business_seconds: float  # used so far (to fulfilment, or to `now`)
    breached: bool
    events: tuple[tuple[str, datetime], ...]  # (activate | pause | resume | fulfil | breach, at), in order

    @property
    def open(self) -> bool:
        return self.fulfilled_at is None


Targets = Callable[[str], Mapping[str, int | None]]  # priority -> metric -> minutes (None: not measured)


def replay(steps: Sequence[Step]) -> list[Clock]:
    """The clocks the history starts, runs, pauses and fulfils (in order of activation)."""
    clocks: list[Clock] = []
    live: dict[str, Clock] = {}
    behaviour: str = "running"
    priority: str | None = None
    replied = False

    def activate(metric: Metric, at: datetime) -> None:
        clock = Clock(metric, sum(c.metric == metric for c in clocks) + 1, at, priority=priority)
        if behaviour == "running":
            clock.start(at)
        clocks.append(clock)
        live[metric] = clock

    def fulfil(metric: str, at: datetime) -> None:
        clock = live.pop(metric, None)
        if clock is not None:
            clock.stop(at)
            clock.fulfilled_at, clock.priority = at, priority

    for step in sorted(steps, key=lambda s: s.at):
        at = step.at
        if step.kind == "created":
            behaviour, priority = step.value or "running", step.priority
            activate("first_response", at)
            activate("resolution", at)
        elif step.kind == "priority":
            priority = step.value
            for clock in live.values():
                clock.priority = priority
        elif step.kind == "agent_reply":
            for metric in ("first_response", "next_response", "periodic_update"):
                fulfil(metric, at)
            replied = True
            if behaviour != "fulfilled":
                activate("periodic_update", at)
        elif step.kind == "customer_reply":
            if replied and "next_response" not in live and behaviour != "fulfilled":
                activate("next_response", at)
        elif step.kind == "status":
            behaviour = _change_status(behaviour, step.value or "running", at, clocks, live, fulfil)
    return clocks


def _change_status(
    was: str,
    now: str,
    at: datetime,
    clocks: list[Clock],
    live: dict[str, Clock],
    fulfil: Callable[[str, datetime], None],
) -> str:
    if now == "fulfilled":
        for metric in list(live):
            fulfil(metric, at)
    elif was == "fulfilled":  # reopened: the resolution clock goes on from where it stopped
        resolution = next((c for c in reversed(clocks) if c.metric == "resolution"), None)
        if resolution is not None:
            resolution.fulfilled_at = None
            live["resolution"] = resolution
    for clock in live.values():
        if now == "running":
            clock.start(at)
        else:
            clock.stop(at)
    return now


def measure(clocks: Sequence[Clock], targets: Targets, calendar: Calendar, now: datetime) -> list[Outcome]:
    """Each clock with a target: business time used, when it fell due and whether it was breached (by
    its fulfilment, or by `now` for one still open)."""
    out = []
    for clock in clocks:
        if clock.priority is None:
            continue
        minutes = targets(clock.priority).get(clock.metric)
        if minutes is None:
            continue
        out.append(_measure(clock, int(minutes), calendar, now))
    return out


def _measure(clock: Clock, minutes: int, calendar: Calendar, now: datetime) -> Outcome:
    budget = minutes * 60.0
    used = 0.0
    due: datetime | None = None
    events: list[tuple[str, datetime]] = [("activate", clock.activated_at)]
    for n, (start, stop) in enumerate(clock.runs):
        assert start is not None
        if n > 0:
            events.append(("resume", start))
        end = stop if stop is not None else now
        length = calendar.seconds_between(start, end) if end > start else 0.0
        if due is None and used + length >= budget:
            due = calendar.add(start, budget - used)
        used += length
        if stop is not None and (clock.fulfilled_at is None or stop < clock.fulfilled_at):
            events.append(("pause", stop))
    if due is None and clock.fulfilled_at is not None:  # met: the deadline it had then, whenever replayed
        due = calendar.add(clock.fulfilled_at, budget - used)
    elif due is None:  # not yet due: when it will be if the clock keeps running from now (or from its pause)
        last = clock.runs[-1] if clock.runs else None
        resume_from = now if last is None or last[1] is None else max(now, last[1])
        due = calendar.add(resume_from, budget - used)
    breached = used > budget or (clock.fulfilled_at is None and used >= budget)
    if clock.fulfilled_at is not None:
        events.append(("fulfil", clock.fulfilled_at))
    if breached:
        events.append(("breach", due))
    events.sort(key=lambda e: e[1])
    return Outcome(
        metric=clock.metric,
        seq=clock.seq,
        priority=str(clock.priority),
        target_minutes=minutes,
        activated_at=clock.activated_at,
        fulfilled_at=clock.fulfilled_at,
        due_at=due,
        business_seconds=used,
        breached=breached,
        events=tuple(events),
    )


def breaching_within(outcome: Outcome, now: datetime, window: timedelta) -> bool:
    """Open, not breached, and due within `window` of `now`."""
    return outcome.open and not outcome.breached and outcome.due_at <= now + window
