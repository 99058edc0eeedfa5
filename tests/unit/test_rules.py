"""Rule matching and loop detection, on hand-made frames."""

from __future__ import annotations

import numpy as np
import pandas as pd

from steward.analytics.rules import Condition, RuleShape, condition_mask, find_loop, trigger_mask

FRAME = pd.DataFrame({
    "segment": ["SMB", "Enterprise", "", "SMB"],
    "grade": ["red", "green", "red", ""],
    "arr": [1000.0, 50000.0, np.nan, 20000.0],
    "health_change_7d": [-12.0, 3.0, np.nan, -4.0],
    "days_to_renewal": [20.0, 200.0, -5.0, np.nan],
    "churn_probability": [0.4, 0.05, np.nan, 0.2],
})  # fmt: skip


def test_conditions() -> None:
    def mask(*conditions: Condition) -> list[bool]:
        return condition_mask(FRAME, conditions).tolist()

    assert mask(Condition("segment", "eq", "SMB")) == [True, False, False, True]
    assert mask(Condition("segment", "ne", "SMB")) == [False, True, True, False]  # blank is "not SMB"
    assert mask(Condition("segment", "empty")) == [False, False, True, False]
    assert mask(Condition("arr", "gte", 20000)) == [False, True, False, True]  # missing never compares
    assert mask(Condition("arr", "lt", 20000)) == [True, False, False, False]
    assert mask(Condition("segment", "in", ["SMB", "Enterprise"]), Condition("arr", "gt", 5000)) == [
        False, True, False, True,
    ]  # fmt: skip
    assert mask(Condition("grade", "not_in", ["red"])) == [False, True, False, True]
    assert mask() == [True] * 4


def test_triggers() -> None:
    assert trigger_mask(FRAME, "health_grade", {"grades": ["red"]}).tolist() == [True, False, True, False]
    assert trigger_mask(FRAME, "health_drop", {"points": 10}).tolist() == [True, False, False, False]
    assert trigger_mask(FRAME, "renewal_due", {"days": 30}).tolist() == [True, False, False, False]
    assert trigger_mask(FRAME, "churn_risk", {"above": 0.2}).tolist() == [True, False, False, True]
    assert trigger_mask(FRAME, "schedule", {}).all()


def test_loops() -> None:
    a = RuleShape("A", frozenset({"lifecycle_stage"}), {"lifecycle_stage": "renewal"}, frozenset())
    b = RuleShape("B", frozenset({"lifecycle_stage"}), {"lifecycle_stage": "adoption"}, frozenset())
    assert find_loop([a, b]) == ["A", "A"]  # A reads what it writes, unguarded
    guarded_a = RuleShape("A", a.reads, a.writes, frozenset({"lifecycle_stage"}))
    guarded_b = RuleShape("B", b.reads, b.writes, frozenset({"lifecycle_stage"}))
    assert find_loop([guarded_a]) == []
    assert find_loop([guarded_a, guarded_b]) == ["A", "B", "A"]  # each undoes the other
    health = RuleShape("C", frozenset({"segment"}), {"owner_id": 3}, frozenset())
    assert find_loop([guarded_a, health]) == []


def test_round_robin_continues_where_it_stopped() -> None:
    from steward.analytics.assignment import round_robin

    assert round_robin([7, 8, 9], [1, 2, 3, 4], None) == {1: 7, 2: 8, 3: 9, 4: 7}
    assert round_robin([7, 8, 9], [5, 6], 7) == {5: 8, 6: 9}
    assert round_robin([7, 8, 9], [5], 42) == {5: 7}  # the last owner left the pool


def test_lightest_book_balances_accounts_then_arr() -> None:
    from steward.analytics.assignment import lightest_book

    books = {7: (3, 100), 8: (1, 900), 9: (1, 50)}
    # Largest first: 30 -> 9 (1 account, least ARR), 20 -> 8 (1 account), 10 -> 9 (2 accounts, 80 < 920 ARR).
    assert lightest_book([7, 8, 9], {1: 10, 2: 20, 3: 30}, books) == {3: 9, 2: 8, 1: 9}
