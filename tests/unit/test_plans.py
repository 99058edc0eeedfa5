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
