"""Success plan status from dates and progress: an objective is done, not started, on track, behind or
stuck; a plan takes the status of its worst open objective. Bars for the timeline (Gantt) view."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

STUCK_AFTER_DAYS = 14  # an item this far past its due date, still open, means the objective is stuck
BEHIND_SLACK = 0.25  # progress may trail the elapsed share of the objective's time by this much
ORDER = ("stuck", "behind", "on_track", "not_started", "done")


@dataclass(frozen=True)
class Item:
    due_date: date | None
    done: bool


def objective_status(start: date, due: date, items: Sequence[Item], today: date) -> str:
    """Done when every item is done; stuck when an open item is more than 14 days late, or nothing is done
    past half of the time; behind when an item or the objective is late, or progress trails the elapsed
    share of time by more than a quarter; else on track (not started before the start date, unless some
    of its work is already done)."""
    if items and all(i.done for i in items):
        return "done"
    late = [(today - i.due_date).days for i in items if not i.done and i.due_date and i.due_date < today]
    done_share = sum(i.done for i in items) / len(items) if items else 0.0
    elapsed = _elapsed(start, due, today)
    if (late and max(late) > STUCK_AFTER_DAYS) or (items and done_share == 0 and elapsed >= 0.5):
        return "stuck"
    if today < start:
        return "on_track" if done_share > 0 else "not_started"
    if late or today > due or done_share < elapsed - BEHIND_SLACK:
        return "behind"
    return "on_track"


def _elapsed(start: date, due: date, today: date) -> float:
    span = max((due - start).days, 1)
    return min(max((today - start).days / span, 0.0), 1.0)


def plan_status(objective_statuses: Sequence[str]) -> str:
    """The worst objective's status; a plan without objectives, or none of whose objectives has started,
    has not started. Objectives not due to begin yet do not make a plan with work done "not started"."""
    started = [s for s in objective_statuses if s != "not_started"]
    if not started:
        return "not_started"
    worst = min(started, key=ORDER.index)
    return "on_track" if worst == "done" and len(started) < len(objective_statuses) else worst


@dataclass(frozen=True)
class Bar:
    x: float  # share of the plan's span, 0..1
    width: float


def bar(start: date, end: date, first: date, last: date) -> Bar:
    """Where [start, end] sits within [first, last] (a day-long bar at least)."""
    span = max((last - first).days, 1)
    x = (start - first).days / span
    return Bar(x=x, width=max((end - start).days, 1) / span)
