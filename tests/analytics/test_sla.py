"""SLA maths against cases worked by hand: business hours across weekends, holidays and time zones
(including both daylight-saving changes), pauses, a priority change mid-ticket, next responses and a
reopen."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from steward.analytics.business_time import Calendar, overlapping
from steward.analytics.sla import Outcome, Step, measure, replay

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = dict.fromkeys(range(5), ((9 * 60, 17 * 60),))  # Monday to Friday, 09:00-17:00
TARGETS = {
    "urgent": {"first_response": 60, "next_response": 60, "periodic_update": None, "resolution": 240},
    "low": {"first_response": 480, "next_response": 480, "periodic_update": None, "resolution": 2400},
}


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_weekend_and_holiday_are_skipped() -> None:
    office = Calendar("Europe/Berlin", OFFICE, frozenset({date(2026, 12, 25)}))
    # Thursday 24 Dec 16:00: one hour that day; Friday is a holiday, then the weekend; three hours on Monday.
    assert office.add(berlin(2026, 12, 24, 16), 4 * 3600) == berlin(2026, 12, 28, 12).astimezone(UTC)
    assert office.seconds_between(berlin(2026, 12, 24, 16), berlin(2026, 12, 28, 12)) == 4 * 3600
    # Starting outside hours counts from the next opening.
    assert office.add(berlin(2026, 12, 26, 10), 0.5 * 3600) == utc(2026, 12, 28, 8, 30)


def test_daylight_saving_changes() -> None:
    always = Calendar("Europe/Berlin")
    assert always.seconds_between(berlin(2026, 3, 28, 12), berlin(2026, 3, 29, 12)) == 23 * 3600
    assert always.seconds_between(berlin(2026, 10, 24, 12), berlin(2026, 10, 25, 12)) == 25 * 3600
    office = Calendar("Europe/Berlin", OFFICE)
    # Friday 27 March 16:00 CET, two hours: one on Friday, one on Monday from 09:00 CEST (07:00 UTC).
    assert office.add(berlin(2026, 3, 27, 16), 2 * 3600) == utc(2026, 3, 30, 8)
    # Hours that span the change: 01:00-04:00 on the Sunday the clocks skip 02:00-03:00 is two hours long.
    night = Calendar("Europe/Berlin", {6: ((60, 240),)})
    assert night.seconds_between(berlin(2026, 3, 29, 0), berlin(2026, 3, 30, 0)) == 2 * 3600


def test_time_zones() -> None:
    ticket = utc(2026, 12, 1, 20)  # Tuesday 20:00 UTC
    new_york = Calendar("America/New_York", OFFICE)  # 15:00 there: two hours left that day
    tokyo = Calendar("Asia/Tokyo", OFFICE)  # Wednesday 05:00 there: opens at 09:00 (00:00 UTC)
    assert new_york.add(ticket, 3 * 3600) == utc(2026, 12, 2, 15)  # 10:00 EST on Wednesday
    assert tokyo.add(ticket, 3 * 3600) == utc(2026, 12, 2, 3)


def _outcomes(steps: list[Step], now: datetime, calendar: Calendar | None = None) -> dict[str, Outcome]:
    office = calendar or Calendar("UTC", OFFICE)
    outcomes = measure(replay(steps), lambda p: TARGETS[p], office, now)
    return {f"{o.metric}#{o.seq}": o for o in outcomes}


def test_pause_stops_the_clock() -> None:
    steps = [
        Step(utc(2026, 11, 30, 10), "created", "running", "low"),  # Monday 10:00
        Step(utc(2026, 11, 30, 11), "status", "paused"),  # waiting on the customer
        Step(utc(2026, 11, 30, 13), "status", "running"),
    ]
    out = _outcomes(steps, now=utc(2026, 12, 1, 9))
    resolution = out["resolution#1"]
    # Ran 10-11 and 13-17 on Monday: 5 of 40 hours used; 35 more from Tuesday 09:00 -> Monday 7 Dec 12:00.
    assert resolution.business_seconds == 5 * 3600
    assert resolution.due_at == utc(2026, 12, 7, 12)
    assert [kind for kind, _ in resolution.events] == ["activate", "pause", "resume"]
    assert not resolution.breached


def test_priority_change_mid_ticket_applies_to_running_clocks() -> None:
    steps = [
        Step(utc(2026, 11, 30, 9), "created", "running", "low"),
        Step(utc(2026, 11, 30, 9, 30), "priority", "urgent"),
        Step(utc(2026, 11, 30, 10, 30), "agent_reply"),
    ]
    first = _outcomes(steps, now=utc(2026, 11, 30, 12))["first_response#1"]
    assert first.priority == "urgent" and first.target_minutes == 60
    assert first.due_at == utc(2026, 11, 30, 10)
    assert first.breached and ("breach", utc(2026, 11, 30, 10)) in first.events
    calm = _outcomes(steps[:1] + steps[2:], now=utc(2026, 11, 30, 12))["first_response#1"]
    assert not calm.breached and calm.business_seconds == 1.5 * 3600


def test_next_response_and_open_clock_breach() -> None:
    steps = [
        Step(utc(2026, 11, 30, 9), "created", "running", "urgent"),
        Step(utc(2026, 11, 30, 9, 20), "agent_reply"),
        Step(utc(2026, 11, 30, 16, 30), "customer_reply"),  # 30 minutes left today, 30 tomorrow
        Step(utc(2026, 12, 1, 9, 10), "agent_reply"),
        Step(utc(2026, 12, 1, 10), "customer_reply"),
    ]
    out = _outcomes(steps, now=utc(2026, 12, 1, 11, 30))
    assert not out["first_response#1"].breached
    assert not out["next_response#1"].breached
    assert out["next_response#1"].business_seconds == 40 * 60
    second = out["next_response#2"]
    assert second.open and second.breached and second.due_at == utc(2026, 12, 1, 11)
    # Resolution: 4 hours from Monday 09:00 fell due at 13:00, and the ticket is still open.
    assert out["resolution#1"].breached and out["resolution#1"].due_at == utc(2026, 11, 30, 13)


def test_reopen_resumes_resolution() -> None:
    steps = [
        Step(utc(2026, 11, 30, 9), "created", "running", "urgent"),
        Step(utc(2026, 11, 30, 9, 30), "agent_reply"),
        Step(utc(2026, 11, 30, 11), "status", "fulfilled"),  # solved after 2 hours
        Step(utc(2026, 12, 1, 9), "status", "running"),  # reopened the next morning
        Step(utc(2026, 12, 1, 10), "status", "fulfilled"),
    ]
    resolution = _outcomes(steps, now=utc(2026, 12, 2, 9))["resolution#1"]
    assert resolution.business_seconds == 3 * 3600 and not resolution.breached
    assert resolution.fulfilled_at == utc(2026, 12, 1, 10)
    kinds = [kind for kind, _ in resolution.events]
    assert kinds == ["activate", "pause", "resume", "fulfil"]


@pytest.mark.parametrize(
    ("hours", "problem"),
    [
        ([(540, 720), (700, 1020)], "overlaps"),
        ([(600, 540)], "not an interval"),
        ([(0, 1500)], "not an interval"),
        ([(540, 720), (780, 1020)], None),
    ],
)
def test_overlapping_hours_are_named(hours: list[tuple[int, int]], problem: str | None) -> None:
    found = overlapping(hours)
    assert (found is None) if problem is None else (problem in (found or ""))


def test_a_calendar_never_open_is_an_error() -> None:
    with pytest.raises(ValueError, match="not open"):
        Calendar("UTC", {}).add(utc(2026, 1, 1), 60)
    assert Calendar("UTC").add(utc(2026, 1, 1), 0) == utc(2026, 1, 1)
    assert timedelta(0) == Calendar("UTC").add(utc(2026, 1, 1), 90) - utc(2026, 1, 1, 0, 1, 30)


def test_a_met_clock_keeps_its_deadline_whenever_replayed() -> None:
    """Met on Monday at 09:50 with ten minutes to spare: due 10:00 that Monday, not "now plus ten minutes"."""
    steps = [
        Step(utc(2026, 11, 30, 8, 30), "created", "running", "urgent"),  # before opening: runs from 09:00
        Step(utc(2026, 11, 30, 9, 50), "agent_reply"),
    ]
    for now in (utc(2026, 11, 30, 10), utc(2026, 12, 7, 15), utc(2027, 3, 1, 12)):
        first = _outcomes(steps, now=now)["first_response#1"]
        assert first.fulfilled_at == utc(2026, 11, 30, 9, 50) and not first.breached
        assert first.due_at == utc(2026, 11, 30, 10)
