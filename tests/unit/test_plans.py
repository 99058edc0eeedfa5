"""Success plan status against hand-worked cases."""

from __future__ import annotations

from datetime import date

from steward.analytics.plans import Item, bar, objective_status, plan_status

START, DUE = date(2026, 1, 1), date(2026, 1, 31)  # 30 days


def test_objective_status_from_dates_and_progress() -> None:
    two = [Item(date(2026, 1, 10), False), Item(date(2026, 1, 25), False)]
    assert objective_status(START, DUE, two, date(2025, 12, 20)) == "not_started"
    assert objective_status(START, DUE, two, date(2026, 1, 5)) == "on_track"
    # Day 11: the first item is a day late.
    assert objective_status(START, DUE, two, date(2026, 1, 11)) == "behind"
    # Day 16 (elapsed 0.5) with nothing done: stuck.
    assert objective_status(START, DUE, two, date(2026, 1, 16)) == "stuck"
    first_done = [Item(date(2026, 1, 10), True), Item(date(2026, 1, 25), False)]
    assert objective_status(START, DUE, first_done, date(2026, 1, 20)) == "on_track"
    # Day 26: the second item one day late -> behind; 15 days late (Feb 9) -> stuck.
    assert objective_status(START, DUE, first_done, date(2026, 1, 26)) == "behind"
    assert objective_status(START, DUE, first_done, date(2026, 2, 9)) == "stuck"
    assert objective_status(START, DUE, [Item(None, True), Item(DUE, True)], date(2026, 3, 1)) == "done"
    # Progress trailing time: 1 of 4 done (0.25) at day 18 (elapsed 0.6) is more than 0.25 behind.
    four = [Item(None, True), Item(None, False), Item(None, False), Item(None, False)]
    assert objective_status(START, DUE, four, date(2026, 1, 19)) == "behind"
    assert objective_status(START, DUE, four, date(2026, 1, 14)) == "on_track"  # elapsed 0.43
    assert objective_status(START, DUE, [], date(2026, 2, 2)) == "behind"  # past due with nothing to show


def test_plan_takes_its_worst_objective() -> None:
    assert plan_status(["done", "on_track", "behind"]) == "behind"
    assert plan_status(["done", "done"]) == "done"
    assert plan_status(["not_started", "on_track"]) == "on_track"
    assert plan_status([]) == "not_started"


def test_bars_sit_within_the_plan() -> None:
    b = bar(date(2026, 1, 11), date(2026, 1, 21), START, DUE)
    assert (round(b.x, 4), round(b.width, 4)) == (round(10 / 30, 4), round(10 / 30, 4))
    assert bar(START, START, START, DUE).width == 1 / 30  # a day at least


def test_journey_stays_and_time_to_value() -> None:
    from steward.analytics.journeys import Move, days_in_stage, median_days, time_to_value

    moves = [
        Move(1, "kickoff", date(2026, 1, 1)), Move(1, "adoption", date(2026, 1, 11)),
        Move(1, "value", date(2026, 2, 10)),
        Move(2, "kickoff", date(2026, 1, 5)), Move(2, "adoption", date(2026, 1, 25)),
        Move(3, "kickoff", date(2026, 2, 1)),  # still in kick-off: not a finished stay
    ]  # fmt: skip
    stays = days_in_stage(moves)
    assert stays == {"kickoff": [10, 20], "adoption": [30]}
    assert median_days(stays["kickoff"]) == 15.0 and median_days([]) is None
    cohorts = time_to_value([(date(2026, 1, 1), date(2026, 2, 10)), (date(2026, 1, 5), None),
                             (date(2026, 2, 1), date(2026, 2, 21))])  # fmt: skip
    assert [(c.cohort, c.accounts, c.reached_value, c.median_days_to_value) for c in cohorts] == [
        ("2026-01", 2, 1, 40.0), ("2026-02", 1, 1, 20.0),
    ]  # fmt: skip


def test_work_done_is_never_not_started() -> None:
    """A plan 38% done (three of eight items ticked off) said "Not started" while its objectives' start dates
    were ahead (work done early) or while its later objectives had not begun."""
    today = date(2026, 3, 1)
    early = [Item(None, True)] * 3 + [Item(None, False)] * 5
    assert objective_status(date(2026, 4, 1), date(2026, 6, 1), early, today) == "on_track"
    assert objective_status(date(2026, 4, 1), date(2026, 6, 1), [Item(None, False)], today) == "not_started"
    assert plan_status(["done", "not_started"]) == "on_track"
    assert plan_status(["on_track", "not_started"]) == "on_track"
    assert plan_status(["behind", "not_started", "done"]) == "behind"
    assert plan_status(["not_started", "not_started"]) == "not_started"
    assert plan_status(["done", "done"]) == "done" and plan_status([]) == "not_started"
